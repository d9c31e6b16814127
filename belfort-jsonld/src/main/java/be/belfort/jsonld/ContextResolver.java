package be.belfort.jsonld;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.JsonLdVersion;
import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.processor.ProcessingRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the @context of a request (from a {@code Link} header or a JSON-LD body) into an
 * {@link LdContext}. The core context alone is prepared once; other contexts are kept in a bounded
 * least-recently-used cache keyed by their JSON text.
 */
public final class ContextResolver {
    private final ContextLoader loader;
    private final LdContext core;
    private final Map<String, LdContext> cache;

    public ContextResolver(ContextLoader loader, int maxCachedContexts) {
        this.loader = loader;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LdContext> eldest) {
                return size() > maxCachedContexts;
            }
        };
        this.core = build(JsonValue.EMPTY_JSON_ARRAY, JsonNodeFactory.instance.textNode(CoreContext.URL),
                CoreContext.URL);
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
            URI uri = URI.create(url);
            if (!uri.isAbsolute()) {
                throw NgsiLdException.badData("The @context URL must be absolute: " + url);
            }
        } catch (IllegalArgumentException e) {
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
        synchronized (cache) {
            cache.clear();
        }
    }

    private LdContext cached(JsonNode reference, String linkUrl) {
        String key = reference.toString();
        synchronized (cache) {
            LdContext known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        LdContext built = build(toJsonP(reference), reference, linkUrl);
        synchronized (cache) {
            cache.put(key, built);
        }
        return built;
    }

    private LdContext build(JsonValue userContext, JsonNode reference, String linkUrl) {
        JsonArrayBuilder contexts = Json.createArrayBuilder();
        if (userContext.getValueType() == JsonValue.ValueType.ARRAY) {
            userContext.asJsonArray().forEach(contexts::add);
        } else {
            contexts.add(userContext);
        }
        contexts.add(CoreContext.URL);
        JsonLdOptions options = new JsonLdOptions(loader);
        options.setProcessingMode(JsonLdVersion.V1_1);
        try {
            ActiveContext active = new ActiveContext(ProcessingRuntime.of(options))
                    .newContext()
                    // Scoped contexts (such as the core context's for "proof") are processed when a
                    // term uses them; checking them up front would fetch documents nobody needs.
                    .validateScopedContext(false)
                    .create(contexts.build(), URI.create(CoreContext.URL));
            return new LdContext(active, reference, linkUrl);
        } catch (JsonLdError e) {
            throw translate(e);
        }
    }

    private static NgsiLdException translate(JsonLdError e) {
        JsonLdError root = e;
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonLdError deeper) {
                root = deeper;
            }
        }
        if (root.getCode() == JsonLdErrorCode.LOADING_REMOTE_CONTEXT_FAILED
                || root.getCode() == JsonLdErrorCode.LOADING_DOCUMENT_FAILED) {
            return new NgsiLdException(ErrorType.LD_CONTEXT_NOT_AVAILABLE, root.getMessage());
        }
        return NgsiLdException.badData("Invalid @context: " + root.getMessage());
    }

    private static JsonValue toJsonP(JsonNode node) {
        try (JsonReader reader = Json.createReader(new StringReader(node.toString()))) {
            return reader.readValue();
        }
    }
}
