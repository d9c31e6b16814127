package be.belfort.jsonld;

import be.belfort.model.OutboundGuard;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.JsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remote @contexts: fetched once over HTTP with a timeout and a size limit, then served from memory.
 * A context that cannot be fetched is not cached, so a later request tries again.
 */
public final class RemoteContexts {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteContexts.class);

    /** A fetched context and how it has been used, for the context-hosting listing. */
    public record Cached(String url, JsonDocument document, Instant fetchedAt, AtomicLong hits) {
    }

    private final HttpClient client;
    private final Duration timeout;
    private final int maxBytes;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private static final int MAX_REDIRECTS = 5;
    private final OutboundGuard guard;

    public RemoteContexts(Duration timeout, int maxBytes) {
        this(timeout, maxBytes, OutboundGuard.allowingAll());
    }

    /** Redirects are followed here, not by the client, so that each hop passes the guard. */
    public RemoteContexts(Duration timeout, int maxBytes, OutboundGuard guard) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.guard = guard;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public JsonDocument load(URI url) throws JsonLdError {
        Cached cached = cache.get(url.toString());
        if (cached == null) {
            cached = new Cached(url.toString(), fetch(url), Instant.now(), new AtomicLong());
            cache.put(url.toString(), cached);
        }
        cached.hits().incrementAndGet();
        return cached.document();
    }

    public List<Cached> cached() {
        return List.copyOf(cache.values());
    }

    public boolean evict(String url) {
        return cache.remove(url) != null;
    }

    private JsonDocument fetch(URI url) throws JsonLdError {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String scheme = current.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                        "Only http and https @context URLs can be fetched: " + current);
            }
            String refused = guard.refusal(current);
            if (refused != null) {
                throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                        "The @context " + current + " may not be fetched: " + refused);
            }
            HttpRequest request = HttpRequest.newBuilder(current)
                    .timeout(timeout)
                    .header("Accept", "application/ld+json, application/json;q=0.9")
                    .GET().build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    int status = response.statusCode();
                    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                        String location = response.headers().firstValue("Location").orElse(null);
                        if (location == null) {
                            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                                    "Fetching @context " + current + " was redirected nowhere");
                        }
                        current = current.resolve(location);
                        continue;
                    }
                    return read(url, status, body);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                        "The @context " + url + " could not be fetched: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                        "Fetching the @context " + url + " was interrupted");
            }
        }
        throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                "Fetching @context " + url + " was redirected more than " + MAX_REDIRECTS + " times");
    }

    private JsonDocument read(URI url, int status, InputStream body) throws IOException, JsonLdError {
        if (status / 100 != 2) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                    "Fetching @context " + url + " answered HTTP " + status);
        }
        byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED,
                    "The @context at " + url + " is larger than " + maxBytes + " bytes");
        }
        JsonDocument document = JsonDocument.of(new ByteArrayInputStream(bytes));
        document.setDocumentUrl(url);
        LOG.info("Fetched and cached @context {}", url);
        return document;
    }
}
