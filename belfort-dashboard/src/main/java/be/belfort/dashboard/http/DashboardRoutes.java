package be.belfort.dashboard.http;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.AccessControl;
import be.belfort.api.EntityTags;
import be.belfort.api.PublicUrls;
import be.belfort.api.RenderedBody;
import be.belfort.api.RouteGroup;
import be.belfort.dashboard.ChartWindow;
import be.belfort.dashboard.Cities;
import be.belfort.dashboard.CityMap;
import be.belfort.dashboard.CitySnapshot;
import be.belfort.dashboard.DashboardSettings;
import be.belfort.dashboard.DataQuality;
import be.belfort.dashboard.DatasetPreview;
import be.belfort.dashboard.EmbedOrigins;
import be.belfort.dashboard.Entities;
import be.belfort.dashboard.EntityDetails;
import be.belfort.dashboard.History;
import be.belfort.dashboard.HistoryRange;
import be.belfort.dashboard.Labels;
import be.belfort.dashboard.MapClusters;
import be.belfort.dashboard.Language;
import be.belfort.dashboard.LiveChanges;
import be.belfort.dashboard.LiveQueue;
import be.belfort.dashboard.OpenCatalogue;
import be.belfort.dashboard.Scopes;
import be.belfort.dashboard.TablePage;
import be.belfort.dashboard.Texts;
import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.security.Principal;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.sse.SseClient;
import io.javalin.router.JavalinDefaultRoutingApi;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's pages and the data its scripts load. Every read goes through the services with the
 * request's principal and the read scope the API would give it; what the viewer may not read answers the
 * same friendly 404 as what does not exist.
 */
public final class DashboardRoutes implements RouteGroup {
    /** The language a visitor chose with the switch; the console reads the same choice. */
    public static final String LANGUAGE_COOKIE = "belfort-lang";
    private static final int YEAR_SECONDS = 365 * 24 * 3600;
    private static final String HTML = "text/html; charset=utf-8";

    private final Cities cities;
    private final Entities entities;
    private final EntityDetails details;
    private final History history;
    private final OpenCatalogue catalogue;
    private final Datasets datasets;
    private final LiveChanges live;
    private final DatasetReadAccess readAccess;
    private final DataQuality quality;
    private final DatasetPreview preview;
    private final DashboardSettings settings;
    private final PublicUrls urls;
    private final ObjectMapper json;
    private final Assets assets = new Assets();
    private final Pages pages = new Pages();
    private final String policy;
    private final EmbedOrigins embedOrigins;

    public DashboardRoutes(Cities cities, Entities entities, EntityDetails details, History history,
                           OpenCatalogue catalogue, Datasets datasets, LiveChanges live, DatasetReadAccess readAccess,
                           DataQuality quality, DatasetPreview preview, DashboardSettings settings,
                           EmbedOrigins embedOrigins, PublicUrls urls, ObjectMapper json) {
        this.cities = cities;
        this.entities = entities;
        this.details = details;
        this.history = history;
        this.catalogue = catalogue;
        this.datasets = datasets;
        this.live = live;
        this.readAccess = readAccess;
        this.quality = quality;
        this.preview = preview;
        this.settings = settings;
        this.urls = urls;
        this.json = json;
        this.policy = ContentSecurity.policy(settings);
        this.embedOrigins = embedOrigins;
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        assets.register(app);
        // A browser asking the root for HTML gets the region page; every other client keeps the JSON index.
        app.before("/", ctx -> {
            // The JSON index may be cached publicly: a cache must not hand it to a browser, nor the page to a client.
            // Added beside the compression's Vary: Accept-Encoding, not in its place.
            ctx.res().addHeader("Vary", "Accept, Accept-Language, Cookie");
            if (ctx.method().name().equals("GET") && wantsHtml(ctx)) {
                region(ctx);
                ctx.skipRemainingHandlers();
            }
        });
        app.get(View.ROOT, this::region);
        app.get(View.ROOT + "/catalogue", this::catalogue);
        app.get(View.ROOT + "/cities/{city}", this::city);
        app.get(View.ROOT + "/cities/{city}/markers.json", this::markers);
        app.get(View.ROOT + "/cities/{city}/quality", this::quality);
        app.get(View.ROOT + "/cities/{city}/datasets/{type}", this::dataset);
        app.sse(View.ROOT + "/cities/{city}/live", this::live);
        app.get(View.ROOT + "/cities/{city}/entities/{id}", this::entity);
        app.get(View.ROOT + "/cities/{city}/entities/{id}/history.json", this::historyJson);
        app.get(View.ROOT + "/cities/{city}/entities/{id}/history.csv", this::historyCsv);
        app.get(View.ROOT + "/embed/cities/{city}/map", this::embedMap);
        app.get(View.ROOT + "/embed/cities/{city}/entities/{id}/chart", this::embedChart);
        app.get(View.ROOT + "/<rest>", ctx -> notFound(ctx, texts(ctx), "notfound.page"));
    }

