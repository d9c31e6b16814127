package be.belfort.dashboard;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.Feature;
import be.belfort.api.PublicUrls;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.dashboard.http.DashboardRoutes;
import be.belfort.datamodels.DataModels;
import be.belfort.dashboard.http.EmbedOriginRoutes;
import be.belfort.dashboard.sql.PostgresEmbedOrigins;
import be.belfort.security.AccessPolicy;
import be.belfort.dashboard.http.LiveEvents;
import be.belfort.model.EntityService;
import be.belfort.opendata.Datasets;
import be.belfort.query.QueryService;
import be.belfort.temporal.TemporalReads;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/** The city dashboard: its pages read through the query, history and dataset services with the viewer's scope. */
public final class DashboardFeature {
    private DashboardFeature() {
    }

    /**
     * @param urls    the platform's public base URL, for the catalogue's links and curl lines
     * @param compact an IRI to its name under the core @context (types and attributes as people know them)
     * @param federated the registered context sources (cities' own brokers), read as the API's distributed queries
     */
    public static Feature wire(DashboardSettings settings, DataSource dataSource, EntityService service,
                               QueryService queries, TemporalReads history, Datasets datasets,
                               DatasetReadAccess readAccess, AccessPolicy policy, RequestReader in, ResponseWriter out,
                               PublicUrls urls, UnaryOperator<String> compact, ObjectMapper json, Clock clock,
                               Federated federated) {
        Entities entities = new Entities(queries, federated);
        CityMap map = new CityMap(entities, compact);
        Cities cities = new Cities(datasets, queries, entities, map, compact, clock);
        LiveChanges live = new LiveChanges(map, compact, new LiveEvents(json));
        service.addChangeListener(live);
        EmbedOrigins embedOrigins = new EmbedOrigins(new PostgresEmbedOrigins(dataSource, clock));
        DashboardRoutes routes = new DashboardRoutes(cities, entities, new EntityDetails(compact),
                new History(entities, history, compact, clock), new OpenCatalogue(datasets,
                        dataset -> federated.reads().holdsType(dataset.tenant(), dataset.type())), datasets, live, readAccess,
                new DataQuality(datasets, entities, history, compact, DataModels.bundled(), clock),
                new DatasetPreview(entities, compact), settings, embedOrigins, urls, json);
        return new Feature("dashboard", List.of(routes,
                new EmbedOriginRoutes(embedOrigins, settings, policy, in, out, json)), List.of(), List.of(live));
    }
}
