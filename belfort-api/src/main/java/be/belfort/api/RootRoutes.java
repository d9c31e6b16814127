package be.belfort.api;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;

/** The platform's root: links to everything a new user can browse from there. */
public final class RootRoutes implements RouteGroup {
    private final PublicUrls urls;
    private final ObjectMapper json;

    public RootRoutes(PublicUrls urls, ObjectMapper json) {
        this.urls = urls;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get("/", ctx -> {
            String base = urls.base(ctx);
            ObjectNode root = json.createObjectNode();
            root.put("name", "Belfort");
            root.put("description", "Open data platform of the smart region: NGSI-LD, DCAT-AP Vlaanderen");
            ObjectNode links = root.putObject("links");
            links.put("catalog", base + "/catalog");
            links.put("entities", base + "/ngsi-ld/v1/entities");
            links.put("types", base + "/ngsi-ld/v1/types");
            links.put("temporal", base + "/ngsi-ld/v1/temporal/entities");
            links.put("subscriptions", base + "/ngsi-ld/v1/subscriptions");
            links.put("health", base + "/health");
            links.put("metrics", base + "/metrics");
            ctx.header("Cache-Control", "public, max-age=60");
            ctx.header("Link", "<" + base + "/catalog>; rel=\"http://www.w3.org/ns/dcat#catalog\"");
            EntityTags.answer(ctx, MediaTypes.JSON, json.writeValueAsBytes(root));
        });
    }
}