    /** True when the client lists HTML among what it accepts, as browsers do for a page. */
    static boolean wantsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    private void region(Context ctx) {
        Texts texts = texts(ctx);
        List<CitySnapshot> shown = cities.visible(scopes(ctx));
        html(ctx, "region", texts, Map.of("cities", shown.stream().map(CitySnapshot::city).toList(),
                "takenAt", taken(shown)));
    }

    /** When the oldest of the snapshots shown was taken (now when none is shown). */
    private static java.time.Instant taken(List<CitySnapshot> shown) {
        return shown.stream().map(CitySnapshot::takenAt).min(java.util.Comparator.naturalOrder())
                .orElse(java.time.Instant.now());
    }

    /** The city of the path as the reader may see it, or null after answering the friendly 404. */
    private CitySnapshot visibleCity(Context ctx, Texts texts, String tenant, ReadScope scope) {
        CitySnapshot city = cities.tenants().contains(tenant) ? cities.snapshot(tenant, scope) : null;
        if (city == null || !city.shows(scope)) {
            notFound(ctx, texts, "notfound.city");
            return null;
        }
        return city;
    }

    /**
     * The city: its map, and each layer's table a page at a time ({@code ?type=X&page=N} pages the table of X; the
     * others show their first page). A page that is not one of the table's is a 400 that says which there are.
     */
    private void city(Context ctx) {
        Texts texts = texts(ctx);
        String segment = ctx.pathParam("city");
        String tenant = Cities.tenantOf(segment);
        ReadScope scope = scope(ctx, tenant);
        CitySnapshot snapshot = visibleCity(ctx, texts, tenant, scope);
        if (snapshot == null) {
            return;
        }
        List<CityMap.Layer> layers = snapshot.layers(texts);
        String pagedType = ctx.queryParam("type");
        String asked = ctx.queryParam("page");
        if ((pagedType == null) != (asked == null)
                || (pagedType != null && layers.stream().noneMatch(layer -> layer.name().equals(pagedType)))) {
            badRequest(ctx, texts, texts.get("city.pageUnknown"));
            return;
        }
        Map<String, TablePage> tablePages = new java.util.LinkedHashMap<>();
        for (CityMap.Layer layer : layers) {
            try {
                tablePages.put(layer.name(), TablePage.of(layer.rows(),
                        layer.name().equals(pagedType) ? asked : null, TablePage.SIZE));
            } catch (TablePage.OutOfRange outOfRange) {
                badRequest(ctx, texts, texts.format("city.pageOutOfRange", layer.label(), outOfRange.pages()));
                return;
            }
        }
        Cities.City city = snapshot.city();
        html(ctx, "city", texts, Map.of("city", city, "cityName", city.name(), "layers", layers,
                "tablePages", tablePages, "takenAt", snapshot.takenAt()));
    }

