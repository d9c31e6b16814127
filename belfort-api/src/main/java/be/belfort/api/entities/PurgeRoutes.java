package be.belfort.api.entities;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.api.Paging;
import be.belfort.api.QueryParams;
import be.belfort.api.RequestReader;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.LdContext;
import be.belfort.model.NgsiLdException;
import be.belfort.query.EntityPurge;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.List;

/**
 * Purge Entities (ETSI GS CIM 009 v1.8.1): {@code DELETE /entities} with the selectors of a query (type, id,
 * idPattern, q, scopeQ) deletes every entity they match and answers 204. Deletions are recorded in the
 * history and notified like Delete Entity; they run {@link #CHUNK} entities per transaction, so a purge of
 * any size needs bounded memory and never holds all its locks at once.
 */
public final class PurgeRoutes implements RouteGroup {
    /** Entities deleted per transaction. */
    public static final int CHUNK = 1000;
    private static final List<String> UNSUPPORTED = List.of("attrs", "georel", "geometry", "coordinates", "geoproperty");

    private final EntityPurge purge;
    private final RequestReader in;

    public PurgeRoutes(EntityPurge purge, RequestReader in) {
        this.purge = purge;
        this.in = in;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.delete(BASE + "/entities", this::purge);
    }

    private void purge(Context ctx) {
        String tenant = in.tenant(ctx);
        for (String name : UNSUPPORTED) {
            if (ctx.queryParam(name) != null) {
                throw NgsiLdException.badData("Purge Entities selects by type, id, idPattern, q and scopeQ; '" + name
                        + "' is not supported");
            }
        }
        LdContext context = in.context(ctx);
        QueryParams.Filter filter = QueryParams.fromUrl(ctx, context).withoutLinks("Purge Entities");
        if (filter.isEmpty()) {
            throw NgsiLdException.badData("Purge Entities needs at least one of type, id, idPattern, q or scopeQ:"
                    + " it does not delete every entity of a tenant");
        }
        purge.purge(tenant, filter.toQuery(new Paging(CHUNK, 0, false)), CHUNK);
        ctx.status(204);
    }
}
