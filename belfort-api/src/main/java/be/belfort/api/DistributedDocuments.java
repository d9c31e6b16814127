package be.belfort.api;

import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Supplier;

/**
 * What every route needs to pass a read on to registered context sources (see {@link DistributedReads}): whether
 * the request must stay local, how it is forwarded, the warnings of a partial answer, and the reads answered as
 * one JSON document (discovery, temporal).
 */
public final class DistributedDocuments {
    /** The most warnings one answer carries; the rest are counted in one more. */
    public static final int MAX_WARNINGS = 10;
    /** The longest one warning may be, so that the response headers stay far below the server's limit. */
    private static final int MAX_WARNING_LENGTH = 400;

    private DistributedDocuments() {
    }

    /** Whether the request must be answered from local data only: it says so, or it has passed here before. */
    public static boolean localOnly(Context ctx, DistributedReads reads) {
        return "true".equals(ctx.queryParam("local")) || reads.isLoop(ctx.header("Via"));
    }

    /** @param query the Query body of a query by POST, else null */
    public static DistributedReads.Forward forward(Context ctx, String tenant, LdContext context,
                                                   java.util.function.Function<JsonNode, be.belfort.model.Entity> reader,
                                                   JsonNode query) {
        JsonNode body = query;
        if (query instanceof ObjectNode object && object.has("@context")) {
            body = object.deepCopy();
            ((ObjectNode) body).remove("@context");
        }
        return new DistributedReads.Forward(tenant, ctx.queryParamMap(), context.linkUrl(), ctx.header("Via"), reader,
                body);
    }

    /**
     * The document merged from the local one and the sources', with their warnings set on the answer; null when no
     * source is concerned (the route answers from local data as always).
     *
     * @param local the local document; a "not found" here is no document, since the sources may have it
     */
    public static DistributedReads.Document read(Context ctx, DistributedReads reads, String tenant, LdContext context,
                                                 DistributedReads.DocumentRead read, boolean jsonLd,
                                                 Supplier<DistributedReads.Document> local) {
        return read(ctx, reads, tenant, context, read, jsonLd, null, local);
    }

    /** @param query the Query body of a query by POST, passed on to the sources (by POST too), else null */
    public static DistributedReads.Document read(Context ctx, DistributedReads reads, String tenant, LdContext context,
                                                 DistributedReads.DocumentRead read, boolean jsonLd, JsonNode query,
                                                 Supplier<DistributedReads.Document> local) {
        if (!reads.concerns(tenant, read) || localOnly(ctx, reads)) {
            return null;
        }
        DistributedReads.DocumentAnswer answer = reads.read(forward(ctx, tenant, context, body -> {
            throw new IllegalStateException("A document read reads no entities");
        }, query), read, () -> {
            try {
                return local.get();
            } catch (NgsiLdException e) {
                if (e.type() == ErrorType.RESOURCE_NOT_FOUND || e.type() == ErrorType.NONEXISTENT_TENANT) {
                    return DistributedReads.Document.NONE;
                }
                throw e;
            }
        });
        warn(ctx, answer.warnings());
        JsonNode body = answer.document().body();
        if (jsonLd && body != null) {
            for (JsonNode item : body.isArray() ? body : List.of(body)) {
                if (item instanceof ObjectNode object && !object.has("@context")) {
                    object.set("@context", context.reference());
                }
            }
        }
        return answer.document();
    }

    /** The sources that could not answer, as Warning headers (code 199); the answer itself is partial. */
    public static void warn(Context ctx, List<String> warnings) {
        if (warnings.isEmpty()) {
            return;
        }
        List<String> shown = new java.util.ArrayList<>();
        for (String warning : warnings.subList(0, Math.min(MAX_WARNINGS, warnings.size()))) {
            shown.add(warning.length() <= MAX_WARNING_LENGTH ? warning
                    : warning.substring(0, MAX_WARNING_LENGTH - 4) + "...\"");
        }
        if (warnings.size() > MAX_WARNINGS) {
            shown.add("199 - \"" + (warnings.size() - MAX_WARNINGS) + " more context sources could not answer;"
                    + " the answer is partial\"");
        }
        ctx.header("Warning", String.join(", ", shown));
    }
}
