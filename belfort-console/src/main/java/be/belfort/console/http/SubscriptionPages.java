package be.belfort.console.http;

import be.belfort.api.RouteGroup;
import be.belfort.console.CitySubscriptions;
import be.belfort.console.ConsoleAudit;
import be.belfort.console.ConsoleTexts;
import be.belfort.console.Session;
import be.belfort.security.Role;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A city's subscriptions for its publishers and admins: status, receiver, delivery figures and the receiver's
 * queue, with pause and resume (audited as {@code PATCH /ngsi-ld/v1/subscriptions/{subscriptionId}}).
 */
public final class SubscriptionPages implements RouteGroup {
    private static final String PATCH = "PATCH /ngsi-ld/v1/subscriptions/{subscriptionId}";

    private final Gate gate;
    private final ConsolePages pages;
    private final CitySubscriptions subscriptions;
    private final ConsoleAudit audit;

    SubscriptionPages(Gate gate, ConsolePages pages, CitySubscriptions subscriptions, ConsoleAudit audit) {
        this.gate = gate;
        this.pages = pages;
        this.subscriptions = subscriptions;
        this.audit = audit;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(ConsoleView.ROOT + "/cities/{city}/subscriptions", this::list);
        app.post(ConsoleView.ROOT + "/cities/{city}/subscriptions/{id}/pause", ctx -> setActive(ctx, false));
        app.post(ConsoleView.ROOT + "/cities/{city}/subscriptions/{id}/resume", ctx -> setActive(ctx, true));
    }

    private void list(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.PUBLISHER);
        if (tenant == null) {
            return;
        }
        ConsoleTexts texts = gate.texts(ctx);
        pages.html(ctx, "subscriptions", gate.view(ctx, texts, session, ctx.pathParam("city")),
                Map.of("rows", subscriptions.list(tenant)));
    }

    private void setActive(Context ctx, boolean active) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.PUBLISHER);
        if (tenant == null || !gate.formTokenValid(ctx, session)) {
            return;
        }
        String id = ctx.pathParam("id");
        Optional<CitySubscriptions.Row> row = subscriptions.find(tenant, id);
        if (row.isEmpty()) {
            pages.notFound(ctx, gate.view(ctx, gate.texts(ctx), session, ctx.pathParam("city")));
            return;
        }
        subscriptions.setActive(tenant, id, active);
        audit.record(session.principal(), tenant, PATCH, null, List.of("isActive"), 204);
        ctx.redirect(ConsoleView.cityPath(ctx.pathParam("city")) + "/subscriptions", HttpStatus.SEE_OTHER);
    }
}
