package be.belfort.federation.http;

import be.belfort.api.AccessControl;
import be.belfort.api.ApiServer;
import be.belfort.api.Paging;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.federation.Figures;
import be.belfort.federation.RegistrationSubscription;
import be.belfort.federation.RegistrationSubscriptions;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.security.AccessPolicy;
import be.belfort.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.List;
import java.util.Map;

/**
 * Subscriptions to registrations (clause 6.11 and 6.12): create, list (paged), retrieve, update and delete, per
 * tenant; changing them needs the publisher role (as every write), reading them the reader role.
 */
public final class RegistrationSubscriptionRoutes implements RouteGroup {
    static final String PATH = ApiServer.BASE + "/csourceSubscriptions";

    private final RegistrationSubscriptions subscriptions;
    private final AccessPolicy policy;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxLimit;

    public RegistrationSubscriptionRoutes(RegistrationSubscriptions subscriptions, AccessPolicy policy, RequestReader in,
                                          ResponseWriter out, ObjectMapper json, int maxLimit) {
        this.subscriptions = subscriptions;
        this.policy = policy;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxLimit = maxLimit;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.post(PATH, this::create);
        app.get(PATH, this::list);
        app.get(PATH + "/{subscriptionId}", this::retrieve);
        app.patch(PATH + "/{subscriptionId}", this::update);
        app.delete(PATH + "/{subscriptionId}", this::delete);
    }

    private String tenant(Context ctx, Role role) {
        String tenant = in.tenant(ctx);
        policy.require(AccessControl.principal(ctx), role, tenant);
        return tenant;
    }

    private void create(Context ctx) {
        String tenant = tenant(ctx, Role.PUBLISHER);
        RequestReader.Payload payload = in.payload(ctx);
        ObjectNode body = object(payload.body());
        RegistrationSubscription subscription = subscriptions.create(tenant, body, payload.context()::expand,
                contextReference(body, payload.context()));
        ctx.header("Location", PATH + "/" + subscription.id());
        ctx.status(201);
    }

    private void list(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = tenant(ctx, Role.READER);
        LdContext context = in.context(ctx);
        Paging paging = Paging.of(ctx, maxLimit);
        List<RegistrationSubscription> all = subscriptions.list(tenant);
        Map<String, Figures> figures = subscriptions.figures(tenant);
        paging.answer(ctx, all, subscription -> shown(subscription, figures, context, jsonLd, ctx), context, jsonLd, out);
    }

    private void retrieve(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = tenant(ctx, Role.READER);
        LdContext context = in.context(ctx);
        out.write(ctx, 200, shown(subscriptions.get(tenant, subscriptionId(ctx)), subscriptions.figures(tenant), context,
                jsonLd, ctx), context, jsonLd);
    }

    private void update(Context ctx) {
        String tenant = tenant(ctx, Role.PUBLISHER);
        String id = subscriptionId(ctx);
        subscriptions.get(tenant, id);
        RequestReader.Payload payload = in.payload(ctx);
        ObjectNode fragment = object(payload.body());
        JsonNode context = fragment.remove("@context");
        if (fragment.isEmpty()) {
            throw NgsiLdException.badData("The update names no member of the subscription");
        }
        subscriptions.update(tenant, id, fragment, payload.context()::expand,
                context != null ? context : payload.context().reference());
        ctx.status(204);
    }

    private void delete(Context ctx) {
        subscriptions.delete(tenant(ctx, Role.PUBLISHER), subscriptionId(ctx));
        ctx.status(204);
    }

    private ObjectNode shown(RegistrationSubscription subscription, Map<String, Figures> figures, LdContext context,
                             boolean jsonLd, Context ctx) {
        boolean sysAttrs = String.valueOf(ctx.queryParam("options")).contains("sysAttrs");
        ObjectNode shown = subscriptions.render(subscription, figures, context::compact, sysAttrs);
        if (jsonLd) {
            shown.set("@context", context.reference());
        }
        return shown;
    }

    private static JsonNode contextReference(ObjectNode body, LdContext context) {
        JsonNode member = body.get("@context");
        return member != null ? member : context.reference();
    }

    private static ObjectNode object(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw NgsiLdException.badData("A subscription must be a JSON object");
        }
        return object;
    }

    private static String subscriptionId(Context ctx) {
        return Names.requireUri("The subscription id", ctx.pathParam("subscriptionId"));
    }
}
