package be.belfort.datapedia;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.Feature;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.datapedia.http.DatapediaApi;
import be.belfort.datapedia.http.DatapediaPages;
import be.belfort.datapedia.sql.PostgresDiagnosisStore;
import be.belfort.datapedia.sql.PostgresFacts;
import be.belfort.datapedia.sql.PostgresQuestionStore;
import be.belfort.datapedia.sql.PostgresSourceStore;
import be.belfort.datamodels.DataModels;
import be.belfort.model.PeriodicTask;
import be.belfort.opendata.Datasets;
import be.belfort.query.QueryService;
import be.belfort.security.AccessPolicy;
import be.belfort.security.OutboundGuard;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** Wires the datapedia: its stores, the services, the API and pages, the recomputation and the harvest. */
public final class DatapediaFeature {
    private static final int MAX_HARVESTED_DATASETS = 10_000;

    private DatapediaFeature() {
    }

    /** The feature, and its services for the demo and the bench to seed and measure. */
    public record Wired(Feature feature, Questions questions, Diagnoses diagnoses, Sources sources) {
    }

    /**
     * @param expand  a name to its IRI under the core @context
     * @param compact an IRI to its name under the core @context
     */
    public static Wired wire(DatapediaSettings settings, DataSource dataSource, ObjectMapper json, QueryService queries,
                             Datasets datasets, AccessPolicy policy, DatasetReadAccess readAccess, OutboundGuard outbound,
                             RequestReader in, ResponseWriter out, UnaryOperator<String> expand,
                             UnaryOperator<String> compact, Clock clock) {
        Region region = new PlatformRegion(queries, datasets);
        DataModels models = DataModels.bundled();
        Questions questions = new Questions(new PostgresQuestionStore(dataSource, json),
                new QuestionParser(expand, compact, region, models), clock);
        Sources sources = new Sources(new PostgresSourceStore(dataSource, json),
                new CatalogueFetcher(outbound, settings.harvestTimeout(), settings.maxCatalogueBytes()),
                new DcatReader(MAX_HARVESTED_DATASETS), region, clock);
        Diagnoses diagnoses = new Diagnoses(questions, new PostgresDiagnosisStore(dataSource, json),
                new PostgresFacts(dataSource), datasets, sources, models,
                new PlatformSchemaChecks(queries, models, compact), expand, clock);
        Feature feature = new Feature("datapedia",
                List.of(new DatapediaApi(questions, diagnoses, sources, policy, readAccess, in, out, json),
                        new DatapediaPages(questions, diagnoses, sources, readAccess)),
                List.of(new PeriodicTask("harvest external catalogues", Duration.ofSeconds(30), settings.harvestInterval(),
                                () -> harvest(sources, diagnoses)),
                        new PeriodicTask("diagnose the policy questions", Duration.ofSeconds(15),
                                settings.recomputeInterval(), diagnoses::recomputeAll)),
                List.of());
        return new Wired(feature, questions, diagnoses, sources);
    }

    private static void harvest(Sources sources, Diagnoses diagnoses) {
        try {
            sources.harvestAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        diagnoses.recomputeAll();
    }
}
