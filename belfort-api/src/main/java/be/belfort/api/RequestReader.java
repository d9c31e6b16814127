package be.belfort.api;

import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the NGSI-LD binding puts in a request (clause 6.3): the tenant, the payload with its
 * media type, and the @context from the Link header or the JSON-LD body.
 */
public final class RequestReader {
    public static final String TENANT_HEADER = "NGSILD-Tenant";
    public static final String DEFAULT_TENANT = "";
    /** The parsed payload, kept on the request so that the audit log does not parse it again. */
    static final String PARSED_BODY = "belfort.body";

    /**
     * The deepest nesting of objects and arrays in a payload. Far below what storage, the JSON-LD processor
     * and every representation carry (they add a few levels and fail near 1,000), so that nothing accepted
     * can fail later; far above what any data model needs (GeoJSON multipolygons in a batch take 8).
     */
    public static final int MAX_DEPTH = 64;
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final Pattern LINK = Pattern.compile("<([^>]*)>(.*)");
    private static final Pattern LINKS = Pattern.compile(",(?=\\s*<)");
    /** The last Link header read and the context URL it names: clients send the same header with every request. */
    private static volatile LinkRead lastLink = new LinkRead("", null);
    private static final Set<String> PAYLOAD_TYPES = Set.of(MediaTypes.JSON, MediaTypes.JSON_LD);

    /** Parses payloads no deeper than {@link #MAX_DEPTH}; the platform's own documents may nest deeper. */
    private final ObjectMapper payloads;
    private final ContextResolver contexts;

    public RequestReader(ObjectMapper json, ContextResolver contexts) {
        this.payloads = json.copy();
        payloads.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
        this.contexts = contexts;
    }

    /** The tenant named by the NGSILD-Tenant header, or the default tenant. */
    public String tenant(Context ctx) {
        String tenant = ctx.header(TENANT_HEADER);
        if (tenant == null || tenant.isEmpty()) {
            return DEFAULT_TENANT;
        }
        return requireTenantName(TENANT_HEADER + " header", tenant);
    }

    /**
     * A tenant name, as a header or a path segment names it: 1 to 128 letters, digits and {@code _ . : -},
     * starting with a letter or digit, without {@code ..}, so that every path-based route (datasets, their
     * streams, key administration) can address it as one segment.
     */
    public static String requireTenantName(String what, String tenant) {
        if (!TENANT.matcher(tenant).matches() || tenant.contains("..")) {
            throw NgsiLdException.badData("Invalid " + what + ": a tenant is 1 to 128 letters, digits and _ . : -"
                    + " characters, starting with a letter or digit, without '..'");
        }
        return tenant;
    }

    /** A JSON payload in application/json or application/ld+json. */
    public Payload payload(Context ctx) {
        return payload(ctx, PAYLOAD_TYPES);
    }

    public Payload payload(Context ctx, Set<String> acceptedTypes) {
        JsonNode body = json(ctx, acceptedTypes);
        return payloadOf(ctx, MediaTypes.essence(ctx.contentType()), body);
    }

