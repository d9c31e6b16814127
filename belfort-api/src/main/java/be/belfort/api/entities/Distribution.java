package be.belfort.api.entities;

import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.LdContext;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Supplier;

/** What the entity routes need to pass a read on to registered context sources (see {@link DistributedReads}). */
final class Distribution {
    private static final EntityReader READER = new EntityReader();

    private Distribution() {
    }

    /** Whether the request must be answered from local data only: it says so, or it has passed here before. */
    static boolean localOnly(Context ctx, DistributedReads reads) {
        return "true".equals(ctx.queryParam("local")) || reads.isLoop(ctx.header("Via"));
    }

    static DistributedReads.Forward forward(Context ctx, String tenant, LdContext context) {
        return new DistributedReads.Forward(tenant, ctx.queryParamMap(), context.linkUrl(), ctx.header("Via"),
                body -> READER.readEntity(body, context, null));
    }

    /**
     * The local part of a distributed read, or {@code empty} when there is nothing here: the entity does not
     * exist here, or the tenant exists only at the sources.
     */
    static <T> T orEmpty(Supplier<T> local, T empty) {
        try {
            return local.get();
        } catch (NgsiLdException e) {
            if (e.type() == ErrorType.RESOURCE_NOT_FOUND || e.type() == ErrorType.NONEXISTENT_TENANT) {
                return empty;
            }
            throw e;
        }
    }

    /** The most warnings one answer carries; the rest are counted in one more. */
    static final int MAX_WARNINGS = 10;
    /** The longest one warning may be, so that the response headers stay far below the server's limit. */
    private static final int MAX_WARNING_LENGTH = 400;

    /** The sources that could not answer, as Warning headers (code 199); the answer itself is partial. */
    static void warn(Context ctx, List<String> warnings) {
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
