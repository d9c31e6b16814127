package be.belfort.ingestion;

import be.belfort.security.OutboundGuard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Conditional GET requests for polled feeds, through the outbound guard: {@code If-None-Match} and
 * {@code If-Modified-Since} from the previous answer, no redirects, the answer read up to a size limit.
 */
public final class FeedClient implements AutoCloseable {
    /** The largest publication read. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    /** Why a feed could not be read; the message goes to its device's status. */
    public static final class FeedFailure extends Exception {
        FeedFailure(String reason) {
            super(reason, null, false, false);
        }
    }

    /** What identifies a version of a document to its server: its ETag and Last-Modified, each or both null. */
    public record Validators(String etag, String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }

    /** A document fetched, with its validators; {@code body} is null when it did not change (304). */
    public record Fetched(byte[] body, Validators validators) {
        public boolean modified() {
            return body != null;
        }
    }

    private final OutboundGuard guard;
    private final HttpClient http;

    public FeedClient(OutboundGuard guard) {
        this.guard = guard;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    public Fetched fetch(URI uri, Duration timeout, Validators previous) throws FeedFailure, InterruptedException {
        String refused = guard.refusal(uri);
        if (refused != null) {
            throw new FeedFailure(uri + " was not called: " + refused);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/xml, text/xml;q=0.9, */*;q=0.1");
        if (previous.etag() != null) {
            request.header("If-None-Match", previous.etag());
        }
        if (previous.lastModified() != null) {
            request.header("If-Modified-Since", previous.lastModified());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 304) {
                    return new Fetched(null, previous);
                }
                if (response.statusCode() != 200) {
                    throw new FeedFailure(uri + " answered " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new FeedFailure(uri + " answered more than " + MAX_BYTES + " bytes");
                }
                if (System.nanoTime() > deadline) {
                    throw new FeedFailure(uri + " took more than " + timeout.toMillis() + " ms to answer");
                }
                return new Fetched(bytes, new Validators(response.headers().firstValue("ETag").orElse(null),
                        response.headers().firstValue("Last-Modified").orElse(null)));
            }
        } catch (HttpTimeoutException e) {
            throw new FeedFailure(uri + " did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new FeedFailure(uri + " could not be reached (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (IllegalArgumentException e) {
            throw new FeedFailure(uri + " could not be asked: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
