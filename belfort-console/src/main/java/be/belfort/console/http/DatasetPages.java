package be.belfort.console.http;

import be.belfort.api.PublicUrls;
import be.belfort.api.RouteGroup;
import be.belfort.console.ConsoleAudit;
import be.belfort.console.ConsoleTexts;
import be.belfort.console.DatasetForm;
import be.belfort.console.Session;
import be.belfort.dashboard.OpenCatalogue;
import be.belfort.model.ErrorType;
import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.AccessLevel;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetMetadata;
import be.belfort.opendata.Datasets;
import be.belfort.query.QueryService;
import be.belfort.security.Role;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A city's datasets for its tenant admins: every entity type of the city with its access level, and the form
 * that declares or changes one. A form with mistakes comes back with what was typed and a message beside
 * each wrong field, and nothing is saved; opening a dataset first shows it as the catalogue will. Saving calls
 * the same {@code Datasets} service as {@code PUT /admin/datasets/{tenant}/{type}} and is audited as that call.
 */
public final class DatasetPages implements RouteGroup {
    private static final String PUT = "PUT /admin/datasets/{tenant}/{type}";

    private final Gate gate;
    private final ConsolePages pages;
    private final Datasets datasets;
    private final QueryService queries;
    private final PublicUrls urls;
    private final ConsoleAudit audit;
    private final Clock clock;

    DatasetPages(Gate gate, ConsolePages pages, Datasets datasets, QueryService queries, PublicUrls urls,
                 ConsoleAudit audit, Clock clock) {
        this.gate = gate;
        this.pages = pages;
        this.datasets = datasets;
        this.queries = queries;
        this.urls = urls;
        this.audit = audit;
        this.clock = clock;
    }

    /** A type of the city with its dataset, if declared. */
    public record Row(String typeName, Dataset dataset) {
        public String access() {
            return dataset == null ? AccessLevel.RESTRICTED.term() : dataset.access().term();
        }
    }

    @Override
    public void register(JavalinDefaultRoutingApi app) {
        app.get(ConsoleView.ROOT + "/cities/{city}/datasets", this::list);
        app.get(ConsoleView.ROOT + "/cities/{city}/declare", this::declare);
        app.get(ConsoleView.ROOT + "/cities/{city}/datasets/{type}", this::form);
        app.post(ConsoleView.ROOT + "/cities/{city}/datasets/{type}", this::save);
    }

    private void list(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        if (tenant == null) {
            return;
        }
        Map<String, Row> rows = new TreeMap<>();
        for (String type : entityTypes(tenant)) {
            String name = datasets.compact(type);
            rows.put(name, new Row(name, null));
        }
        datasets.all().stream().filter(dataset -> dataset.tenant().equals(tenant))
                .forEach(dataset -> rows.put(dataset.typeName(), new Row(dataset.typeName(), dataset)));
        ConsoleTexts texts = gate.texts(ctx);
        pages.html(ctx, "datasets", gate.view(ctx, texts, session, ctx.pathParam("city")), Map.of(
                "rows", List.copyOf(rows.values()),
                "saved", Optional.ofNullable(ctx.queryParam("saved")).orElse("")));
    }

    private List<String> entityTypes(String tenant) {
        try {
            return queries.typeNames(tenant);
        } catch (NgsiLdException noEntitiesYet) {
            if (noEntitiesYet.type() == ErrorType.NONEXISTENT_TENANT) {
                return List.of();
            }
            throw noEntitiesYet;
        }
    }

    private void declare(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        if (tenant == null) {
            return;
        }
        String type = Optional.ofNullable(ctx.queryParam("type")).orElse("").trim();
        String city = ConsoleView.cityPath(ctx.pathParam("city"));
        ctx.redirect(type.isEmpty() ? city + "/datasets" : city + "/datasets/" + ConsoleView.segment(type),
                HttpStatus.SEE_OTHER);
    }

    private void form(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        String type = tenant == null ? null : typeName(ctx, session);
        if (type == null) {
            return;
        }
        DatasetForm form = declared(tenant, type).map(dataset -> DatasetForm.of(dataset, datasets::compact))
                .orElse(DatasetForm.blank());
        showForm(ctx, session, 200, type, form, Map.of(), "");
    }