    private void markers(Context ctx) {
        Texts texts = texts(ctx);
        String segment = ctx.pathParam("city");
        String tenant = Cities.tenantOf(segment);
        ReadScope scope = scope(ctx, tenant);
        CitySnapshot snapshot = visibleCity(ctx, texts, tenant, scope);
        if (snapshot == null) {
            return;
        }
        String onlyType = ctx.queryParam("type");
        MapClusters.Bounds bounds = MapClusters.Bounds.parse(ctx.queryParam("bbox"));
        if (bounds == null && ctx.queryParam("bbox") != null) {
            throw NgsiLdException.badData("bbox is west,south,east,north in degrees, not '" + ctx.queryParam("bbox") + "'");
        }
        int zoom = zoom(ctx.queryParam("zoom"));
        // The first view's answer (no area yet) is rendered once per snapshot: asked again, the same bytes. An answer
        // is the same for the same snapshot and question, so its tag is theirs.
        String question = texts.language().code() + "|" + onlyType + "|" + (bounds == null ? "" : bounds) + "|" + zoom;
        Marked marked = bounds == null
                ? snapshot.rendered("markers|" + question, () -> new Marked(
                        markers(snapshot, texts, segment, onlyType, null, zoom), snapshot, question))
                : new Marked(markers(snapshot, texts, segment, onlyType, bounds, zoom), snapshot, question);
        data(ctx);
        // kept with the snapshot, so compressed once for every viewer's browser
        EntityTags.answer(ctx, "application/json", marked.body(), marked.tag());
    }

    /**
     * A map answer and its entity tag: the snapshot (its time, and which one: each scope has its own) and the question
     * it answers.
     */
    private record Marked(RenderedBody body, String tag) {
        Marked(byte[] body, CitySnapshot snapshot, String question) {
            this(new RenderedBody(body), "\"" + Long.toHexString(snapshot.takenAt().toEpochMilli()) + "-"
                    + Integer.toHexString(System.identityHashCode(snapshot)) + "-"
                    + Integer.toHexString(question.hashCode()) + "\"");
        }
    }

