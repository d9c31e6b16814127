package be.belfort.api.entities;

import be.belfort.api.DistributedDocuments;
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

    static boolean localOnly(Context ctx, DistributedReads reads) {
        return DistributedDocuments.localOnly(ctx, reads);
    }

    static DistributedReads.Forward forward(Context ctx, String tenant, LdContext context) {
        return forward(ctx, tenant, context, null);
    }

    /** @param query the Query body of a query by POST, else null */
    static DistributedReads.Forward forward(Context ctx, String tenant, LdContext context,
                                            com.fasterxml.jackson.databind.JsonNode query) {
        return DistributedDocuments.forward(ctx, tenant, context, body -> READER.readEntity(body, context, null), query);
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

    /** The sources that could not answer, as Warning headers (code 199); the answer itself is partial. */
    static void warn(Context ctx, List<String> warnings) {
        DistributedDocuments.warn(ctx, warnings);
    }
}
