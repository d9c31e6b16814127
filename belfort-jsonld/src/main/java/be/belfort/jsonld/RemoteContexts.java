package be.belfort.jsonld;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.security.OutboundGuard;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.document.JsonDocument;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remote @contexts: fetched over HTTP within a total time and a size limit, then served from memory for a
 * while. The cache is bounded by the bytes it holds (least recently used contexts go first) and forgets each
 * context after its time-to-live, so a changed context is fetched again. A context that cannot be fetched is
 * not cached, so a later request tries again.
 */
public final class RemoteContexts {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteContexts.class);
    private static final int MAX_REDIRECTS = 5;
    /** What an entry costs beyond its document: the URL, the entry and the cache's own bookkeeping. */
    private static final int ENTRY_OVERHEAD = 256;

    /** A fetched context (its bytes, as served) and how it has been used, for the context-hosting listing. */
    public record Cached(String url, byte[] bytes, Instant fetchedAt, AtomicLong hits, AtomicReference<Instant> lastUsage) {
        int weight() {
            return bytes.length + 2 * url.length() + ENTRY_OVERHEAD;
        }
    }

    private final HttpClient client;
    private final ContextLimits limits;
    private final OutboundGuard guard;
    private final Cache<String, Cached> cache;

    public RemoteContexts(Duration timeout, int maxBytes) {
        this(ContextLimits.DEFAULT.withFetchTimeout(timeout).withMaxBytes(maxBytes), OutboundGuard.allowingAll());
    }

    /** Redirects are followed here, not by the client, so that each hop passes the guard. */
    public RemoteContexts(ContextLimits limits, OutboundGuard guard) {
        this.limits = limits;
        this.guard = guard;
        this.client = HttpClient.newBuilder()
                .connectTimeout(limits.fetchTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.cache = Caffeine.newBuilder()
                .maximumWeight(limits.cacheBytes())
                .weigher((String url, Cached cached) -> cached.weight())
                .expireAfterWrite(limits.cacheTtl())
                .executor(Runnable::run)
                .build();
    }

    /**
     * The context document at a URL, from the cache or fetched now.
     *
     * @throws NgsiLdException LdContextNotAvailable when it cannot be fetched, BadRequestData when the URL may
     *                         not be fetched or what it serves is not a JSON-LD context
     */
    public JsonDocument load(URI url) {
        return loadSized(url).document();
    }

    ContextLoader.Loaded loadSized(URI url) {
        String key = url.toString();
        Cached cached = cache.getIfPresent(key);
        if (cached == null) {
            cached = new Cached(key, fetch(url), Instant.now(), new AtomicLong(), new AtomicReference<>());
            cache.put(key, cached);
        }
        cached.hits().incrementAndGet();
        cached.lastUsage().set(Instant.now());
        return new ContextLoader.Loaded(parse(url, cached.bytes()), cached.bytes().length);
    }

    /** The contexts in the cache now. */
    public List<Cached> cached() {
        return List.copyOf(cache.asMap().values());
    }

    public Optional<Cached> find(String url) {
        return Optional.ofNullable(cache.getIfPresent(url));
    }

    public boolean evict(String url) {
        return cache.asMap().remove(url) != null;
    }

    /** Fetches a cached context again; false when it was not cached. */
    public boolean reload(String url) {
        if (cache.getIfPresent(url) == null) {
            return false;
        }
        URI uri = URI.create(url);
        cache.put(url, new Cached(url, fetch(uri), Instant.now(), new AtomicLong(), new AtomicReference<>()));
        return true;
    }

    /** How many bytes the cache holds now, as its bound counts them. */
    public long weight() {
        cache.cleanUp();
        return cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L);
    }

    private byte[] fetch(URI url) {
        long deadline = System.nanoTime() + limits.fetchTimeout().toNanos();
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            String scheme = current.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw NgsiLdException.badData("Only http and https @context URLs can be fetched: " + current);
            }
            if (current.getPort() == 0 || current.getPort() > 65_535) {
                throw NgsiLdException.badData("The @context URL " + current + " names no valid port");
            }
            String refused = guard.refusal(current);
            if (refused != null) {
                throw NgsiLdException.badData("The @context " + current + " may not be fetched: " + refused);
            }
            HttpResponse<byte[]> response = send(url, current, deadline);
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.headers().firstValue("Location").orElse(null);
                if (location == null) {
                    throw unavailable("Fetching @context " + current + " was redirected nowhere");
                }
                try {
                    current = current.resolve(location);
                } catch (IllegalArgumentException e) {
                    throw unavailable("Fetching @context " + current + " was redirected to an invalid URL");
                }
                continue;
            }
            if (status / 100 != 2) {
                throw unavailable("Fetching @context " + url + " answered HTTP " + status);
            }
            byte[] bytes = response.body();
            parse(url, bytes);
            LOG.info("Fetched and cached @context {} ({} bytes)", url, bytes.length);
            return bytes;
        }
        throw unavailable("Fetching @context " + url + " was redirected more than " + MAX_REDIRECTS + " times");
    }

    /** One request, its body included, within what is left of the total fetch time. */
    private HttpResponse<byte[]> send(URI url, URI current, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(url);
        }
        CompletableFuture<HttpResponse<byte[]>> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(current)
                    .timeout(Duration.ofNanos(remaining))
                    .header("Accept", "application/ld+json, application/json;q=0.9")
                    .GET().build();
            response = client.sendAsync(request, info -> info.statusCode() / 100 == 2
                    ? new BoundedBody(limits.maxBytes()) : HttpResponse.BodySubscribers.replacing(new byte[0]));
        } catch (IllegalArgumentException e) {
            throw NgsiLdException.badData("Invalid @context URL: " + current);
        }
        try {
            return response.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Cancelling closes the connection: a body trickled byte by byte stops here.
            response.cancel(true);
            throw timedOut(url);
        } catch (ExecutionException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof BoundedBody.TooLarge) {
                    throw NgsiLdException.badData("The @context at " + url + " is " + cause.getMessage());
                }
                if (cause instanceof HttpTimeoutException) {
                    throw timedOut(url);
                }
            }
            throw unavailable("The @context " + url + " could not be fetched: " + e.getCause());
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable("Fetching the @context " + url + " was interrupted");
        }
    }

    /** The document, or BadRequestData when it is not a JSON-LD context (not JSON, or no @context member). */
    private static JsonDocument parse(URI url, byte[] bytes) {
        JsonDocument document;
        try {
            document = JsonDocument.of(new ByteArrayInputStream(bytes));
        } catch (JsonLdError | RuntimeException e) {
            throw NgsiLdException.badData("The document at " + url + " is not a JSON-LD context: it is not JSON");
        }
        Optional<JsonStructure> content = document.getJsonContent();
        if (content.isEmpty() || !(content.get() instanceof JsonObject object) || !object.containsKey("@context")) {
            throw NgsiLdException.badData("The document at " + url
                    + " is not a JSON-LD context: it is not a JSON object with an @context member");
        }
        document.setDocumentUrl(url);
        return document;
    }

    private NgsiLdException timedOut(URI url) {
        return unavailable("The @context " + url + " could not be fetched within " + limits.fetchTimeout());
    }

    private static NgsiLdException unavailable(String detail) {
        return new NgsiLdException(ErrorType.LD_CONTEXT_NOT_AVAILABLE, detail);
    }
}
