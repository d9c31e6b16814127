package be.belfort.server.features;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.ClientAddresses;
import be.belfort.api.Problems;
import be.belfort.api.PublicUrls;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.EntityService;
import be.belfort.model.ReadAccess;
import be.belfort.model.ReadRouting;
import be.belfort.opendata.Datasets;
import be.belfort.query.QueryService;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.OutboundGuard;
import be.belfort.security.RateLimits;
import be.belfort.server.Nodes;
import be.belfort.server.Settings;
import be.belfort.storage.contexts.PostgresContextStore;
import be.belfort.storage.entities.PostgresEntityFinder;
import be.belfort.temporal.RetentionRule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

/**
 * What every feature may build on: the database, the domain services of entities, queries, contexts and datasets,
 * who may read what, and the HTTP kit. The platform makes it once; each feature's factory takes what it needs.
 *
 * @param reads the connections for reads that a replica may answer (the primary's without a replica)
 * @param readRouting who reads and who wrote, so that a client reads its own writes where a replica answers reads
 * @param nodes this node among those sharing the database: its lease, the change feed, the run-once locks
 * @param entityCache the entity rows kept for retrieval by id, which every other writer of entities must forget
 * @param readAccess what a request's reader may see
 * @param rateLimits the requests each client may make, shared by every way in (API, devices)
 * @param clientAddresses who a request comes from, behind the trusted proxies
 * @param subscriberAccess what a subscriber may see when a notification is sent ({@link ReadAccess#EVERYTHING}
 *                         when access control is off)
 */
public record Core(
        Settings settings,
        DataSource dataSource,
        DataSource reads,
        ReadRouting readRouting,
        Nodes nodes,
        ObjectMapper json,
        PrometheusMeterRegistry metrics,
        Clock clock,
        OutboundGuard outbound,
        PostgresContextStore contextStore,
        RemoteContexts remoteContexts,
        ContextResolver contexts,
        EntityService entities,
        PostgresEntityFinder finder,
        be.belfort.storage.EntityCache entityCache,
        QueryService queries,
        Datasets datasets,
        List<RetentionRule> retentionRules,
        PublicUrls urls,
        ApiKeys keys,
        AccessPolicy policy,
        DatasetReadAccess readAccess,
        ReadAccess subscriberAccess,
        RateLimits rateLimits,
        ClientAddresses clientAddresses,
        Problems problems,
        RequestReader in,
        ResponseWriter out) {

    /** The largest page a query may ask for. */
    public static final int MAX_QUERY_LIMIT = 1000;
}
