package be.belfort.federation.http;

import be.belfort.api.AccessControl;
import be.belfort.api.ApiServer;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.federation.EntityMap;
import be.belfort.federation.EntityMaps;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Names;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

/**
 * The entity map API (clause 6.32): retrieve, update (its expiry) and delete a map a query made. A map is only
 * found in its tenant and by the reader who made it (the principal of the request); to anyone else it is 404.
 */
public final class EntityMapRoutes implements RouteGroup {
    public static final String PATH = ApiServer.BASE + "/entityMaps";

    private final EntityMaps maps;
    private final RequestReader in;
    private final ResponseWriter out;

    public EntityMapRoutes(EntityMaps maps, RequestReader in, ResponseWriter out) {
        this.maps = maps;
        this.in = in;
        this.out = out;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(PATH + "/{entityMapId}", this::retrieve);
        app.patch(PATH + "/{entityMapId}", this::update);
        app.delete(PATH + "/{entityMapId}", this::delete);
    }

    private void retrieve(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        LdContext context = in.context(ctx);
        EntityMap map = maps.get(tenant, reader(ctx), mapId(ctx));
        ObjectNode shown = map.toJson();
        if (jsonLd) {
            shown.set("@context", context.reference());
        }
        out.write(ctx, 200, shown, context, jsonLd);
    }

    private void update(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = mapId(ctx);
        maps.update(tenant, reader(ctx), id, in.payload(ctx).body());
        ctx.status(204);
    }

    private void delete(Context ctx) {
        maps.delete(in.tenant(ctx), reader(ctx), mapId(ctx));
        ctx.status(204);
    }

    private static String reader(Context ctx) {
        return AccessControl.principal(ctx).id();
    }

    private static String mapId(Context ctx) {
        return Names.requireUri("The entity map id", ctx.pathParam("entityMapId"));
    }
}
