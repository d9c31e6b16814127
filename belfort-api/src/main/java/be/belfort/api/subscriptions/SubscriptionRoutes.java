package be.belfort.api.subscriptions;

import static be.belfort.api.ApiServer.BASE;

import be.belfort.api.AccessControl;
import be.belfort.api.MediaTypes;
import be.belfort.api.Paging;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Members;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.model.Reader;
import be.belfort.security.Principal;
import be.belfort.security.Role;
import be.belfort.subscriptions.Subscription;
import be.belfort.subscriptions.Subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;

/**
 * The subscription API (clause 6.10 and 6.11): create, list (paged), retrieve, update and delete,
 * per tenant. A subscription is shown in the terms and with the @context it was written with.
 */
public final class SubscriptionRoutes implements RouteGroup {
    private final Subscriptions subscriptions;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxLimit;

    public SubscriptionRoutes(Subscriptions subscriptions, RequestReader in, ResponseWriter out, ObjectMapper json,
                              int maxLimit) {
        this.subscriptions = subscriptions;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxLimit = maxLimit;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.post(BASE + "/subscriptions", this::create);
        app.get(BASE + "/subscriptions", this::list);
        app.get(BASE + "/subscriptions/{subscriptionId}", this::retrieve);
        app.patch(BASE + "/subscriptions/{subscriptionId}", this::update);
        app.delete(BASE + "/subscriptions/{subscriptionId}", this::delete);
    }

    private void create(Context ctx) {
        String tenant = in.tenant(ctx);
        RequestReader.Payload payload = in.payload(ctx);
        ObjectNode body = object(payload.body());
        Principal principal = AccessControl.principal(ctx);
        Role role = principal.roleIn(tenant);
        Reader owner = role == null ? Reader.ANONYMOUS
                : new Reader(principal.id(), tenant, role.term());
        Subscription subscription = subscriptions.create(tenant, body, payload.context(),
                contextReference(body, payload.context()), owner);
        ctx.header("Location", ctx.path() + "/" + subscription.id());
        ctx.status(201);
    }

    private void list(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        Paging paging = Paging.of(ctx, maxLimit);
        List<Subscriptions.Entry> all = subscriptions.list(tenant);
        ArrayNode page = json.createArrayNode();
        for (int i = paging.offset(); i < Math.min(all.size(), paging.offset() + paging.limit()); i++) {
            page.add(shown(all.get(i), jsonLd));
        }
        if (paging.count()) {
            ctx.header(Paging.RESULTS_COUNT_HEADER, String.valueOf(all.size()));
        }
        List<String> links = new ArrayList<>(paging.links(ctx, page.size(), (long) all.size()));
        if (!links.isEmpty()) {
            ctx.header("Link", String.join(", ", links));
        }
        out.writePlain(ctx, 200, page);
        if (jsonLd) {
            ResponseWriter.contentType(ctx, MediaTypes.JSON_LD);
        }
    }

    private void retrieve(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        Subscriptions.Entry entry = subscriptions.get(in.tenant(ctx), subscriptionId(ctx));
        LdContext context = subscriptions.contextOf(entry);
        out.write(ctx, 200, shown(entry, jsonLd), context, jsonLd);
    }

    private void update(Context ctx) {
        String tenant = in.tenant(ctx);
        String id = subscriptionId(ctx);
        subscriptions.get(tenant, id);
        RequestReader.Payload payload = in.payload(ctx);
        ObjectNode fragment = object(payload.body());
        if (fragment.isEmpty() || fragment.size() == 1 && fragment.has(Members.CONTEXT)) {
            throw NgsiLdException.badData("The update names no member of the subscription");
        }
        subscriptions.update(tenant, id, fragment, payload.context(), contextReference(fragment, payload.context()));
        ctx.status(204);
    }

    private void delete(Context ctx) {
        subscriptions.delete(in.tenant(ctx), subscriptionId(ctx));
        ctx.status(204);
    }

    private ObjectNode shown(Subscriptions.Entry entry, boolean jsonLd) {
        ObjectNode shown = subscriptions.render(entry);
        if (jsonLd) {
            shown.set(Members.CONTEXT, entry.writtenContext());
        }
        return shown;
    }

    private static ObjectNode object(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw NgsiLdException.badData("A subscription must be a JSON object");
        }
        return object;
    }

    /** The @context as the request named it: the payload's @context member, or the Link header's URL. */
    private static JsonNode contextReference(ObjectNode body, LdContext context) {
        JsonNode member = body.get(Members.CONTEXT);
        return member != null ? member : context.reference();
    }

    private static String subscriptionId(Context ctx) {
        String id = ctx.pathParam("subscriptionId");
        Names.requireUri("The subscription id", id);
        return id;
    }
}