    /** The JSON document of a request whose Content-Type is one of {@code acceptedTypes}. */
    public JsonNode json(Context ctx, Set<String> acceptedTypes) {
        String mediaType = MediaTypes.essence(ctx.contentType());
        if (mediaType == null || !acceptedTypes.contains(mediaType)) {
            throw new NgsiLdException(ErrorType.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be one of "
                    + String.join(", ", acceptedTypes.stream().sorted().toList()) + (mediaType == null ? "" : ", not " + mediaType));
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw NgsiLdException.invalidRequest("The request has no payload");
        }
        JsonNode body;
        try {
            body = payloads.readTree(bytes);
        } catch (JsonProcessingException e) {
            if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
                throw NgsiLdException.badData("The payload nests objects and arrays deeper than the " + MAX_DEPTH
                        + " levels this platform accepts" + locationOf(e));
            }
            throw NgsiLdException.invalidRequest("The payload is not valid JSON: " + e.getOriginalMessage()
                    + locationOf(e));
        } catch (java.io.IOException e) {
            throw NgsiLdException.invalidRequest("The payload could not be read");
        }
        if (body == null || body.isMissingNode()) {
            throw NgsiLdException.invalidRequest("The request has no payload");
        }
        StorableText.require(body);
        ctx.attribute(PARSED_BODY, body);
        return body;
    }

    /** The @context of a request without payload: its Link header, or the core context. */
    public LdContext context(Context ctx) {
        String link = linkedContext(ctx);
        return link == null ? contexts.core() : contexts.fromUrl(link);
    }

    private Payload payloadOf(Context ctx, String mediaType, JsonNode body) {
        String link = linkedContext(ctx);
        if (MediaTypes.JSON_LD.equals(mediaType)) {
            if (link != null) {
                throw NgsiLdException.badData("A JSON-LD payload carries its own @context: send no Link header with it");
            }
            if (body.isArray()) {
                return new Payload(body, null, contexts);
            }
            return new Payload(body, jsonLdContext(body, contexts), contexts);
        }
        if (containsContext(body)) {
            throw NgsiLdException.badData("A payload of type application/json must not contain an @context: "
                    + "send application/ld+json, or name the context in a Link header");
        }
        return new Payload(body, link == null ? contexts.core() : contexts.fromUrl(link), contexts);
    }

    private static LdContext jsonLdContext(JsonNode object, ContextResolver contexts) {
        JsonNode context = object.isObject() ? object.get(Members.CONTEXT) : null;
        if (context == null) {
            throw NgsiLdException.badData("A payload of type application/ld+json must contain an @context");
        }
        return contexts.fromBody(context);
    }

    private static boolean containsContext(JsonNode body) {
        if (body.isObject()) {
            return body.has(Members.CONTEXT);
        }
        if (body.isArray()) {
            for (JsonNode element : body) {
                if (element.isObject() && element.has(Members.CONTEXT)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The URL of a Link header with the JSON-LD context relation, or null. */
    private static String linkedContext(Context ctx) {
        String header = ctx.header("Link");
        if (header == null || header.isBlank()) {
            return null;
        }
        LinkRead last = lastLink;
        if (last.header.equals(header)) {
            return last.url;
        }
        String url = contextUrlOf(header);
        lastLink = new LinkRead(header, url);
        return url;
    }

    private record LinkRead(String header, String url) {
    }

    private static String contextUrlOf(String header) {
        for (String link : LINKS.split(header)) {
            Matcher matcher = LINK.matcher(link.trim());
            if (matcher.matches() && matcher.group(2).contains(MediaTypes.JSON_LD_CONTEXT_REL)) {
                String url = matcher.group(1).trim();
                if (url.isEmpty()) {
                    throw NgsiLdException.badData("The Link header names an empty @context URL");
                }
                return url;
            }
        }
        throw NgsiLdException.badData("The Link header must be <url>; rel=\"" + MediaTypes.JSON_LD_CONTEXT_REL
                + "\"; type=\"application/ld+json\"");
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /**
     * A parsed payload and the @context that applies to it. In a JSON-LD array (a batch) every
     * element names its own @context, so {@code context} is null there: use {@link #contextOf}.
     */
    public record Payload(JsonNode body, LdContext context, ContextResolver contexts) {

        /**
         * The @context of the whole payload. A JSON-LD array has none (its elements have theirs): only a batch
         * takes one, so anywhere else it is a BadRequestData, not a missing context.
         */
        @Override
        public LdContext context() {
            if (context == null) {
                throw NgsiLdException.badData("This request takes one JSON object with its @context as"
                        + " application/ld+json, not an array");
            }
            return context;
        }

        /** The @context of one element of the payload. */
        public LdContext contextOf(JsonNode element) {
            return context != null ? context : jsonLdContext(element, contexts);
        }
    }

    /** The entity id of the request's path, checked to be a URI. */
    public static String entityId(Context ctx) {
        return Names.requireUri("The entity id", ctx.pathParam("entityId"));
    }
}
