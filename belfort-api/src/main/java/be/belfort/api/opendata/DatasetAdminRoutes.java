package be.belfort.api.opendata;

import be.belfort.api.MediaTypes;
import be.belfort.api.PublicUrls;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.api.RouteGroup;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;

import java.util.Set;

/**
 * The admin API for datasets: a publisher declares the access level and DCAT-AP Vlaanderen metadata of
 * the entities of one type in one tenant ({@code -} is the default tenant). Opening a dataset publishes it
 * in the catalogue and the downloads.
 */
public final class DatasetAdminRoutes implements RouteGroup {
    private static final String DATASET = "/admin/datasets/{tenant}/{type}";

    private final Datasets datasets;
    private final PublicUrls urls;
    private final RequestReader in;
    private final ResponseWriter out;
    private final ObjectMapper json;

    public DatasetAdminRoutes(Datasets datasets, PublicUrls urls, RequestReader in, ResponseWriter out, ObjectMapper json) {
        this.datasets = datasets;
        this.urls = urls;
        this.in = in;
        this.out = out;
        this.json = json;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get("/admin/datasets", ctx -> {
            ArrayNode all = json.createArrayNode();
            datasets.all().forEach(dataset -> all.add(shown(ctx, dataset)));
            out.writePlain(ctx, 200, all);
        });
        app.get(DATASET, ctx -> out.writePlain(ctx, 200, shown(ctx, datasets.get(tenant(ctx), ctx.pathParam("type")))));
        app.put(DATASET, ctx -> {
            JsonNode body = in.json(ctx, Set.of(MediaTypes.JSON));
            boolean existed = datasets.all().stream().anyMatch(d -> d.tenant().equals(tenant(ctx))
                    && d.typeName().equals(ctx.pathParam("type")));
            Dataset dataset = datasets.put(tenant(ctx), ctx.pathParam("type"), body);
            out.writePlain(ctx, existed ? 200 : 201, shown(ctx, dataset));
        });
        app.delete(DATASET, ctx -> {
            datasets.delete(tenant(ctx), ctx.pathParam("type"));
            ctx.status(204);
        });
    }

    private static String tenant(Context ctx) {
        String tenant = ctx.pathParam("tenant");
        return Dataset.tenantOf(tenant);
    }

    private ObjectNode shown(Context ctx, Dataset dataset) {
        ObjectNode node = json.createObjectNode();
        node.put("tenant", dataset.tenant());
        node.put("type", dataset.type());
        node.put("typeName", dataset.typeName());
        node.put("accessLevel", dataset.access().term());
        if (dataset.metadata() != null) {
            node.setAll(dataset.metadata().toJson());
        }
        if (!dataset.personalAttributes().isEmpty()) {
            dataset.personalAttributes().stream().map(datasets::compact).sorted()
                    .forEach(node.putArray("personalAttributes")::add);
        }
        node.put("createdAt", dataset.createdAt().toString());
        node.put("modifiedAt", dataset.modifiedAt().toString());
        if (dataset.isOpen()) {
            node.put("url", urls.catalog(ctx).datasetUrl(dataset));
        }
        return node;
    }
}
