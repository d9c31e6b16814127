package be.belfort.server.features;

import be.belfort.api.ApiServer;
import be.belfort.api.Feature;
import be.belfort.api.opendata.DatasetAdminRoutes;
import be.belfort.api.opendata.EventStreamRoutes;
import be.belfort.api.opendata.OpenDataRoutes;
import be.belfort.jsonld.ContextLoader;
import be.belfort.model.BackgroundJob;
import be.belfort.model.PeriodicTask;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.opendata.EventStreams;
import be.belfort.opendata.LatestState;
import be.belfort.storage.opendata.PostgresMemberStore;
import be.belfort.temporal.RetentionRule;
import io.micrometer.core.instrument.Gauge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Open data: the DCAT-AP Vlaanderen catalogue, the datasets' administration, the Linked Data Event Streams with
 * the closing of their settled pages, and the latest-state downloads.
 */
public final class OpenDataFeature {
    private static final String LIST_OF_DATASETS = "the list of open datasets";
    /** Pages closed per dataset and run, so that one dataset catching up never holds up the others for long. */
    private static final int PAGES_PER_RUN = 200;

    private OpenDataFeature() {
    }

    public static Feature wire(Core core) {
        List<RetentionRule> rules = core.retentionRules();
        EventStreams streams = new EventStreams(new PostgresMemberStore(core.dataSource(), core.json()),
                core.contexts().core(), new ContextLoader(core.contextStore(), ApiServer.HOSTED_CONTEXTS,
                core.remoteContexts()), core.json(), core.settings().ldesPageSize(), core.settings().ldesSettle(),
                (tenant, type) -> retentionOf(rules, tenant, type));
        LatestState latest = new LatestState(core.queries(), core.contexts().core(), core.json());
        BackgroundJob pageClosing = JobMetrics.register(core.metrics(), new BackgroundJob("close event stream pages"));
        Gauge.builder("belfort.ldes.pages.waiting", streams, EventStreams::pagesWaiting)
                .description("Full event stream pages not closed (immutable) yet, over every open dataset")
                .register(core.metrics());
        PeriodicTask closePages = new PeriodicTask("close the pages of every open dataset", Duration.ofSeconds(2),
                Duration.ofSeconds(2), () -> closePages(pageClosing, core.datasets(), streams, core.clock().instant()));
        return new Feature("open data", List.of(
                new OpenDataRoutes(core.datasets(), core.urls(), latest),
                new DatasetAdminRoutes(core.datasets(), core.urls(), core.in(), core.out(), core.json()),
                new EventStreamRoutes(core.datasets(), streams, core.urls(), latest, core.clock())),
                List.of(closePages), List.of());
    }

    /**
     * Closes the full, settled pages of every open dataset's event stream, a bounded number per dataset and run.
     * Each dataset is a unit of its own: one whose pages cannot be closed (a member that cannot be rendered)
     * is skipped and retried with back-off, and every other dataset's pages still close.
     */
    private static void closePages(BackgroundJob job, Datasets datasets, EventStreams streams, Instant now) {
        List<Dataset> open = new ArrayList<>();
        if (!job.run(LIST_OF_DATASETS, () -> open.addAll(datasets.open()))) {
            return;
        }
        List<String> units = new ArrayList<>(open.stream().map(Dataset::path).toList());
        units.add(LIST_OF_DATASETS);
        job.forgetAllBut(units);
        streams.keepWaitingOf(open);
        for (Dataset dataset : open) {
            job.run(dataset.path(), () -> streams.closePages(dataset, now, PAGES_PER_RUN));
        }
    }

    /** The history retention of a dataset, as its stream states it: the type's rule, else the tenant's. */
    private static Optional<String> retentionOf(List<RetentionRule> rules, String tenant, String type) {
        return rules.stream().filter(rule -> rule.tenant().equals(tenant) && type.equals(rule.entityType())).findFirst()
                .or(() -> rules.stream().filter(rule -> rule.tenant().equals(tenant) && rule.entityType() == null).findFirst())
                .map(rule -> rule.keep().toString());
    }
}
