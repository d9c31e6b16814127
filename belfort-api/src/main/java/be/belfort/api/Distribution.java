package be.belfort.api;

import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.LdContext;
import be.belfort.query.DistributedReads;
import io.javalin.http.Context;

import java.util.List;

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

    /** The sources that could not answer, as Warning headers (code 199); the answer itself is partial. */
    static void warn(Context ctx, List<String> warnings) {
        if (!warnings.isEmpty()) {
            ctx.header("Warning", String.join(", ", warnings));
        }
    }
}
