package be.belfort.api.opendata;

import be.belfort.api.EntityTags;

import be.belfort.api.PublicUrls;
import be.belfort.api.RenderedBody;
import be.belfort.api.RouteGroup;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.opendata.EventStreams;
import be.belfort.opendata.LatestState;
import be.belfort.opendata.RdfFormat;

import io.javalin.router.JavalinDefaultRoutingApi;
import io.javalin.http.Context;
import org.eclipse.rdf4j.model.Model;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Linked Data Event Stream of each open dataset: {@code /datasets/{tenant}/{type}/ldes} (the stream),
 * {@code …/ldes/view} (its root node) and {@code …/ldes/pages/{n}}. Closed pages never change: they are
 * served immutable, from memory once rendered; the open page and the view are cacheable for seconds.
 */
public final class EventStreamRoutes implements RouteGroup {
    private static final String STREAM = "/datasets/{tenant}/{type}/ldes";
    private static final int CACHED_PAGES = 200;
    /** Open pages kept rendered: a stream's in each format asked, for a few dozen streams. */
    private static final int OPEN_PAGES = 64;

    private final Datasets datasets;
    private final EventStreams streams;
    private final PublicUrls urls;
    private final LatestState latest;
    private final Clock clock;
    /** Rendered closed pages, by URL and format: they are the same for every reader, forever. */
    private final Map<String, Rendered> rendered = new LinkedHashMap<>(CACHED_PAGES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rendered> eldest) {
            return size() > CACHED_PAGES;
        }
    };

    /**
     * The open page of each stream, by URL and format, rendered with what it was rendered from: an LDES client polls
     * it, and every poll of an unchanged page would render the same triples again.
     */
    private final Map<String, OpenRendered> open = new LinkedHashMap<>(OPEN_PAGES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OpenRendered> eldest) {
            return size() > OPEN_PAGES;
        }
    };

    private record OpenRendered(Object version, Rendered page) {
    }

    /**
     * A closed page as served (compressed once for the clients that accept gzip), its tag, and the time of its last
     * member (retention may still remove it).
     */
    private record Rendered(RenderedBody body, String etag, java.time.Instant lastAt) {
        Rendered(byte[] body, java.time.Instant lastAt) {
            this(new RenderedBody(body), EntityTags.of(body), lastAt);
        }
    }

    public EventStreamRoutes(Datasets datasets, EventStreams streams, PublicUrls urls, LatestState latest, Clock clock) {
        this.datasets = datasets;
        this.streams = streams;
        this.urls = urls;
        this.latest = latest;
        this.clock = clock;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(STREAM, ctx -> {
            Dataset dataset = dataset(ctx);
            write(ctx, streams.stream(dataset, streamUrl(ctx, dataset)), 60);
        });
        app.get(STREAM + "/view", ctx -> {
            Dataset dataset = dataset(ctx);
            write(ctx, streams.view(dataset, streamUrl(ctx, dataset), clock.instant()), 10);
        });
        app.get(STREAM + "/pages/{page}", this::page);
        app.get(STREAM + "/latest/pages/{page}", ctx -> {
            Dataset dataset = dataset(ctx);
            int number = pageNumber(ctx);
            write(ctx, streams.latest(dataset, streamUrl(ctx, dataset), number,
                    (offset, limit) -> latest.entities(dataset, offset, limit)), 10);
        });
    }

    private void page(Context ctx) {
        Dataset dataset = dataset(ctx);
        int number = pageNumber(ctx);
        RdfFormat format = OpenDataRoutes.negotiate(ctx.header("Accept"));
        String streamUrl = streamUrl(ctx, dataset);
        String key = streamUrl + " " + number + " " + format;
        Rendered cached;
        synchronized (rendered) {
            cached = rendered.get(key);
        }
        if (cached != null) {
            streams.requireKept(dataset, streamUrl, number, cached.lastAt(), clock.instant());
            immutable(ctx, format, cached);
            return;
        }
        if (format == RdfFormat.N_TRIPLES || format == RdfFormat.N_QUADS) {
            var text = streams.closedPageAsNTriples(dataset, streamUrl, number, clock.instant());
            if (text.isPresent()) {
                Rendered page = new Rendered(text.get().text().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        text.get().lastAt());
                synchronized (rendered) {
                    rendered.put(key, page);
                }
                immutable(ctx, format, page);
                return;
            }
        }
        EventStreams.PageAnswer answer = streams.page(dataset, streamUrl, number, clock.instant());
        if (answer.closed()) {
            Rendered page = new Rendered(format.write(answer.model()), answer.closedWithLastAt());
            synchronized (rendered) {
                rendered.put(key, page);
            }
            immutable(ctx, format, page);
        } else {
            Rendered page = openPage(streamUrl + " " + format, answer, format);
            OpenDataRoutes.openHeaders(ctx, 5);
            OpenDataRoutes.varyOnAccept(ctx);
            EntityTags.answer(ctx, OpenDataRoutes.contentType(format), page.body(), page.etag());
        }
    }

    /** The open page rendered: as kept while it is unchanged (LDES clients poll it), else rendered and kept. */
    private Rendered openPage(String key, EventStreams.PageAnswer answer, RdfFormat format) {
        OpenRendered kept;
        synchronized (open) {
            kept = open.get(key);
        }
        if (kept != null && kept.version().equals(answer.version())) {
            return kept.page();
        }
        Rendered page = new Rendered(format.write(answer.model()), null);
        synchronized (open) {
            open.put(key, new OpenRendered(answer.version(), page));
        }
        return page;
    }

    private static int pageNumber(Context ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("page"));
        } catch (NumberFormatException e) {
            throw NgsiLdException.notFound("This stream has no page " + ctx.pathParam("page"));
        }
    }

    private static void immutable(Context ctx, RdfFormat format, Rendered page) {
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        OpenDataRoutes.varyOnAccept(ctx);
        EntityTags.answer(ctx, OpenDataRoutes.contentType(format), page.body(), page.etag());
    }

    private static void write(Context ctx, Model model, int maxAgeSeconds) {
        RdfFormat format = OpenDataRoutes.negotiate(ctx.header("Accept"));
        OpenDataRoutes.openHeaders(ctx, maxAgeSeconds);
        OpenDataRoutes.varyOnAccept(ctx);
        EntityTags.answer(ctx, OpenDataRoutes.contentType(format), format.write(model));
    }

    private Dataset dataset(Context ctx) {
        return OpenDataRoutes.keptDataset(datasets, urls, ctx);
    }

    private String streamUrl(Context ctx, Dataset dataset) {
        return urls.catalog(ctx).datasetUrl(dataset) + "/ldes";
    }
}
