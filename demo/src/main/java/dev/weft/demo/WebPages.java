package dev.weft.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The pages the {@code web-server} demo serves, from {@code src/main/resources/dev/weft/demo/web/}.
 */
final class WebPages {
    private WebPages() {}

    /** The chapter's {@code hello.html}. */
    static final byte[] HELLO = page("hello.html");

    /** The chapter's {@code 404.html}. */
    static final byte[] NOT_FOUND = page("404.html");

    private static byte[] page(String name) {
        try (InputStream in = WebPages.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/weft/demo/web/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