    private byte[] markers(CitySnapshot snapshot, Texts texts, String segment, String onlyType,
                           MapClusters.Bounds bounds, int zoom) {
        Extent extent = new Extent();
        ObjectNode answer = json.createObjectNode();
        ArrayNode layers = answer.putArray("layers");
        for (CityMap.Layer layer : snapshot.layers(texts)) {
            if (onlyType != null && !onlyType.equals(layer.name())) {
                continue;
            }
            ObjectNode node = layers.addObject().put("name", layer.name()).put("label", layer.label())
                    .put("total", layer.placed());
            if (layer.headline() != null) {
                node.put("attr", layer.headline());
            }
            MapClusters.Placed placed = MapClusters.of(layer.rows(), bounds, zoom, MapClusters.MAX_MARKERS);
            ArrayNode rows = node.putArray("rows");
            for (CityMap.Row row : placed.rows()) {
                rows.addObject().put("id", row.id()).put("name", row.name()).put("lon", row.lon()).put("lat", row.lat())
                        .put("value", row.value()).put("band", row.band())
                        .put("href", View.entityPath(segment, row.id()));
            }
            ArrayNode clusters = node.putArray("clusters");
            for (MapClusters.Cluster cluster : placed.clusters()) {
                clusters.addObject().put("lon", cluster.lon()).put("lat", cluster.lat()).put("count", cluster.count())
                        .put("band", cluster.band());
            }
            // The first view shows every placed entity, clustered or not.
            layer.rows().stream().filter(row -> row.lon() != null).forEach(row -> extent.include(row.lon(), row.lat()));
        }
        if (!extent.empty()) {
            answer.putArray("bounds").add(extent.south).add(extent.west).add(extent.north).add(extent.east);
        }
        try {
            return json.writeValueAsBytes(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A map answer could not be written", e);
        }
    }

    private void quality(Context ctx) {
        Texts texts = texts(ctx);
        String segment = ctx.pathParam("city");
        String tenant = Cities.tenantOf(segment);
        ReadScope scope = scope(ctx, tenant);
        CitySnapshot city = visibleCity(ctx, texts, tenant, scope);
        if (city == null) {
            return;
        }
        html(ctx, "quality", texts, Map.of("segment", segment, "cityName", city.city().name(),
                "reports", quality.of(tenant, scope)));
    }

    /** A dataset the viewer may read: its metadata, a map and a preview of its entities, and its downloads. */
    private void dataset(Context ctx) {
        Texts texts = texts(ctx);
        String segment = ctx.pathParam("city");
        String tenant = Cities.tenantOf(segment);
        ReadScope scope = scope(ctx, tenant);
        Dataset dataset = datasets.all().stream().filter(candidate -> candidate.tenant().equals(tenant)
                        && candidate.typeName().equals(ctx.pathParam("type")) && scope.allowsType(candidate.type()))
                .findFirst().orElse(null);
        Cities.City city = dataset == null ? null : cities.city(tenant, scope);
        if (city == null) {
            notFound(ctx, texts, "notfound.dataset");
            return;
        }
        long count = city.types().stream().filter(type -> type.type().equals(dataset.type()))
                .mapToLong(Cities.TypeSummary::count).sum();
        html(ctx, "dataset", texts, Map.of("segment", segment, "cityName", city.name(),
                "entry", OpenCatalogue.entry(dataset, urls.base(ctx), texts, catalogue.servedByCity(dataset)), "preview", preview.of(dataset, scope, texts),
                "count", count));
    }

    /** A city's map alone (or one layer of it, {@code ?type=}), for a city's own website to show in a frame. */
    private void embedMap(Context ctx) {
        Texts texts = texts(ctx);
        String tenant = Cities.tenantOf(ctx.pathParam("city"));
        CitySnapshot snapshot = visibleCity(ctx, texts, tenant, scope(ctx, tenant));
        if (snapshot == null) {
            return;
        }
        Cities.City city = snapshot.city();
        String type = ctx.queryParam("type");
        embed(ctx, "embedmap", texts, Map.of("city", city, "type",
                type != null && city.types().stream().anyMatch(known -> known.name().equals(type)) ? type : ""));
    }

    /** One attribute's history chart alone, for a city's own website to show in a frame. */
    private void embedChart(Context ctx) {
        Texts texts = texts(ctx);
        History.Series series = series(ctx);
        HistoryRange range = range(ctx);
        if (series == null) {
            notFound(ctx, texts, "notfound.entity");
            return;
        }
        String segment = ctx.pathParam("city");
        String attribute = ctx.queryParam("attr");
        View view = view(ctx, texts);
        embed(ctx, "embedchart", texts, Map.of(
                "title", details.name(series.entity()) + " · " + Labels.attribute(texts, attribute),
                "source", view.entity(segment, series.entity().id()),
                "chart", view.history(segment, series.entity().id(), attribute, range.code(), "json")));
    }

    /** An embeddable view: framed by the platform's embed origins and those its city added. */
    private void embed(Context ctx, String template, Texts texts, Map<String, Object> parameters) {
        html(ctx, template, texts, parameters);
        List<String> cityOrigins = embedOrigins.of(Cities.tenantOf(ctx.pathParam("city")));
        ctx.header("Content-Security-Policy", ContentSecurity.embedPolicy(settings, cityOrigins));
        String frameOptions = ContentSecurity.frameOptions(settings, cityOrigins);
        if (frameOptions == null) {
            ctx.res().setHeader("X-Frame-Options", null);
        } else {
            ctx.header("X-Frame-Options", frameOptions);
        }
    }

    private static int zoom(String text) {
        if (text == null) {
            return 12;
        }
        try {
            int zoom = Integer.parseInt(text);
            if (zoom >= 0 && zoom <= 22) {
                return zoom;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw NgsiLdException.badData("zoom is a map zoom level from 0 to 22, not '" + text + "'");
    }

    /** The area the markers of an answer cover, for the map to fit its first view to. */
    private static final class Extent {
        private double west = Double.MAX_VALUE;
        private double south = Double.MAX_VALUE;
        private double east = -Double.MAX_VALUE;
        private double north = -Double.MAX_VALUE;

        void include(double lon, double lat) {
            west = Math.min(west, lon);
            east = Math.max(east, lon);
            south = Math.min(south, lat);
            north = Math.max(north, lat);
        }

        boolean empty() {
            return west > east;
        }
    }

    /** A city's committed changes as server-sent events, each as the viewer may read it. */
    private void live(SseClient client) {
        Context ctx = client.ctx();
        Texts texts = texts(ctx);
        String segment = ctx.pathParam("city");
        String tenant = Cities.tenantOf(segment);
        if (!cities.tenants().contains(tenant)) {
            client.close();
            return;
        }
        data(ctx);
        LiveQueue viewer = new LiveQueue(new LiveChanges.Audience(scope(ctx, tenant), texts.language()),
                new LiveViewer(client), LiveQueue.CAPACITY);
        live.watch(tenant, viewer);
        client.onClose(() -> live.stopWatching(tenant, viewer));
        client.keepAlive();
        // From here on every committed change reaches this viewer: the page may rely on it.
        client.sendEvent("ready", "listening");
        Thread.ofVirtual().name("belfort-dashboard-viewer").start(() -> {
            try {
                viewer.send();
            } finally {
                live.stopWatching(tenant, viewer);
            }
        });
    }

    private void entity(Context ctx) {
        Texts texts = texts(ctx);
        String segment = ctx.pathParam("city");
        String tenant = Cities.tenantOf(segment);
        Entities.Found found = readable(ctx, tenant, ctx.pathParam("id"));
        Entity entity = found.entities().isEmpty() ? null : found.entities().getFirst();
        if (entity == null && !found.warnings().isEmpty()) {
            // The city's own broker may hold it but did not answer: say so rather than that it does not exist.
            String page = pages.render("notfound", Map.of("view", view(ctx, texts), "heading",
                    texts.get("unavailable.title"), "message", texts.format("unavailable.entity",
                            new Cities.City(tenant, segment).name())));
            pageHeaders(ctx, texts);
            ctx.header("Retry-After", "10");
            ctx.status(503).contentType(HTML).result(page);
            return;
        }
        if (entity == null) {
            notFound(ctx, texts, "notfound.entity");
            return;
        }
        String typeName = details.typeName(entity);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("segment", segment);
        parameters.put("cityName", new Cities.City(tenant, segment).name());
        parameters.put("id", entity.id());
        parameters.put("name", details.name(entity));
        parameters.put("typeLabel", Labels.type(texts, typeName));
        parameters.put("rows", details.rows(entity, texts));
        parameters.put("openDataset", openDataset(tenant, entity));
        String chosen = ctx.queryParam("attr");
        String from = blankToEmpty(ctx.queryParam("from"));
        String to = blankToEmpty(ctx.queryParam("to"));
        String rangeError = null;
        if (chosen != null && (!from.isEmpty() || !to.isEmpty())) {
            try {
                ChartWindow.days(from, to);
            } catch (ChartWindow.InvalidRange invalid) {
                rangeError = texts.get(invalid.key());
            }
        }
        parameters.put("chosen", new ChosenRange(chosen == null ? "" : chosen, from, to, rangeError));
        // An entity a city's own broker holds has its history there: its charts are read from the broker.
        parameters.put("heldByCity", entities.isFederated(tenant) && !entities.keptHere(tenant, entity.id()));
        html(ctx, "entity", texts, parameters);
    }

    /**
     * The days a viewer chose for one attribute's chart with the form (which works without script too).
     *
     * @param error the message that says what is wrong with them, or null
     */
    public record ChosenRange(String attribute, String from, String to, String error) {
        public boolean shows(String name) {
            return attribute.equals(name) && (!from.isEmpty() || !to.isEmpty());
        }
    }

    private String openDataset(String tenant, Entity entity) {
        return datasets.open().stream()
                .filter(dataset -> dataset.tenant().equals(tenant) && entity.types().contains(dataset.type()))
                .map(dataset -> dataset.path()).findFirst().orElse(null);
    }

    private void historyJson(Context ctx) throws IOException {
        Texts texts = texts(ctx);
        History.Series series = series(ctx);
        ChartWindow window = window(ctx, texts);
        if (series == null) {
            notFound(ctx, texts, "notfound.entity");
            return;
        }
        ObjectNode answer = json.createObjectNode();
        answer.putObject("labels").put("time", texts.get("chart.time")).put("min", texts.get("chart.min"))
                .put("avg", texts.get("chart.avg")).put("max", texts.get("chart.max"));
        ArrayNode points = answer.putArray("points");
        for (History.Point point : history.chart(series, window)) {
            ObjectNode node = points.addObject().put("t", point.start().getEpochSecond());
            node.put("min", point.min()).put("avg", point.avg()).put("max", point.max());
        }
        data(ctx);
        ctx.contentType("application/json").result(json.writeValueAsBytes(answer));
    }

    private void historyCsv(Context ctx) throws IOException {
        Texts texts = texts(ctx);
        History.Series series = series(ctx);
        ChartWindow window = window(ctx, texts);
        if (series == null) {
            notFound(ctx, texts, "notfound.entity");
            return;
        }
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.RFC4180.builder()
                .setHeader("entity", "attribute", "observedAt", "value").get())) {
            String attribute = ctx.queryParam("attr");
            for (History.Recorded recorded : history.recorded(series, window)) {
                printer.printRecord(series.entity().id(), attribute, recorded.observedAt(), recorded.value());
            }
        }
        data(ctx);
        String file = (series.entity().id() + "-" + ctx.queryParam("attr") + "-" + window.code())
                .replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + "\"");
        ctx.contentType("text/csv; charset=utf-8").result(csv.toString());
    }

