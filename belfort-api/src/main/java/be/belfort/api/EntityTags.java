package be.belfort.api;

import io.javalin.http.Context;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Strong ETags derived from the bytes of an answer, and {@code If-None-Match} as RFC 9110 reads it: a list of
 * tags compared weakly, or {@code *} for any current representation. Jetty's compression gives a gzipped
 * answer its own tag (suffix {@code --gzip}) and takes the suffix off a client's tags before they get here.
 */
public final class EntityTags {
    private EntityTags() {
    }

    public static String of(byte[] body) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tag of the gzip of an answer tagged {@code etag}: as Jetty's compression names the answers it compresses, and
     * takes off a client's tags again before they get here.
     */
    static String ofGzip(String etag) {
        return etag.substring(0, etag.length() - 1) + "--gzip\"";
    }

    /**
     * {@link #answer} of a body kept with its tag (an immutable page, say): to a client that accepts gzip it goes
     * compressed as the body was compressed once ({@link RenderedBody}), under its own tag as Jetty's compression
     * would give it; a client holding either version gets a 304.
     */
    public static void answer(Context ctx, String contentType, RenderedBody body, String etag) {
        boolean gzip = ResponseWriter.gzips(ctx, body.length());
        ctx.header("ETag", gzip ? ofGzip(etag) : etag);
        String ifNoneMatch = ctx.header("If-None-Match");
        if (matches(ifNoneMatch, etag) || matches(ifNoneMatch, ofGzip(etag))) {
            ctx.status(304);
            return;
        }
        ResponseWriter.contentType(ctx, contentType);
        ResponseWriter.sendParts(ctx, gzip, List.of(body), body::plain);
    }

    /** Sets the tag and answers whether the client holds this version already (then the answer is a 304). */
    public static boolean notModified(Context ctx, String etag) {
        ctx.header("ETag", etag);
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return true;
        }
        return false;
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.equals("*") || opaque(candidate).equals(opaque(etag))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** Answers with an ETag derived from the body, or 304 when the client has this version already. */
    public static void answer(Context ctx, String contentType, byte[] body) {
        if (notModified(ctx, of(body))) {
            return;
        }
        ResponseWriter.contentType(ctx, contentType);
        ctx.result(body);
    }
}
