package be.belfort.console.http;

import be.belfort.api.RouteGroup;
import be.belfort.console.ConsoleAudit;
import be.belfort.console.ConsoleTexts;
import be.belfort.console.Session;
import be.belfort.model.NgsiLdException;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKey;
import be.belfort.security.ApiKeys;
import be.belfort.security.AuditSearch;
import be.belfort.security.AuditTrail;
import be.belfort.security.Role;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A city's API keys for its tenant admins: the list (never a secret), creating one (its secret shown this
 * once) and revoking one after a confirmation. The same {@code ApiKeys} service and access policy as
 * {@code /admin/keys}; each change is audited as that call.
 */
public final class KeyPages implements RouteGroup {
    static final int MAX_NAME = 200;
    /** The roles a city's key may have; admin keys hold in every city and are made with the API or the CLI. */
    static final List<Role> CITY_ROLES = List.of(Role.TENANT_ADMIN, Role.PUBLISHER, Role.READER);

    private final Gate gate;
    private final ConsolePages pages;
    private final ApiKeys keys;
    private final AccessPolicy policy;
    private final AuditTrail trail;
    private final ConsoleAudit audit;

    KeyPages(Gate gate, ConsolePages pages, ApiKeys keys, AccessPolicy policy, AuditTrail trail, ConsoleAudit audit) {
        this.gate = gate;
        this.pages = pages;
        this.keys = keys;
        this.policy = policy;
        this.trail = trail;
        this.audit = audit;
    }

    /** A key as the list shows it. */
    public record Row(ApiKey key, String role, Instant lastUsed) {
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(ConsoleView.ROOT + "/cities/{city}/keys", ctx -> list(ctx, 200, Map.of(), "", ""));
        app.post(ConsoleView.ROOT + "/cities/{city}/keys", this::create);
        app.get(ConsoleView.ROOT + "/cities/{city}/keys/{id}/revoke", this::confirmRevoke);
        app.post(ConsoleView.ROOT + "/cities/{city}/keys/{id}/revoke", this::revoke);
    }

    private void list(Context ctx, int status, Map<String, String> errors, String name, String role) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        if (tenant == null) {
            return;
        }
        ConsoleTexts texts = gate.texts(ctx);
        List<Row> rows = keys.list(tenant).stream().filter(key -> tenant.equals(key.tenant()))
                .sorted(Comparator.comparing(ApiKey::createdAt).reversed())
                .map(key -> new Row(key, texts.get("role." + key.role().term()), lastUsed(tenant, key.id()))).toList();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("rows", rows);
        parameters.put("roles", CITY_ROLES.stream().map(Role::term).toList());
        parameters.put("errors", errors);
        parameters.put("name", name);
        parameters.put("role", role);
        parameters.put("revoked", ctx.queryParam("revoked") == null ? "" : ctx.queryParam("revoked"));
        pages.html(ctx, status, "keys", gate.view(ctx, texts, session, ctx.pathParam("city")), parameters);
    }

    /** When the key last changed something in the city, as its audit log says. */
    private Instant lastUsed(String tenant, String id) {
        return trail.search(new AuditSearch(tenant, id, null, null, null, 0, 1)).entries().stream()
                .map(entry -> entry.at()).findFirst().orElse(null);
    }

    private void create(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        if (tenant == null || !gate.formTokenValid(ctx, session)) {
            return;
        }
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").trim();
        String roleTerm = ctx.formParam("role") == null ? "" : ctx.formParam("role");
        Map<String, String> errors = new HashMap<>();
        if (name.isEmpty()) {
            errors.put("name", "form.error.required");
        } else if (name.length() > MAX_NAME) {
            errors.put("name", "form.error.tooLong");
        }
        Role role = Role.find(roleTerm).filter(CITY_ROLES::contains).orElse(null);
        if (role == null) {
            errors.put("role", "keys.error.role");
        }
        if (!errors.isEmpty()) {
            audit.record(session.principal(), tenant, "POST /admin/keys", null, 400);
            list(ctx, 400, errors, name, roleTerm);
            return;
        }
        policy.requireKeyManagement(session.principal(), role, tenant);
        ApiKeys.Created created = keys.create(tenant, role, name);
        audit.record(session.principal(), tenant, "POST /admin/keys", null, 201);
        ConsoleTexts texts = gate.texts(ctx);
        pages.html(ctx, 201, "keycreated", gate.view(ctx, texts, session, ctx.pathParam("city")),
                Map.of("key", created.key(), "secret", created.secret(), "role", texts.get("role." + role.term())));
    }

    /** The key of the path if it belongs to the city; otherwise null after the 404 any unknown key gets. */
    private ApiKey cityKey(Context ctx, Session session, String tenant) {
        ApiKey key;
        try {
            key = keys.find(ctx.pathParam("id")).orElse(null);
        } catch (NgsiLdException unreadable) {
            key = null;
        }
        if (key == null || !tenant.equals(key.tenant())) {
            pages.notFound(ctx, gate.view(ctx, gate.texts(ctx), session, ctx.pathParam("city")));
            return null;
        }
        return key;
    }

    private void confirmRevoke(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        ApiKey key = tenant == null ? null : cityKey(ctx, session, tenant);
        if (key == null) {
            return;
        }
        ConsoleTexts texts = gate.texts(ctx);
        pages.html(ctx, "keyrevoke", gate.view(ctx, texts, session, ctx.pathParam("city")),
                Map.of("key", key, "role", texts.get("role." + key.role().term())));
    }

    private void revoke(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        if (tenant == null || !gate.formTokenValid(ctx, session)) {
            return;
        }
        ApiKey key = cityKey(ctx, session, tenant);
        if (key == null) {
            return;
        }
        policy.requireKeyManagement(session.principal(), key.role(), key.tenant());
        if (!key.isRevoked()) {
            keys.revoke(key.id());
        }
        audit.record(session.principal(), tenant, "DELETE /admin/keys/{id}", null, 204);
        ctx.redirect(ConsoleView.cityPath(ctx.pathParam("city")) + "/keys"
                + "?revoked=" + ConsoleView.query(key.id()), HttpStatus.SEE_OTHER);
    }
}