    private History.Series series(Context ctx) {
        String attribute = ctx.queryParam("attr");
        if (attribute == null || attribute.isBlank()) {
            throw NgsiLdException.badData("Name the attribute to chart with attr=, e.g. attr=availableSpotNumber");
        }
        String tenant = Cities.tenantOf(ctx.pathParam("city"));
        try {
            return history.series(tenant, ctx.pathParam("id"), attribute, scope(ctx, tenant));
        } catch (NgsiLdException nonexistent) {
            return null;
        }
    }

    /** The chosen days ({@code from}, {@code to}) when there are, else the range up to now. */
    private ChartWindow window(Context ctx, Texts texts) {
        if (ctx.queryParam("from") != null || ctx.queryParam("to") != null) {
            try {
                return ChartWindow.days(ctx.queryParam("from"), ctx.queryParam("to"));
            } catch (ChartWindow.InvalidRange invalid) {
                throw NgsiLdException.badData(texts.get(invalid.key()));
            }
        }
        return history.last(range(ctx));
    }

    private static HistoryRange range(Context ctx) {
        String code = ctx.queryParamAsClass("range", String.class).getOrDefault(HistoryRange.DAY.code());
        HistoryRange range = HistoryRange.ofCode(code);
        if (range == null) {
            throw NgsiLdException.badData("range is 24h, 7d, 30d or 1y, not '" + code + "'");
        }
        return range;
    }

