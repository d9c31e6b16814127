package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
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
        writeRendered(ctx, status, render(body), context, jsonLd);
    }

    /** {@link #write} of a body already rendered by {@link #render}. */
    public void writeRendered(Context ctx, int status, byte[] body, LdContext context, boolean jsonLd) {
        ctx.status(status);
        if (jsonLd) {
            contentType(ctx, MediaTypes.JSON_LD);
        } else {
            ctx.contentType(MediaTypes.JSON);
            if (context != null) {
                ctx.header("Link", MediaTypes.contextLink(context.linkUrl()));
            }
        }
        send(ctx, body);
    }

    /** A GeoJSON answer; its @context is a member of the body (GeoJSON has no other place for it). */
    public void writeGeoJson(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        contentType(ctx, MediaTypes.GEO_JSON);
        send(ctx, render(body));
    }

    /**
     * Sets the media type as NGSI-LD names it. Javalin sets the response's character encoding, and Jetty then adds
     * {@code ;charset=utf-8} to every type it does not know as UTF-8 (JSON-LD, GeoJSON), which are UTF-8 by
     * definition as JSON is: without the encoding the header is the bare type, as for application/json.
     */
    public static void contentType(Context ctx, String mediaType) {
        ctx.res().setCharacterEncoding(null);
        ctx.contentType(mediaType);
    }

    /** Plain JSON without any @context (batch results, update results). */
    public void writePlain(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        ctx.contentType(MediaTypes.JSON);
        send(ctx, render(body));
    }

    /**
     * Sends a body. A small one goes straight into the response's buffer: Javalin would copy a result through a
     * fresh 32 KiB array, which cost a sixth of a retrieval's processor time. It is sent when the request ends, so
     * the after-handlers still run first. Bodies that would fill the buffer, and any error answer (which Javalin's
     * error handlers may still replace), go through Javalin.
     */
    private static void send(Context ctx, byte[] body) {
        if (ctx.statusCode() < 400 && body.length <= ctx.res().getBufferSize() / 4) {
            try {
                ctx.res().getOutputStream().write(body);
            } catch (IOException e) {
                throw new UncheckedIOException("The answer could not be written", e);
            }
        } else {
            ctx.result(body);
        }
    }

    /** A JSON array of elements each already rendered by {@link #render}: the same bytes as rendering the array. */
    public static byte[] array(List<byte[]> elements) {
        int length = 2 + Math.max(0, elements.size() - 1);
        for (byte[] element : elements) {
            length += element.length;
        }
        byte[] joined = new byte[length];
        joined[0] = '[';
        int at = 1;
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                joined[at++] = ',';
            }
            byte[] element = elements.get(i);
            System.arraycopy(element, 0, joined, at, element.length);
            at += element.length;
        }
        joined[at] = ']';
        return joined;
    }

    /** The body as the JSON text an answer carries. */
    public byte[] render(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response could not be written as JSON", e);
        }
    }

}
