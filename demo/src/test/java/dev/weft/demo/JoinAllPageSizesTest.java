package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.Result;
import dev.weft.demo.JoinAllPageSizes.LocalSite;
import dev.weft.demo.JoinAllPageSizes.Page;
import dev.weft.demo.JoinAllPageSizes.PageSizes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JoinAllPageSizesTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @Timeout(10)
    void theArticlesFourUrlsGiveThreeSizesAndOneErrInInputOrder() throws Exception {
        PageSizes result = JoinAllPageSizes.run(List.of(), out);

        List<Page> pages = result.pages();
        assertEquals(4, pages.size());
        String[] paths = {"/google", "/ip", "/play"};
        for (int i = 0; i < paths.length; i++) {
            Page page = pages.get(i);
            assertTrue(page.url().endsWith(paths[i]), page.url());
            assertTrue(page.url().startsWith("http://127.0.0.1:"), page.url());
            assertEquals(Result.ok(LocalSite.body(paths[i]).length), page.size(), page.url());
        }
        Page bad = pages.get(3);
        assertEquals(JoinAllPageSizes.BAD_URL, bad.url());
        Result.Err<?> err = assertInstanceOf(Result.Err.class, bad.size());
        assertInstanceOf(IllegalArgumentException.class, err.exception());

        String text = text();
        assertTrue(text.contains("-> Ok(" + LocalSite.body("/play").length + ")"), text);
        assertTrue(
                text.contains("BAD_URL") && text.contains("-> Err(IllegalArgumentException"), text);
    }

    @Test
    @Timeout(10)
    void pagesServedLocallyHaveDifferentSizes() {
        int google = LocalSite.body("/google").length;
        int ip = LocalSite.body("/ip").length;
        int play = LocalSite.body("/play").length;
        assertTrue(google != ip && ip != play && google != play);
    }

    @Test
    @Timeout(10)
    void urlsGivenAsArgumentsAreFetchedInsteadAndBadOnesAreErr() throws Exception {
        try (LocalSite site = LocalSite.start()) {
            String ip = site.baseUrl() + "/ip";
            List<String> urls = List.of("http://[not a url", ip, "ftp://example.invalid/", ip);

            PageSizes result = JoinAllPageSizes.run(urls, out);

            List<Page> pages = result.pages();
            assertEquals(urls, pages.stream().map(Page::url).toList());
            assertInstanceOf(Result.Err.class, pages.get(0).size());
            assertEquals(Result.ok(LocalSite.body("/ip").length), pages.get(1).size());
            assertInstanceOf(Result.Err.class, pages.get(2).size());
            assertEquals(Result.ok(LocalSite.body("/ip").length), pages.get(3).size());
        }
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
