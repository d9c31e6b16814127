package be.belfort.api.security;

import be.belfort.api.AccessControl;
import be.belfort.api.MediaTypes;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.model.NgsiLdException;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKey;
import be.belfort.security.ApiKeys;
import be.belfort.security.Principal;
import be.belfort.security.Role;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.util.Set;

/**
 * The admin API for API keys: create (the key is in the answer, once), list (never the key) and revoke.
 * A tenant admin manages the keys of its own tenant; only an admin creates admin keys.
 */
public final class KeyRoutes implements RouteGroup {
    private final ApiKeys keys;
    private final AccessPolicy policy;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;

    public KeyRoutes(ApiKeys keys, AccessPolicy policy, RequestReader in, ResponseWriter out, ObjectMapper json) {
        this.keys = keys;
        this.policy = policy;
        this.in = in;
        this.out = out;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.post("/admin/keys", this::create);
        app.get("/admin/keys", this::list);
        app.delete("/admin/keys/{id}", this::revoke);
    }

    private void create(Context ctx) {
        JsonNode body = in.json(ctx, Set.of(MediaTypes.JSON));
        Role role = Role.of(body.path("role").asText(null));
        String tenant = body.hasNonNull("tenant") ? body.get("tenant").asText() : null;
        if (tenant != null && !tenant.isEmpty()) {
            RequestReader.requireTenantName("tenant", tenant);
        }
        policy.requireKeyManagement(AccessControl.principal(ctx), role, tenant);
        ApiKeys.Created created = keys.create(tenant, role, body.path("description").asText(null));
        ObjectNode shown = shown(created.key());
        shown.put("key", created.secret());
        ctx.header("Location", "/admin/keys/" + created.key().id());
        out.writePlain(ctx, 201, shown);
    }

    private void list(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        String tenant = ctx.queryParam("tenant");
        if (tenant == null) {
            policy.require(principal, Role.ADMIN, null);
        } else {
            policy.require(principal, Role.TENANT_ADMIN, tenant);
        }
        ArrayNode all = json.createArrayNode();
        keys.list(tenant).forEach(key -> all.add(shown(key)));
        out.writePlain(ctx, 200, all);
    }

    private void revoke(Context ctx) {
        ApiKey key = keys.find(ctx.pathParam("id"))
                .orElseThrow(() -> NgsiLdException.notFound("No API key " + ctx.pathParam("id")));
        ctx.attribute(AccessControl.AUDIT_TENANT, key.tenant() == null ? "" : key.tenant());
        policy.requireKeyManagement(AccessControl.principal(ctx), key.role(), key.tenant());
        keys.revoke(key.id());
        ctx.status(204);
    }

    private ObjectNode shown(ApiKey key) {
        ObjectNode node = json.createObjectNode();
        node.put("id", key.id());
        node.put("role", key.role().term());
        if (key.tenant() != null) {
            node.put("tenant", key.tenant());
        }
        if (key.description() != null) {
            node.put("description", key.description());
        }
        node.put("createdAt", key.createdAt().toString());
        if (key.revokedAt() != null) {
            node.put("revokedAt", key.revokedAt().toString());
        }
        return node;
    }
}
