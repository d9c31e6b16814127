package be.belfort.api;

import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.ContextStore;
import be.belfort.model.Members;
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
import java.util.UUID;

/** @context hosting (clause 6.30): clients store contexts here and name them by URL. */
public final class ContextRoutes {
    private final ContextStore store;
    private final RemoteContexts remote;
    private final ContextResolver resolver;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxContextBytes;

    public ContextRoutes(ContextStore store, RemoteContexts remote, ContextResolver resolver, RequestReader in,
                         ResponseWriter out, ObjectMapper json, int maxContextBytes) {
        this.store = store;
        this.remote = remote;
        this.resolver = resolver;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxContextBytes = maxContextBytes;
    }

    public void register(JavalinDefaultRoutingApi app, String base) {
        String path = base + "/jsonldContexts";
        app.post(path, this::add);
        app.get(path, this::list);
        app.get(path + "/{contextId}", this::serve);
        app.delete(path + "/{contextId}", this::delete);
    }

    private void add(Context ctx) {
        if (ctx.bodyAsBytes().length > maxContextBytes) {
            throw new NgsiLdException(ErrorType.PAYLOAD_TOO_LARGE, "An @context may be at most " + maxContextBytes + " bytes");
        }
        JsonNode body = in.json(ctx, Set.of(MediaTypes.JSON, MediaTypes.JSON_LD));
        JsonNode context = body.get(Members.CONTEXT);
        if (!body.isObject() || context == null || !(context.isObject() || context.isArray()
                || context.isTextual())) {
            throw NgsiLdException.badData("Send an object with an @context member: {\"@context\": {...}}");
        }
        resolver.fromBody(context);
        String id = UUID.randomUUID().toString();
        store.save(new ContextStore.HostedContext(id, body.toString(), Instant.now()));
        ctx.header("Location", ctx.path() + "/" + id);
        ctx.status(201);
    }

    private void list(Context ctx) {
        boolean details = "true".equals(ctx.queryParam("details"));
        String kind = ctx.queryParam("kind");
        if (kind != null && !Set.of("hosted", "cached", "implicitlycreated").contains(kind.toLowerCase())) {
            throw NgsiLdException.badData("kind must be Hosted, Cached or ImplicitlyCreated");
        }
        String base = ctx.scheme() + "://" + ctx.host() + ctx.path();
        ArrayNode list = json.createArrayNode();
        if (kind == null || kind.equalsIgnoreCase("hosted")) {
            store.list().forEach(hosted -> add(list, details, base + "/" + hosted.id(), hosted.id(), "Hosted",
                    hosted.createdAt(), null));
        }
        if (kind == null || kind.equalsIgnoreCase("cached")) {
            remote.cached().forEach(cached -> add(list, details, cached.url(), cached.url(), "Cached",
                    cached.fetchedAt(), cached.hits().get()));
        }
        out.writePlain(ctx, 200, list);
    }

    private static void add(ArrayNode list, boolean details, String url, String localId, String kind,
                            Instant createdAt, Long hits) {
        if (!details) {
            list.add(url);
            return;
        }
        ObjectNode entry = list.addObject();
        entry.put("URL", url);
        entry.put("localId", localId);
        entry.put("kind", kind);
        entry.put("createdAt", createdAt.toString());
        if (hits != null) {
            entry.put("numberOfHits", hits);
        }
    }

    private void serve(Context ctx) {
        ContextStore.HostedContext hosted = store.find(ctx.pathParam("contextId"))
                .orElseThrow(() -> NgsiLdException.notFound("No hosted @context " + ctx.pathParam("contextId")));
        ctx.status(200);
        ctx.contentType(MediaTypes.JSON_LD);
        ctx.result(hosted.json());
    }

    private void delete(Context ctx) {
        String id = ctx.pathParam("contextId");
        if (!store.delete(id) && !remote.evict(id)) {
            throw NgsiLdException.notFound("No hosted or cached @context " + id);
        }
        resolver.clear();
        ctx.status(204);
    }
}