    private void catalogue(Context ctx) {
        Texts texts = texts(ctx);
        String city = blankToEmpty(ctx.queryParam("city"));
        String theme = blankToEmpty(ctx.queryParam("theme"));
        String keyword = blankToEmpty(ctx.queryParam("q"));
        String base = urls.base(ctx);
        List<OpenCatalogue.Entry> all = catalogue.entries(base, texts);
        List<String> cityOptions = all.stream().map(OpenCatalogue.Entry::city).distinct().toList();
        List<OpenCatalogue.Theme> themeOptions = all.stream().flatMap(entry -> entry.themes().stream()).distinct()
                .sorted(java.util.Comparator.comparing(OpenCatalogue.Theme::label)).toList();
        String needle = keyword.toLowerCase(texts.language().locale());
        List<OpenCatalogue.Entry> shown = all.stream()
                .filter(entry -> city.isEmpty() || entry.city().equals(city))
                .filter(entry -> theme.isEmpty() || entry.themes().stream().anyMatch(known -> known.code().equals(theme)))
                .filter(entry -> needle.isEmpty() || (entry.title() + " " + entry.description() + " "
                        + String.join(" ", entry.keywords())).toLowerCase(texts.language().locale()).contains(needle))
                .toList();
        html(ctx, "catalogue", texts, Map.of("entries", shown, "cities", cityOptions, "city", city,
                "themes", themeOptions, "theme", theme, "keyword", keyword));
    }

