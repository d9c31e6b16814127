package be.belfort.jsonld;

import be.belfort.model.NgsiLdException;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.JsonLdVersion;
import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.processor.ProcessingRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URI;

/**
 * Turns the @context of a request (from a {@code Link} header or a JSON-LD body) into an
 * {@link LdContext}. The core context alone is prepared once; other contexts are kept in a cache keyed by
 * their JSON text, bounded by an estimate of the memory they take and forgotten after the time-to-live of
 * remote contexts, so that a context fetched again is processed again.
 */
public final class ContextResolver {
    /**
     * How much memory a processed context takes per byte of the context text it was made from, the core
     * context's included (term definitions and the inverse context for compaction): measured at 30 to 35 on
     * contexts of 2 kB to 300 kB (a context with only the core context and a few terms takes about 360 kB).
     */
    static final int MEMORY_PER_TEXT_BYTE = 32;

    private final ContextLoader loader;
    private final ContextLimits limits;
    private final LdContext core;
    private final Cache<String, Weighed> cache;
    private final TermCache terms;

    private record Weighed(LdContext context, long weight) {
    }

    public ContextResolver(ContextLoader loader, ContextLimits limits) {
        this.loader = loader;
        this.limits = limits;
        this.terms = new TermCache(limits.cacheBytes());
        this.cache = Caffeine.newBuilder()
                .maximumWeight(limits.cacheBytes())
                .weigher((String key, Weighed value) -> (int) Math.min(Integer.MAX_VALUE, value.weight()))
                .expireAfterWrite(limits.cacheTtl())
                .executor(Runnable::run)
                .build();
        this.core = build(JsonValue.EMPTY_JSON_ARRAY, JsonNodeFactory.instance.textNode(CoreContext.URL),
                CoreContext.URL).context();
    }

    /** The core context alone: what applies when a request names no @context. */
    public LdContext core() {
        return core;
    }

    /** The context named by the URL of a {@code Link} header. */
    public LdContext fromUrl(String url) {
        if (CoreContext.isCoreUrl(url)) {
            return core;
        }
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute()) {
                throw NgsiLdException.badData("The @context URL must be absolute: " + url);
            }
        } catch (java.net.URISyntaxException e) {
            throw NgsiLdException.badData("Invalid @context URL: " + url);
        }
        JsonNode reference = JsonNodeFactory.instance.textNode(url);
        return cached(reference, url);
    }

    /** The context given as the {@code @context} member of a JSON-LD body. */
    public LdContext fromBody(JsonNode context) {
        if (context.isTextual()) {
            return fromUrl(context.asText());
        }
        if (!context.isArray() && !context.isObject()) {
            throw NgsiLdException.badData("@context must be a URL, an object or an array");
        }
        if (context.isArray() && context.size() == 1 && context.get(0).isTextual()) {
            return fromUrl(context.get(0).asText());
        }
        String link = context.isArray() && context.size() > 0 && context.get(0).isTextual()
                ? context.get(0).asText() : CoreContext.URL;
        return cached(context, link);
    }

    /** Forgets every processed context, so that a changed or deleted hosted context is read anew. */
    public void clear() {
        cache.invalidateAll();
    }

    /** The estimated memory the processed contexts take now, as the cache's bound counts it. */
    public long weight() {
        cache.cleanUp();
        return cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L);
    }

    /** The memory the cached term expansions and compactions take now, as their bound counts it. */
    public long termWeight() {
        return terms.weight();
    }

    private LdContext cached(JsonNode reference, String linkUrl) {
        String key = reference.toString();
        Weighed known = cache.getIfPresent(key);
        if (known != null) {
            return known.context();
        }
        Weighed built = build(toJsonP(reference), reference, linkUrl);
        cache.put(key, built);
        return built.context();
    }

    private Weighed build(JsonValue userContext, JsonNode reference, String linkUrl) {
        JsonArrayBuilder contexts = Json.createArrayBuilder();
        if (userContext.getValueType() == JsonValue.ValueType.ARRAY) {
            userContext.asJsonArray().forEach(contexts::add);
        } else {
            contexts.add(userContext);
        }
        contexts.add(CoreContext.URL);
        ContextLoader.Imports imports = loader.imports(limits.maxImports());
        JsonLdOptions options = new JsonLdOptions(imports);
        options.setProcessingMode(JsonLdVersion.V1_1);
        // Titanium's own cache of processed remote contexts replays a context with its URL as base URL, where
        // loading it gave the document's URL: a core context imported by the user's context and then again by
        // the platform would define its protected terms twice with different base URLs, which JSON-LD refuses
        // as a protected term redefinition. Contexts are cached here, processed, instead.
        options.setContextCache(null);
        try {
            ActiveContext active = new ActiveContext(ProcessingRuntime.of(options))
                    .newContext()
                    // Scoped contexts (such as the core context's for "proof") are processed when a
                    // term uses them; checking them up front would fetch documents nobody needs.
                    .validateScopedContext(false)
                    .create(contexts.build(), URI.create(CoreContext.URL));
            long weight = (imports.bytes() + 2L * reference.toString().length()) * MEMORY_PER_TEXT_BYTE;
            return new Weighed(new LdContext(active, reference, linkUrl, terms), weight);
        } catch (JsonLdError e) {
            throw translate(e);
        }
    }

    /**
     * A context the processor refuses is the client's: the URLs it names could be fetched (else the loader
     * has answered LdContextNotAvailable already), so what is left is an invalid context or URL.
     */
    private static NgsiLdException translate(JsonLdError e) {
        JsonLdError root = e;
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonLdError deeper) {
                root = deeper;
            }
        }
        return NgsiLdException.badData("Invalid @context: " + root.getMessage());
    }

    private static JsonValue toJsonP(JsonNode node) {
        try (JsonReader reader = Json.createReader(new StringReader(node.toString()))) {
            return reader.readValue();
        }
    }
}
