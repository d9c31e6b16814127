package be.belfort.api.opendata;

import be.belfort.api.EntityTags;

import be.belfort.api.MediaTypes;
import be.belfort.api.PublicUrls;
import be.belfort.api.RouteGroup;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.Catalog;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.opendata.LatestState;
import be.belfort.opendata.RdfFormat;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;
import org.eclipse.rdf4j.model.Model;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The open-data paths, readable by anyone without credentials: the DCAT-AP Vlaanderen catalogue, each
 * open dataset and distribution (their IRIs are these URLs), and the latest state of each open dataset as
 * CSV and GeoJSON. Restricted and personal datasets do not exist here: asking for one is a 404.
 */
public final class OpenDataRoutes implements RouteGroup {
    private static final String DATASET = "/datasets/{tenant}/{type}";

    private final Datasets datasets;
    private final PublicUrls urls;
    private final LatestState latest;

    public OpenDataRoutes(Datasets datasets, PublicUrls urls, LatestState latest) {
        this.datasets = datasets;
        this.urls = urls;
        this.latest = latest;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get("/catalog", ctx -> rdf(ctx, urls.catalog(ctx).catalog(datasets.open()), 60));
        app.get("/catalog/{tenant}", ctx -> {
            String tenant = Dataset.tenantOf(ctx.pathParam("tenant"));
            List<Dataset> open = datasets.open();
            if (open.stream().noneMatch(dataset -> dataset.tenant().equals(tenant))) {
                throw NgsiLdException.notFound("No open datasets in tenant '" + tenant + "'");
            }
            rdf(ctx, urls.catalog(ctx).tenantCatalog(tenant, open), 60);
        });
        app.get(DATASET, ctx -> {
            Dataset dataset = dataset(ctx);
            Catalog catalog = urls.catalog(ctx);
            if (DatasetPage.wanted(ctx.header("Accept"))) {
                openHeaders(ctx, 60);
                varyOnAccept(ctx);
                EntityTags.answer(ctx, "text/html; charset=utf-8",
                        DatasetPage.html(dataset, catalog).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                rdf(ctx, catalog.dataset(dataset), 60);
            }
        });
        app.get(DATASET + "/distributions/{distribution}", ctx -> {
            Dataset dataset = dataset(ctx);
            Catalog.Distribution distribution = Catalog.Distribution.of(ctx.pathParam("distribution"));
            Catalog catalog = urls.catalog(ctx);
            if (distribution == null || !catalog.distributions(dataset).contains(distribution)) {
                throw NgsiLdException.notFound("No distribution " + ctx.pathParam("distribution") + " of " + dataset.typeName()
                        + (catalog.servedByCity(dataset) ? ": its data is served from the city's own broker, through the"
                        + " API distribution only" : ""));
            }
            rdf(ctx, catalog.distribution(dataset, distribution), 60);
        });
        app.get(DATASET + "/latest.csv", ctx -> download(ctx, "text/csv; charset=utf-8", latest::csv));
        app.get(DATASET + "/latest.geojson", ctx -> download(ctx, MediaTypes.GEO_JSON, latest::geoJson));
    }

    private Dataset dataset(Context ctx) {
        return openDataset(datasets, ctx);
    }

    /** The open dataset a path names ({@code /datasets/{tenant}/{type}…}); 404 for any other. */
    static Dataset openDataset(Datasets datasets, Context ctx) {
        return datasets.getOpen(Dataset.tenantOf(ctx.pathParam("tenant")), ctx.pathParam("type"));
    }

    /**
     * The open dataset a path names, whose data the region keeps (downloads and streams are made of that copy); 404
     * for data a city's own broker holds, which only the API distribution serves.
     */
    static Dataset keptDataset(Datasets datasets, PublicUrls urls, Context ctx) {
        Dataset dataset = openDataset(datasets, ctx);
        if (urls.catalog(ctx).servedByCity(dataset)) {
            throw NgsiLdException.notFound("The data of dataset " + dataset.typeName() + " is served from the city's own"
                    + " broker: the region keeps no copy to download or stream; use its NGSI-LD API distribution");
        }
        return dataset;
    }

    private void download(Context ctx, String mediaType, BiConsumer<Dataset, java.io.OutputStream> writer) {
        Dataset dataset = keptDataset(datasets, urls, ctx);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writer.accept(dataset, body);
        openHeaders(ctx, 30);
        EntityTags.answer(ctx, mediaType, body.toByteArray());
    }

    private static void rdf(Context ctx, Model model, int maxAgeSeconds) {
        RdfFormat format = negotiate(ctx.header("Accept"));
        openHeaders(ctx, maxAgeSeconds);
        varyOnAccept(ctx);
        EntityTags.answer(ctx, contentType(format), format.write(model));
    }

    /**
     * The Content-Type of an RDF answer: Turtle names its charset (text/* defaults to US-ASCII); JSON-LD, N-Triples,
     * N-Quads and TriG are UTF-8 by definition, and their registrations define no charset parameter.
     */
    static String contentType(RdfFormat format) {
        return format.mediaType() + (format == RdfFormat.TURTLE ? "; charset=utf-8" : "");
    }

    /** Turtle unless the client prefers another RDF serialisation; 406 when it accepts none. */
    static RdfFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return RdfFormat.TURTLE;
        }
        for (MediaTypes.Choice choice : MediaTypes.ranked(accept)) {
            RdfFormat format = RdfFormat.ofMediaType(choice.type());
            if (format != null) {
                return format;
            }
            if (List.of("*/*", "text/*", "text/html").contains(choice.type())) {
                return RdfFormat.TURTLE;
            }
            if (choice.type().equals("application/json") || choice.type().equals("application/*")) {
                return RdfFormat.JSON_LD;
            }
        }
        throw new NgsiLdException(ErrorType.NOT_ACCEPTABLE, "This resource is available as text/turtle,"
                + " application/ld+json, application/n-triples, application/n-quads or application/trig, not " + accept);
    }

    /** Added beside the Vary: Accept-Encoding of the compression, not in its place. */
    static void varyOnAccept(Context ctx) {
        ctx.res().addHeader("Vary", "Accept");
    }

    static void openHeaders(Context ctx, int maxAgeSeconds) {
        ctx.header("Cache-Control", "public, max-age=" + maxAgeSeconds);
    }

}
