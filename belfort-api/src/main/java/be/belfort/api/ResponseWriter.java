package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.eclipse.jetty.http.QuotedQualityCSV;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Writes JSON answers as the binding asks (clause 6.3.6): application/json with the @context in a
 * Link header, or application/ld+json with the @context in the body, by the request's Accept header.
 */
public final class ResponseWriter {
    /** Answers of this size or more are sent gzipped to a client that accepts gzip (here and by Jetty's compression). */
    public static final int MIN_COMPRESSED_BYTES = 1024;
    /** The average size from which the elements of an array are compressed each on its own. */
    static final int OWN_PIECE_BYTES = 8192;

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
        head(ctx, status, context, jsonLd);
        send(ctx, body);
    }

    /**
     * {@link #writeRendered} of a body that may be sent again: to a client that accepts gzip it goes compressed as the
     * body compressed it once ({@link RenderedBody}), where Jetty's compression would compress it again for every
     * response (and leaves an answer that has its Content-Encoding alone).
     */
    public void writeRendered(Context ctx, int status, RenderedBody body, LdContext context, boolean jsonLd) {
        head(ctx, status, context, jsonLd);
        send(ctx, body);
    }

    /**
     * A rendering that may be kept to be sent again ({@link RenderedBody#keep}): a large one for a client that accepts
     * gzip is compressed at once, as its answer needs anyway, so that it is held compressed only once kept.
     */
    public static RenderedBody keepable(Context ctx, byte[] bytes) {
        RenderedBody body = new RenderedBody(bytes);
        return bytes.length >= RenderedBody.HELD_COMPRESSED_FROM && gzips(ctx, bytes.length) ? body.compressed() : body;
    }

    /**
     * Sends a body kept to be sent again, its status and headers set: gzipped once for every client that accepts gzip
     * ({@link RenderedBody}), plain for the others.
     */
    public static void send(Context ctx, RenderedBody body) {
        sendParts(ctx, gzips(ctx, body.length()), List.of(body), body::plain);
    }

    /**
     * {@link #writeRendered} of a JSON array of bodies. Elements of {@link #OWN_PIECE_BYTES} or more on average are
     * compressed once each, as single bodies are; smaller ones lose too much of their compression apart (each piece
     * has its own dictionary: 60 % more bytes for a page of 1 kB elements, 20 % for 80 kB ones), so their array goes
     * as any other answer, compressed whole by Jetty.
     */
    public void writeRenderedArray(Context ctx, int status, List<RenderedBody> elements, LdContext context,
                                   boolean jsonLd) {
        head(ctx, status, context, jsonLd);
        long length = 1 + elements.size();
        for (RenderedBody element : elements) {
            length += element.length();
        }
        if (length >= (long) OWN_PIECE_BYTES * Math.max(1, elements.size())) {
            sendParts(ctx, gzips(ctx, length), RenderedBody.arrayParts(elements), () -> RenderedBody.array(elements));
        } else {
            send(ctx, RenderedBody.array(elements));
        }
    }

    /** Whether an answer of {@code length} bytes goes gzipped to the client of this request. */
    static boolean gzips(Context ctx, long length) {
        return length >= MIN_COMPRESSED_BYTES && acceptsGzip(ctx);
    }

    /** Sends the parts one after the other: gzipped from their compressed pieces when {@code gzip}, else as plain. */
    static void sendParts(Context ctx, boolean gzip, List<RenderedBody> parts, Supplier<byte[]> plain) {
        if (gzip) {
            ctx.header("Content-Encoding", "gzip");
            if (!variesByEncoding(ctx)) {
                ctx.res().addHeader("Vary", "Accept-Encoding");
            }
            send(ctx, RenderedBody.gzip(parts));
        } else {
            send(ctx, plain.get());
        }
    }

    private static void head(Context ctx, int status, LdContext context, boolean jsonLd) {
        ctx.status(status);
        if (jsonLd) {
            contentType(ctx, MediaTypes.JSON_LD);
        } else {
            ctx.contentType(MediaTypes.JSON);
            if (context != null) {
                ctx.header("Link", MediaTypes.contextLink(context.linkUrl()));
            }
        }
    }

    private static boolean acceptsGzip(Context ctx) {
        Enumeration<String> headers = ctx.req().getHeaders("Accept-Encoding");
        return headers != null && acceptsGzip(Collections.list(headers));
    }

    /** Whether the Accept-Encoding headers name gzip (or any coding, {@code *}) with a quality above 0. */
    static boolean acceptsGzip(List<String> acceptEncodings) {
        QuotedQualityCSV codings = new QuotedQualityCSV();
        acceptEncodings.forEach(codings::addValue);
        for (String coding : codings.getValues()) {
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean variesByEncoding(Context ctx) {
        for (String vary : ctx.res().getHeaders("Vary")) {
            if (vary.toLowerCase(Locale.ROOT).contains("accept-encoding")) {
                return true;
            }
        }
        return false;
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

    /** The body as the JSON text an answer carries. */
    public byte[] render(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A response could not be written as JSON", e);
        }
    }

}
