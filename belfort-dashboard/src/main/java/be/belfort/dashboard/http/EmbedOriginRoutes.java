package be.belfort.dashboard.http;

import be.belfort.api.AccessControl;
import be.belfort.api.MediaTypes;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.dashboard.Cities;
import be.belfort.dashboard.DashboardSettings;
import be.belfort.dashboard.EmbedOrigins;
import be.belfort.model.NgsiLdException;
import be.belfort.security.AccessPolicy;
import be.belfort.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The admin API for a city's embed origins: the websites that may show its dashboard's embeddable views in a
 * frame, beside the platform's own {@code --embed-origins}. The city's tenant admin sets them
 * ({@code -} is the default tenant); the change is audited as every admin write.
 */
public final class EmbedOriginRoutes implements RouteGroup {
    static final String PATH = "/admin/dashboard/cities/{tenant}/embed";

    private final EmbedOrigins origins;
    private final DashboardSettings settings;
    private final AccessPolicy policy;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;

    public EmbedOriginRoutes(EmbedOrigins origins, DashboardSettings settings, AccessPolicy policy, RequestReader in,
                             ResponseWriter out, ObjectMapper json) {
        this.origins = origins;
        this.settings = settings;
        this.policy = policy;
        this.in = in;
        this.out = out;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(PATH, ctx -> {
            String tenant = tenant(ctx);
            out.writePlain(ctx, 200, shown(tenant, origins.of(tenant)));
        });
        app.put(PATH, ctx -> {
            String tenant = tenant(ctx);
            JsonNode body = in.json(ctx, Set.of(MediaTypes.JSON));
            out.writePlain(ctx, 200, shown(tenant, origins.put(tenant, listed(body))));
        });
    }

    /** The tenant of the path, once the principal is its tenant admin. */
    private String tenant(Context ctx) {
        String tenant = Cities.tenantOf(ctx.pathParam("tenant"));
        if (!tenant.isEmpty()) {
            RequestReader.requireTenantName("tenant", tenant);
        }
        policy.require(AccessControl.principal(ctx), Role.TENANT_ADMIN, tenant);
        return tenant;
    }

    private static List<String> listed(JsonNode body) {
        JsonNode list = body.path("embedOrigins");
        if (!body.isObject() || !list.isArray()) {
            throw NgsiLdException.badData("The body is {\"embedOrigins\": [\"https://www.gent.be\", ...]}"
                    + " (an empty list removes the city's origins)");
        }
        List<String> origins = new ArrayList<>();
        for (JsonNode origin : list) {
            if (!origin.isTextual()) {
                throw NgsiLdException.badData("embedOrigins lists origins as strings, not " + origin);
            }
            origins.add(origin.asText());
        }
        return origins;
    }

    private ObjectNode shown(String tenant, List<String> cityOrigins) {
        ObjectNode node = json.createObjectNode().put("tenant", tenant);
        cityOrigins.forEach(node.putArray("embedOrigins")::add);
        node.put("frameAncestors", ContentSecurity.frameAncestors(settings, cityOrigins));
        return node;
    }
}
