package be.belfort.api.contexts;

import be.belfort.api.ApiServer;
import be.belfort.api.MediaTypes;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.HostedContexts;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.ContextStore;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.time.Instant;
import java.util.Set;

/** @context hosting (clause 6.30): clients store contexts here and name them by URL. */
public final class ContextRoutes implements RouteGroup {
    private final HostedContexts contexts;
    /** The hosted and cached contexts (clause 5.13); each is served below it by its local id or URL. */
    private static final String COLLECTION = "/jsonldContexts";

    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxContextBytes;

    public ContextRoutes(HostedContexts contexts, RequestReader in, ResponseWriter out, ObjectMapper json,
                         int maxContextBytes) {
        this.contexts = contexts;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxContextBytes = maxContextBytes;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        String path = ApiServer.BASE + COLLECTION;
        app.post(path, this::add);
        app.get(path, this::list);
        app.get(path + "/{contextId}", this::serve);
        app.delete(path + "/{contextId}", this::delete);
    }

    private void add(Context ctx) {
        if (ctx.bodyAsBytes().length > maxContextBytes) {
            throw new NgsiLdException(ErrorType.PAYLOAD_TOO_LARGE, "An @context may be at most " + maxContextBytes + " bytes");
        }
        String tenant = in.tenant(ctx);
        String id = contexts.host(tenant, in.json(ctx, Set.of(MediaTypes.JSON, MediaTypes.JSON_LD)));
        echoTenant(ctx, tenant);
        ctx.header("Location", ctx.path() + "/" + id);
        ctx.status(201);
    }

    private void list(Context ctx) {
        boolean details = flag(ctx, "details");
        String kind = ctx.queryParam("kind");
        if (kind != null && !Set.of("hosted", "cached", "implicitlycreated").contains(kind.toLowerCase())) {
            throw NgsiLdException.badData("kind must be Hosted, Cached or ImplicitlyCreated");
        }
        String base = ctx.scheme() + "://" + ctx.host() + ctx.path();
        ArrayNode list = json.createArrayNode();
        if (kind == null || kind.equalsIgnoreCase("hosted")) {
            contexts.hosted(in.tenant(ctx)).forEach(hosted -> {
                String url = base + "/" + hosted.id();
                if (details) {
                    list.add(hostedInfo(url, hosted));
                } else {
                    list.add(url);
                }
            });
        }
        if (kind == null || kind.equalsIgnoreCase("cached")) {
            contexts.cached().forEach(cached -> {
                if (details) {
                    list.add(cachedInfo(cached));
                } else {
                    list.add(cached.url());
                }
            });
        }
        out.writePlain(ctx, 200, list);
    }

    private static void echoTenant(Context ctx, String tenant) {
        if (!tenant.isEmpty()) {
            ctx.header(RequestReader.TENANT_HEADER, tenant);
        }
    }

    /** A boolean URL parameter: absent is false; anything but true or false is refused. */
    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw NgsiLdException.badData(name + " must be true or false, not '" + value + "'");
    }

    private ObjectNode hostedInfo(String url, ContextStore.HostedContext hosted) {
        ObjectNode info = json.createObjectNode();
        info.put("URL", url);
        info.put("localId", hosted.id());
        info.put("kind", "Hosted");
        info.put("createdAt", hosted.createdAt().toString());
        return info;
    }

    private ObjectNode cachedInfo(RemoteContexts.Cached cached) {
        ObjectNode info = json.createObjectNode();
        info.put("URL", cached.url());
        info.put("localId", cached.url());
        info.put("kind", "Cached");
        info.put("createdAt", cached.fetchedAt().toString());
        Instant lastUsage = cached.lastUsage().get();
        if (lastUsage != null) {
            info.put("lastUsage", lastUsage.toString());
        }
        info.put("numberOfHits", cached.hits().get());
        return info;
    }

    /** A hosted context by its local id, or a cached one by its URL; {@code details=true} describes it instead. */
    private void serve(Context ctx) {
        String id = ctx.pathParam("contextId");
        boolean details = flag(ctx, "details");
        var hosted = contexts.hosted(in.tenant(ctx), id);
        if (hosted.isPresent()) {
            if (details) {
                out.writePlain(ctx, 200, hostedInfo(ctx.scheme() + "://" + ctx.host() + ctx.path(), hosted.get()));
                return;
            }
            ctx.status(200);
            ctx.contentType(MediaTypes.JSON);
            ctx.result(hosted.get().json());
            return;
        }
        RemoteContexts.Cached cached = contexts.cached(id)
                .orElseThrow(() -> NgsiLdException.notFound("No hosted or cached @context " + id));
        if (details) {
            out.writePlain(ctx, 200, cachedInfo(cached));
            return;
        }
        ctx.status(200);
        ctx.contentType(MediaTypes.JSON);
        ctx.result(cached.bytes());
    }

    /** Deletes a hosted or cached context; {@code reload=true} fetches a cached one again (clause 5.13.5). */
    private void delete(Context ctx) {
        String id = ctx.pathParam("contextId");
        if (flag(ctx, "reload")) {
            contexts.reload(in.tenant(ctx), id);
        } else {
            contexts.delete(in.tenant(ctx), id);
        }
        ctx.status(204);
    }
}
