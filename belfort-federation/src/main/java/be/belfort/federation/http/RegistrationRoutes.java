package be.belfort.federation.http;

import be.belfort.api.AccessControl;
import be.belfort.api.ApiServer;
import be.belfort.api.Paging;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.federation.Figures;
import be.belfort.federation.Registration;
import be.belfort.federation.RegistrationQuery;
import be.belfort.federation.RegistrationView;
import be.belfort.federation.Registrations;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.security.AccessPolicy;
import be.belfort.security.Principal;
import be.belfort.security.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import be.belfort.query.GeoQuery;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The context source registration API (clauses 6.8 and 6.9): register, query (paged), retrieve, update and
 * delete, per tenant. Registering and changing a registration needs the tenant-admin role; a registration is
 * shown in the reader's terms, and its contextSourceInfo (credentials for the source) only to tenant admins.
 */
public final class RegistrationRoutes implements RouteGroup {
    static final String PATH = ApiServer.BASE + "/csourceRegistrations";
    private static final List<String> GEO_PARAMETERS = List.of("georel", "geometry", "coordinates", "geoproperty");

    private final Registrations registrations;
    private final RegistrationView view;
    private final AccessPolicy policy;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;
    private final int maxLimit;

    public RegistrationRoutes(Registrations registrations, AccessPolicy policy, RequestReader in, ResponseWriter out,
                              ObjectMapper json, int maxLimit) {
        this.registrations = registrations;
        this.view = new RegistrationView();
        this.policy = policy;
        this.in = in;
        this.out = out;
        this.json = json;
        this.maxLimit = maxLimit;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.post(PATH, this::create);
        app.get(PATH, this::query);
        app.get(PATH + "/{registrationId}", this::retrieve);
        app.patch(PATH + "/{registrationId}", this::update);
        app.delete(PATH + "/{registrationId}", this::delete);
    }

    private void create(Context ctx) {
        String tenant = in.tenant(ctx);
        policy.require(AccessControl.principal(ctx), Role.TENANT_ADMIN, tenant);
        RequestReader.Payload payload = in.payload(ctx);
        Registration registration = registrations.create(tenant, object(payload.body()), payload.context()::expand);
        ctx.header("Location", PATH + "/" + registration.id());
        ctx.status(201);
    }

    private void query(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        policy.require(AccessControl.principal(ctx), Role.READER, tenant);
        LdContext context = in.context(ctx);
        Paging paging = Paging.of(ctx, maxLimit);
        List<String> ids = list(ctx.queryParam("id"), ",");
        ids.forEach(id -> Names.requireUri("id", id));
        RegistrationQuery query = new RegistrationQuery(ids, ctx.queryParam("idPattern"),
                expanded(list(ctx.queryParam("type"), "[,;|()]"), "type", context),
                expanded(list(ctx.queryParam("attrs"), ","), "attrs", context), ctx.queryParam("q"),
                ctx.queryParam("csf"), geoQuery(ctx));
        if (query.idPattern() != null) {
            try {
                be.belfort.query.ClientPattern.check(query.idPattern());
            } catch (IllegalArgumentException e) {
                throw NgsiLdException.badData("idPattern: " + e.getMessage());
            }
        }
        List<Registration> all = registrations.query(tenant, query);
        boolean sysAttrs = sysAttrs(ctx);
        boolean mayReadCredentials = mayReadCredentials(ctx, tenant);
        Map<String, Figures> figures = registrations.figures(tenant);
        paging.answer(ctx, all, registration -> shown(registration, figures, context, jsonLd, sysAttrs, mayReadCredentials),
                context, jsonLd, out);
    }

    /** The geo-query on the registrations' location (or the space geoproperty names), or null when none is asked. */
    private static GeoQuery geoQuery(Context ctx) {
        if (GEO_PARAMETERS.stream().allMatch(name -> ctx.queryParam(name) == null)) {
            return null;
        }
        String geoproperty = ctx.queryParamAsClass("geoproperty", String.class).getOrDefault("location");
        if (!RegistrationQuery.GEOPROPERTIES.contains(geoproperty)) {
            throw NgsiLdException.badData("geoproperty of a registration query must be one of "
                    + String.join(", ", RegistrationQuery.GEOPROPERTIES) + ", not '" + geoproperty + "'");
        }
        String coordinates = ctx.queryParam("coordinates");
        return GeoQuery.of(ctx.queryParam("georel"), ctx.queryParam("geometry"),
                coordinates == null ? null : TextNode.valueOf(coordinates), geoproperty);
    }

    private void retrieve(Context ctx) {
        boolean jsonLd = out.wantsJsonLd(ctx);
        String tenant = in.tenant(ctx);
        policy.require(AccessControl.principal(ctx), Role.READER, tenant);
        LdContext context = in.context(ctx);
        Registration registration = registrations.get(tenant, registrationId(ctx));
        out.write(ctx, 200, shown(registration, registrations.figures(tenant), context, jsonLd, sysAttrs(ctx),
                mayReadCredentials(ctx, tenant)), context, jsonLd);
    }

    private void update(Context ctx) {
        String tenant = in.tenant(ctx);
        policy.require(AccessControl.principal(ctx), Role.TENANT_ADMIN, tenant);
        String id = registrationId(ctx);
        registrations.get(tenant, id);
        RequestReader.Payload payload = in.payload(ctx);
        ObjectNode fragment = object(payload.body());
        fragment.remove("@context");
        if (fragment.isEmpty()) {
            throw NgsiLdException.badData("The update names no member of the registration");
        }
        registrations.update(tenant, id, fragment, payload.context()::expand);
        ctx.status(204);
    }

    private void delete(Context ctx) {
        String tenant = in.tenant(ctx);
        policy.require(AccessControl.principal(ctx), Role.TENANT_ADMIN, tenant);
        registrations.delete(tenant, registrationId(ctx));
        ctx.status(204);
    }

    private ObjectNode shown(Registration registration, Map<String, Figures> figures, LdContext context, boolean jsonLd,
                             boolean sysAttrs, boolean credentials) {
        ObjectNode shown = view.render(registration, figures, context::compact, sysAttrs, credentials);
        if (jsonLd) {
            shown.set("@context", context.reference());
        }
        return shown;
    }

    /** Credentials for the source are shown to the tenant's admins only (and to anyone when access control is off). */
    private boolean mayReadCredentials(Context ctx, String tenant) {
        Principal principal = AccessControl.principal(ctx);
        return !policy.enforced() || principal.holds(Role.TENANT_ADMIN, tenant);
    }

    private static boolean sysAttrs(Context ctx) {
        return list(ctx.queryParam("options"), ",").contains("sysAttrs");
    }

    private static List<String> expanded(List<String> names, String parameter, LdContext context) {
        return names.stream().map(name -> context.expand(Names.requireName(parameter, name))).toList();
    }

    private static List<String> list(String value, String separators) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(separators)).map(String::trim).filter(part -> !part.isEmpty()).toList();
    }

    private static ObjectNode object(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw NgsiLdException.badData("A context source registration must be a JSON object");
        }
        return object;
    }

    private static String registrationId(Context ctx) {
        return Names.requireUri("The registration id", ctx.pathParam("registrationId"));
    }
}