    private void save(Context ctx) {
        Session session = gate.session(ctx);
        String tenant = session == null ? null : gate.city(ctx, session, Role.TENANT_ADMIN);
        if (tenant == null || !gate.formTokenValid(ctx, session)) {
            return;
        }
        String type = typeName(ctx, session);
        if (type == null) {
            return;
        }
        DatasetForm form = DatasetForm.posted(ctx.formParamMap());
        if ("edit".equals(ctx.formParam("action"))) {
            showForm(ctx, session, 200, type, form, Map.of(), "");
            return;
        }
        Map<String, String> errors = form.errors();
        if (!errors.isEmpty()) {
            audit.record(session.principal(), tenant, PUT, null, 400);
            showForm(ctx, session, 400, type, form, errors, "");
            return;
        }
        boolean confirmed = "confirm".equals(ctx.formParam("action"));
        boolean wasOpen = declared(tenant, type).map(Dataset::isOpen).orElse(false);
        if ("preview".equals(ctx.formParam("action")) && !form.opens() && !form.describes()) {
            showForm(ctx, session, 200, type, form, Map.of(), gate.texts(ctx).get("datasets.preview.nothing"));
            return;
        }
        if ("preview".equals(ctx.formParam("action")) || (form.opens() && !wasOpen && !confirmed)) {
            preview(ctx, session, tenant, type, form);
            return;
        }
        boolean existed = declared(tenant, type).isPresent();
        try {
            datasets.put(tenant, type, form.body());
        } catch (NgsiLdException refused) {
            if (refused.type().status() >= 500) {
                throw refused;
            }
            audit.record(session.principal(), tenant, PUT, null, refused.type().status());
            showForm(ctx, session, 400, type, form, Map.of(), refused.getMessage());
            return;
        }
        audit.record(session.principal(), tenant, PUT, null, existed ? 200 : 201);
        ctx.redirect(ConsoleView.cityPath(ctx.pathParam("city")) + "/datasets?saved=" + ConsoleView.query(type),
                HttpStatus.SEE_OTHER);
    }

    /** The dataset as the open catalogue will show it, with the button that saves it as previewed. */
    private void preview(Context ctx, Session session, String tenant, String type, DatasetForm form) {
        ConsoleTexts texts = gate.texts(ctx);
        Instant now = clock.instant();
        DatasetMetadata metadata = DatasetMetadata.parse(form.body());
        Dataset unsaved = new Dataset(tenant, type, type, AccessLevel.of(form.accessLevel()), metadata, Set.of(), now, now);
        OpenCatalogue.Entry entry = OpenCatalogue.entry(unsaved, urls.base(ctx), texts.dashboard());
        pages.html(ctx, "datasetpreview", gate.view(ctx, texts, session, ctx.pathParam("city")),
                Map.of("type", type, "entry", entry, "form", form));
    }

    private void showForm(Context ctx, Session session, int status, String type, DatasetForm form,
                          Map<String, String> errors, String problem) {
        ConsoleTexts texts = gate.texts(ctx);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("type", type);
        parameters.put("form", form);
        parameters.put("errors", errors);
        parameters.put("problem", problem);
        parameters.put("themes", DatasetForm.THEMES);
        parameters.put("frequencies", DatasetForm.FREQUENCIES);
        parameters.put("licenses", DatasetForm.LICENSES);
        pages.html(ctx, status, "datasetform", gate.view(ctx, texts, session, ctx.pathParam("city")), parameters);
    }

    /** The type name of the path, or null after a 404 for a name no entity type can have. */
    private String typeName(Context ctx, Session session) {
        String type = ctx.pathParam("type");
        try {
            Names.requireName("Entity type", type);
            return type;
        } catch (NgsiLdException notAName) {
            pages.notFound(ctx, gate.view(ctx, gate.texts(ctx), session, ctx.pathParam("city")));
            return null;
        }
    }

    private Optional<Dataset> declared(String tenant, String type) {
        try {
            return Optional.of(datasets.get(tenant, type));
        } catch (NgsiLdException notDeclared) {
            if (notDeclared.type() == ErrorType.RESOURCE_NOT_FOUND) {
                return Optional.empty();
            }
            throw notDeclared;
        }
    }
}
