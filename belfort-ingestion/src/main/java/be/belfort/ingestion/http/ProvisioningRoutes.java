package be.belfort.ingestion.http;

import be.belfort.api.AccessControl;
import be.belfort.api.MediaTypes;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.ingestion.DeviceCsv;
import be.belfort.ingestion.Provisioning;
import be.belfort.model.NgsiLdException;
import be.belfort.security.AccessPolicy;
import be.belfort.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.Set;

/**
 * The FIWARE IoT Agent provisioning API: {@code /iot/services} (device groups) and {@code /iot/devices}, the tenant
 * in {@code fiware-service} (or {@code NGSILD-Tenant}); every operation needs a publisher key of the tenant.
 */
public final class ProvisioningRoutes implements RouteGroup {
    static final String FIWARE_SERVICE = "fiware-service";
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 1000;

    private final Provisioning provisioning;
    private final AccessPolicy policy;
    private final RequestReader in;
    private final ResponseWriter out;

    public ProvisioningRoutes(Provisioning provisioning, AccessPolicy policy, RequestReader in, ResponseWriter out) {
        this.provisioning = provisioning;
        this.policy = policy;
        this.in = in;
        this.out = out;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.post("/iot/services", ctx -> {
            String tenant = publisherTenant(ctx);
            provisioning.createGroups(tenant, json(ctx));
            ctx.status(201);
        });
        app.get("/iot/services", ctx -> {
            String tenant = publisherTenant(ctx);
            out.writePlain(ctx, 200, provisioning.groups(tenant, limit(ctx), offset(ctx)));
        });
        app.put("/iot/services", ctx -> {
            String tenant = publisherTenant(ctx);
            provisioning.updateGroup(tenant, ctx.queryParam("apikey"), ctx.queryParam("resource"), json(ctx));
            ctx.status(204);
        });
        app.delete("/iot/services", ctx -> {
            String tenant = publisherTenant(ctx);
            provisioning.deleteGroup(tenant, ctx.queryParam("apikey"), ctx.queryParam("resource"));
            ctx.status(204);
        });
        app.post("/iot/devices", ctx -> {
            String tenant = publisherTenant(ctx);
            boolean csv = "text/csv".equals(MediaTypes.essence(ctx.contentType()));
            provisioning.createDevices(tenant, csv ? DeviceCsv.devices(ctx.body()) : json(ctx));
            ctx.status(201);
        });
        app.get("/iot/devices", ctx -> {
            String tenant = publisherTenant(ctx);
            out.writePlain(ctx, 200, provisioning.devices(tenant, limit(ctx), offset(ctx)));
        });
        app.get("/iot/devices/{deviceId}", ctx -> {
            String tenant = publisherTenant(ctx);
            out.writePlain(ctx, 200, provisioning.device(tenant, ctx.pathParam("deviceId")));
        });
        app.put("/iot/devices/{deviceId}", ctx -> {
            String tenant = publisherTenant(ctx);
            provisioning.updateDevice(tenant, ctx.pathParam("deviceId"), json(ctx));
            ctx.status(204);
        });
        app.delete("/iot/devices/{deviceId}", ctx -> {
            String tenant = publisherTenant(ctx);
            provisioning.deleteDevice(tenant, ctx.pathParam("deviceId"));
            ctx.status(204);
        });
    }

    private JsonNode json(Context ctx) {
        return in.json(ctx, Set.of(MediaTypes.JSON));
    }

    /** The tenant the request names, once its principal is known to publish in it. */
    private String publisherTenant(Context ctx) {
        String tenant = tenant(ctx, in);
        policy.require(AccessControl.principal(ctx), Role.PUBLISHER, tenant);
        return tenant;
    }

    /** The IoT Agents' {@code fiware-service} header, else NGSI-LD's tenant header. */
    static String tenant(Context ctx, RequestReader in) {
        String service = ctx.header(FIWARE_SERVICE);
        if (service != null && !service.isEmpty()) {
            return RequestReader.requireTenantName(FIWARE_SERVICE + " header", service);
        }
        return in.tenant(ctx);
    }

    private static int limit(Context ctx) {
        return parameter(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    private static int offset(Context ctx) {
        return parameter(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    }

    private static int parameter(Context ctx, String name, int otherwise, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw NgsiLdException.badData("'" + name + "' must be an integer from " + min + " to " + max);
    }
}
