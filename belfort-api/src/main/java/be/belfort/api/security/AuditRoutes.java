package be.belfort.api.security;

import be.belfort.api.AccessControl;
import be.belfort.api.QueryParams;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.Dataset;
import be.belfort.security.AccessPolicy;
import be.belfort.security.AuditEntry;
import be.belfort.security.AuditTrail;
import be.belfort.security.Role;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.time.Instant;

/** The audit log of a tenant, newest first, for its tenant admins: {@code GET /admin/audit/{tenant}}. */
public final class AuditRoutes implements RouteGroup {
    private final AuditTrail trail;
    private final AccessPolicy policy;
    private final ResponseWriter out;
    private final ObjectMapper json;

    public AuditRoutes(AuditTrail trail, AccessPolicy policy, ResponseWriter out, ObjectMapper json) {
        this.trail = trail;
        this.policy = policy;
        this.out = out;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get("/admin/audit/{tenant}", this::read);
    }

    private void read(Context ctx) {
        String tenant = Dataset.tenantOf(ctx.pathParam("tenant"));
        policy.require(AccessControl.principal(ctx), Role.TENANT_ADMIN, tenant);
        Instant since = null;
        String sinceText = ctx.queryParam("since");
        if (sinceText != null) {
            since = be.belfort.model.Times.parse("since", sinceText);
        }
        int limit = QueryParams.number(ctx, "limit", 100);
        if (limit < 1 || limit > 1000) {
            throw NgsiLdException.badData("limit must be between 1 and 1000");
        }
        ArrayNode entries = json.createArrayNode();
        for (AuditEntry entry : trail.read(tenant, since, limit)) {
            ObjectNode node = entries.addObject();
            node.put("at", entry.at().toString());
            node.put("principal", entry.principal());
            if (entry.role() != null) {
                node.put("role", entry.role());
            }
            node.put("tenant", entry.tenant());
            node.put("operation", entry.operation());
            if (entry.entityId() != null) {
                node.put("entityId", entry.entityId());
            }
            entry.attributes().forEach(node.withArray("attributes")::add);
            node.put("status", entry.status());
        }
        out.writePlain(ctx, 200, entries);
    }
}
