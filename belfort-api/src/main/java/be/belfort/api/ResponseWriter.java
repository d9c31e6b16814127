package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes JSON answers as the binding asks (clause 6.3.6): application/json with the @context in a
 * Link header, or application/ld+json with the @context in the body, by the request's Accept header.
 */
public final class ResponseWriter {
    private final ObjectMapper json;

    public ResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    /** Whether the client wants JSON-LD (true) or plain JSON (false); 406 for anything else. */
    public boolean wantsJsonLd(Context ctx) {
        return MediaTypes.JSON_LD.equals(negotiate(ctx, false));
    }

    /**
     * The media type to answer with: application/json, application/ld+json or, where entities are
     * returned and {@code geoJson} is true, application/geo+json; 406 for anything else.
     */
    public String negotiate(Context ctx, boolean geoJson) {
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) {
            return MediaTypes.JSON;
        }
        List<MediaTypes.Choice> choices = MediaTypes.ranked(accept);
        for (MediaTypes.Choice choice : choices) {
            switch (choice.type()) {
                case MediaTypes.JSON_LD:
                    return MediaTypes.JSON_LD;
                case MediaTypes.JSON, "*/*", "application/*":
                    return MediaTypes.JSON;
                case MediaTypes.GEO_JSON:
                    if (geoJson) {
                        return MediaTypes.GEO_JSON;
                    }
                    break;
                default:
                    break;
            }
        }
        throw new NgsiLdException(ErrorType.NOT_ACCEPTABLE, "This resource is available as application/json"
                + (geoJson ? ", application/ld+json or application/geo+json" : " or application/ld+json") + ", not " + accept);
    }

    public void write(Context ctx, int status, JsonNode body, LdContext context, boolean jsonLd) {
        ctx.status(status);
        if (jsonLd) {
            ctx.contentType(MediaTypes.JSON_LD);
        } else {
            ctx.contentType(MediaTypes.JSON);
            if (context != null) {
                ctx.header("Link", MediaTypes.contextLink(context.linkUrl()));
            }
        }
        ctx.result(bytes(body));
    }

    /** A GeoJSON answer; its @context is a member of the body (GeoJSON has no other place for it). */
    public void writeGeoJson(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        ctx.contentType(MediaTypes.GEO_JSON);
        ctx.result(bytes(body));
    }

    /** Plain JSON without any @context (batch results, update results). */
    public void writePlain(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        ctx.contentType(MediaTypes.JSON);
        ctx.result(bytes(body));
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response could not be written as JSON", e);
        }
    }

}
