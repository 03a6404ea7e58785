package dev.weft.demo;

import dev.weft.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Downloads one URL with a shared client and reports to the strategy's progress: the article's
 * {@code download(url)}, a plain blocking {@link HttpClient#send}.
 *
 * <p>One difference from the article: its {@code try_join_all} fails the whole request at the first
 * failed download. Here each download catches its own failure (bad host, refused connection, HTTP
 * status 400 or above) and returns it as an {@code Err} value, so {@code tryJoinAll} and {@code
 * mapConcurrent} never see a failure, and every strategy reports which files failed and keeps the
 * others. Only an interrupt (cancellation) still propagates.
 */
final class Downloader {
    private final HttpClient client;
    private final ProgressBar progress;

    Downloader(HttpClient client, ProgressBar progress) {
        this.client = client;
        this.progress = progress;
    }

    /** The client the five strategies share: follows redirects, connects within 10 s. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * GETs {@code url} and counts the body's bytes. Every failure is captured as a value.
     *
     * @param url the URL
     * @return {@code Ok} with the size in bytes, or {@code Err} with what went wrong (an HTTP
     *     status of 400 or above is an {@code IOException})
     * @throws InterruptedException if interrupted (cancelled): that is not a failed download
     */
    Result<Integer> download(URI url) throws InterruptedException {
        Result<Integer> size;
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build();
            HttpResponse<byte[]> response =
                    client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                throw new IOException("HTTP " + response.statusCode());
            }
            size = Result.ok(response.body().length);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            size = Result.err(e);
        }
        progress.finished(size);
        return size;
    }
}