    private static String blankToEmpty(String text) {
        return text == null ? "" : text.trim();
    }

    private Entities.Found readable(Context ctx, String tenant, String id) {
        Entities.Found none = new Entities.Found(List.of(), List.of());
        try {
            return cities.tenants().contains(tenant) ? entities.find(tenant, id, scope(ctx, tenant)) : none;
        } catch (NgsiLdException nonexistent) {
            return none;
        }
    }

    private Scopes scopes(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        return tenant -> readAccess.scope(principal, tenant);
    }

    private ReadScope scope(Context ctx, String tenant) {
        return readAccess.scope(AccessControl.principal(ctx), tenant);
    }

    /** The viewer's language; a choice made with the switch ({@code ?lang=}) is remembered in a cookie. */
    private static Texts texts(Context ctx) {
        String chosen = ctx.queryParam("lang");
        Language explicit = Language.ofCode(chosen);
        if (explicit != null) {
            Cookie cookie = new Cookie(LANGUAGE_COOKIE, explicit.code(), "/", YEAR_SECONDS);
            cookie.setSameSite(SameSite.LAX);
            cookie.setHttpOnly(true);
            ctx.cookie(cookie);
            return new Texts(explicit);
        }
        return new Texts(Language.choose(ctx.cookie(LANGUAGE_COOKIE), ctx.header("Accept-Language")));
    }

    private View view(Context ctx, Texts texts) {
        return new View(texts, assets, ctx.path(), settings, urls.base(ctx));
    }

    private void html(Context ctx, String template, Texts texts, Map<String, Object> parameters) {
        Map<String, Object> all = new HashMap<>(parameters);
        all.put("view", view(ctx, texts));
        String page = pages.render(template, all);
        pageHeaders(ctx, texts);
        ctx.contentType(HTML).result(page);
    }

    private void notFound(Context ctx, Texts texts, String messageKey) {
        String page = pages.render("notfound", Map.of("view", view(ctx, texts), "message", texts.get(messageKey)));
        pageHeaders(ctx, texts);
        ctx.status(404).contentType(HTML).result(page);
    }

    /** A friendly page for a link that asks for what cannot be, saying why. */
    private void badRequest(Context ctx, Texts texts, String message) {
        String page = pages.render("notfound", Map.of("view", view(ctx, texts), "message", message));
        pageHeaders(ctx, texts);
        ctx.status(400).contentType(HTML).result(page);
    }

    private void pageHeaders(Context ctx, Texts texts) {
        ctx.header("Content-Security-Policy", policy);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Language", texts.language().code());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cache-Control", "private, no-cache");
    }

    private static void data(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "private, no-cache");
    }
}
