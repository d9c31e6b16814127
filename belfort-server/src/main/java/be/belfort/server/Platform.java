package be.belfort.server;

import be.belfort.access.DatasetReadAccess;
import be.belfort.api.ApiServer;
import be.belfort.api.ClientAddresses;
import be.belfort.api.Feature;
import be.belfort.dashboard.Federated;
import be.belfort.federation.FederationFeature;
import be.belfort.jsonld.EntityReader;
import be.belfort.opendata.Dataset;
import be.belfort.query.DistributedReads;
import be.belfort.console.ConsoleFeature;
import be.belfort.dashboard.DashboardFeature;
import be.belfort.datapedia.DatapediaFeature;
import be.belfort.ingestion.IngestionFeature;
import be.belfort.api.Problems;
import be.belfort.api.PublicUrls;
import be.belfort.api.ReadYourWrites;
import be.belfort.api.RequestReader;
import be.belfort.api.ResponseWriter;
import be.belfort.jsonld.ContextLoader;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.BackgroundJob;
import be.belfort.model.EntityService;
import be.belfort.model.PeriodicTask;
import be.belfort.model.ReadAccess;
import be.belfort.model.ReadRouting;
import be.belfort.opendata.Datasets;
import be.belfort.query.QueryService;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.OutboundGuard;
import be.belfort.security.RateLimits;
import be.belfort.server.features.ContextsFeature;
import be.belfort.server.features.Core;
import be.belfort.server.features.EntitiesFeature;
import be.belfort.server.features.JobMetrics;
import be.belfort.server.features.OpenDataFeature;
import be.belfort.server.features.OperationsFeature;
import be.belfort.server.features.SecurityFeature;
import be.belfort.server.features.SubscriptionsFeature;
import be.belfort.server.features.TemporalFeature;
import be.belfort.storage.ChangeFeed;
import be.belfort.storage.Database;
import be.belfort.storage.EntityCache;
import be.belfort.storage.PostgresTenants;
import be.belfort.storage.ReplicaReads;
import be.belfort.storage.TenantPurge;
import be.belfort.storage.contexts.PostgresContextStore;
import be.belfort.storage.entities.PostgresEntityFinder;
import be.belfort.storage.entities.PostgresEntityStore;
import be.belfort.storage.opendata.PostgresMemberStore;
import be.belfort.storage.opendata.PostgresDatasetStore;
import be.belfort.storage.security.PostgresApiKeyStore;
import be.belfort.storage.temporal.HistoryRetention;
import be.belfort.temporal.RetentionRule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running platform: the database, the services every feature builds on ({@link Core}), and the features
 * composed on them — each wired by its own factory in {@code be.belfort.server.features} or in its own module.
 * The platform registers the features' routes in order, runs their periodic tasks, and stops them in reverse.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /** How long a health check waits for the database to answer before it says not ready. */
    static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** How long background tasks under way may take to finish on shutdown before they are interrupted. */
    private static final Duration TASKS_STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Database database;
    private final Core core;
    private final List<Feature> features;
    private final HistoryRetention retention;
    private final String adminKey;
    /** One scheduler per periodic task, so that a task catching up for minutes never holds up another. */
    private final List<ScheduledExecutorService> schedulers = new ArrayList<>();
    private ApiServer server;
    /** What the warm-up at start did, or null when there was none (or it failed). */
    private WarmUp.Figures warmUp;

    private Platform(Database database, Core core, List<Feature> features, HistoryRetention retention, String adminKey) {
        this.database = database;
        this.core = core;
        this.features = features;
        this.retention = retention;
        this.adminKey = adminKey;
    }

    public static Platform start(Settings settings) {
        Database database = settings.usesEmbeddedDatabase()
                ? Database.embedded(settings.dataDirectory(), settings.pool())
                : Database.external(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.pool());
        ReplicaReads replica = settings.dbReadUrl() == null || settings.dbReadUrl().isBlank() ? null
                : database.readFromReplica(settings.dbReadUrl(), settings.dbUser(), settings.dbPassword(), settings.pool());
        ReadRouting readRouting = replica == null ? ReadRouting.PRIMARY_ONLY : replica;
        Nodes nodes = null;
        EntityService entities = null;
        try {
            ObjectMapper json = objectMapper();
            nodes = Nodes.join(database, json);
            // The registered context sources are wired after the core: the catalogue asks them through this reference.
            java.util.concurrent.atomic.AtomicReference<DistributedReads> sources =
                    new java.util.concurrent.atomic.AtomicReference<>(DistributedReads.LOCAL);
            PostgresTenants tenants = new PostgresTenants(database.dataSource());
            Core core = core(settings, database, tenants, readRouting, nodes, json,
                    dataset -> sources.get().holdsType(dataset.tenant(), dataset.type()));
            entities = core.entities();
            if (replica != null) {
                measureReads(core.metrics(), replica);
            }
            String adminKey = settings.security().auth() ? core.keys().bootstrapAdmin(settings.security().adminKey()) : null;
            if (!settings.security().auth()) {
                LOG.warn("**********************************************************************");
                LOG.warn("* ACCESS CONTROL IS OFF (--auth off): anyone may read and change     *");
                LOG.warn("* everything. Use this for local development and conformance runs.   *");
                LOG.warn("**********************************************************************");
            }
            List<Feature> features = new ArrayList<>();
            // The security feature comes first: its access check runs before every other route.
            SecurityFeature.Wired security = SecurityFeature.wire(core);
            features.add(security.feature());
            if (readRouting != ReadRouting.PRIMARY_ONLY) {
                // whose reads and whose writes, for the replica's reads: a client reads its own writes
                features.add(Feature.ofRoutes("read routing", new ReadYourWrites(readRouting, core.clientAddresses())));
            }
            // Context sources registered with the region answer its queries too (federation, NGSI-LD distributed reads).
            FederationFeature.Wired federation = FederationFeature.wire(core.dataSource(), core.json(), core.policy(),
                    core.in(), core.out(), core.contexts(), core.outbound(), core.clock(), settings.federation(),
                    "belfort-" + java.util.UUID.randomUUID(), Core.MAX_QUERY_LIMIT,
                    (table, changed, all) -> core.nodes().changes().on(table, ChangeFeed.Listener.ofRows(changed, all)));
            sources.set(federation.reads());
            features.add(EntitiesFeature.wire(core, federation.reads(), federation.writes()));
            TemporalFeature.Wired temporal = TemporalFeature.wire(core, federation.reads(), federation.writes());
            features.add(federation.feature());
            features.add(temporal.feature());
            features.add(ContextsFeature.wire(core));
            SubscriptionsFeature.Wired subscriptions = SubscriptionsFeature.wire(core);
            features.add(subscriptions.feature());
            features.add(OpenDataFeature.wire(core));
            features.add(DashboardFeature.wire(settings.dashboard(), core.dataSource(), core.entities(), core.queries(),
                    temporal.reads(), core.datasets(), core.readAccess(), core.policy(), core.in(), core.out(), core.urls(),
                    iri -> core.contexts().core().compact(iri), core.json(), core.clock(),
                    new Federated(federation.reads(), body -> new EntityReader().readEntity(body, core.contexts().core(), null),
                            name -> core.contexts().core().expand(name))));
            features.add(IngestionFeature.wire(core.dataSource(), core.json(), core.entities(), core.contexts(),
                    core.policy(), core.rateLimits(), core.clientAddresses(), core.outbound(), core.clock(), settings.ingestion()));
            features.add(ConsoleFeature.wire(settings.console(),
                    new ConsoleFeature.Base(core.dataSource(), core.json(), core.urls(), settings.publicUrl(), core.metrics(),
                            () -> database.answersWithin(HEALTH_CHECK_TIMEOUT), core.clock()),
                    new ConsoleFeature.Access(core.keys(), core.policy(), security.audit(), core.rateLimits(),
                            core.clientAddresses(), settings.security().oidc(), security.tokens()),
                    new ConsoleFeature.Managed(core.datasets(), core.queries(), core.contexts(),
                            subscriptions.subscriptions(), subscriptions.dispatcher())));
            features.add(DatapediaFeature.wire(settings.datapedia(), core.dataSource(), core.json(), core.queries(),
                    core.datasets(), core.policy(), core.readAccess(), core.outbound(), core.in(), core.out(),
                    name -> core.contexts().core().expand(name), iri -> core.contexts().core().compact(iri),
                    core.clock()).feature());
            features.add(OperationsFeature.wire(core, () -> database.answersWithin(HEALTH_CHECK_TIMEOUT)));
            Platform platform = new Platform(database, core, features, temporal.retention(), adminKey);
            // Other nodes' changes are followed once every feature that listens to them is wired.
            nodes.changes().start();
            platform.serve(settings, new TenantPurge(database.dataSource(), tenants, core.entityCache()), security.audit()::flush);
            return platform;
        } catch (RuntimeException e) {
            if (entities != null) {
                entities.close();
            }
            if (nodes != null) {
                nodes.close();
            }
            database.close();
            throw e;
        }
    }

    /**
     * The services every feature builds on, on this database.
     *
     * @param servedByCity whether a dataset's data is held by a city's own broker (a registered context source) */
    private static Core core(Settings settings, Database database, PostgresTenants tenants, ReadRouting readRouting, Nodes nodes,
                             ObjectMapper json, java.util.function.Predicate<Dataset> servedByCity) {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);

        EntityCache entityCache = EntityCache.ofBytes(settings.entityCacheBytes());
        PostgresEntityStore entityStore = new PostgresEntityStore(database.dataSource(), tenants, json, entityCache);
        entityStore.prepareHistory(clock.instant());
        PostgresContextStore contextStore = new PostgresContextStore(database.dataSource());
        OutboundGuard outbound = new OutboundGuard(settings.security().allowPrivateOutbound(),
                settings.security().outboundOrigins());
        RemoteContexts remote = new RemoteContexts(settings.contexts(), outbound);
        ContextResolver contexts = new ContextResolver(new ContextLoader(contextStore, ApiServer.HOSTED_CONTEXTS, remote),
                settings.contexts());
        measureContextCaches(metrics, remote, contexts);
        measureEntityCache(metrics, entityCache);
        if (entityCache.enabled()) {
            // The rows kept are right only while this node makes every change: not beside another node.
            nodes.lease().whenOthersJoin(host -> {
                LOG.warn("Another Belfort node ({}) works on this node's database: entities are no longer kept in"
                        + " memory here, since that node's writes would go unseen (run several nodes on an external"
                        + " database without --entity-cache-mb)", host);
                entityCache.turnOff();
            });
        }
        List<RetentionRule> rules = settings.retentionRules().stream()
                .map(rule -> RetentionRule.parse(rule, type -> contexts.core().expand(type))).toList();
        EntityService service = new EntityService(entityStore, clock, settings.writes());
        measureWriteGroups(metrics, service);
        // the catalogue's dct:modified follows the data: the last change of a dataset's members
        PostgresMemberStore members = new PostgresMemberStore(database.dataSource(), json);
        PostgresEntityFinder finder = new PostgresEntityFinder(database.reads(), tenants, json);
        Datasets datasets = new Datasets(new PostgresDatasetStore(database.dataSource(), json), clock,
                name -> contexts.core().expand(name), iri -> contexts.core().compact(iri));
        ApiKeys keys = new ApiKeys(new PostgresApiKeyStore(database.dataSource()), clock);
        AccessPolicy policy = new AccessPolicy(settings.security().auth());
        DatasetReadAccess readAccess = new DatasetReadAccess(policy, datasets, keys);
        ReadAccess subscriberAccess = settings.security().auth() ? readAccess : ReadAccess.EVERYTHING;
        // A key revoked or a context changed on another node reaches this one's caches within a second.
        nodes.changes().on("api_keys", ChangeFeed.Listener.of(id -> keys.forget(id), keys::forgetAll));
        nodes.changes().on("jsonld_contexts", ChangeFeed.Listener.of(id -> contexts.clear(), contexts::clear));
        return new Core(settings, database.dataSource(), database.reads(), readRouting, nodes, json, metrics, clock, outbound, contextStore, remote, contexts,
                service, finder, entityCache, new QueryService(finder), datasets, rules,
                new PublicUrls(settings.publicUrl(), settings.catalogPublisher(),
                        dataset -> members.lastChange(dataset.tenant(), dataset.type()), servedByCity), keys, policy,
                readAccess,
                subscriberAccess, new RateLimits(settings.security().anonymousRate(), settings.security().clientRate(),
                System::nanoTime), new ClientAddresses(settings.security().trustedProxies()), new Problems(json),
                new RequestReader(json, contexts), new ResponseWriter(json));
    }

    private static void measureReads(PrometheusMeterRegistry metrics, ReplicaReads replica) {
        FunctionCounter.builder("belfort.db.reads", replica, ReplicaReads::readsOnReplica).tag("server", "replica")
                .description("Connections taken for reads a replica may answer, by the server that answered").register(metrics);
        FunctionCounter.builder("belfort.db.reads", replica, ReplicaReads::readsOnPrimary).tag("server", "primary")
                .description("Connections taken for reads a replica may answer, by the server that answered").register(metrics);
    }

    private static void measureWriteGroups(PrometheusMeterRegistry metrics, EntityService entities) {
        FunctionCounter.builder("belfort.writes.groups", entities, service -> service.groupFigures().groups())
                .description("Transactions of combined entity writes (group commit)").register(metrics);
        FunctionCounter.builder("belfort.writes.grouped", entities, service -> service.groupFigures().writes())
                .description("Entity writes those transactions carried").register(metrics);
        Gauge.builder("belfort.writes.queued", entities, service -> service.groupFigures().queued())
                .description("Entity writes waiting for their transaction").register(metrics);
    }

    private static void measureContextCaches(PrometheusMeterRegistry metrics, RemoteContexts remote,
                                             ContextResolver contexts) {
        Gauge.builder("belfort.contexts.cache.bytes", remote, RemoteContexts::weight).tag("cache", "fetched")
                .description("Bytes of the fetched @contexts in memory (bounded by --context-cache-size)").register(metrics);
        Gauge.builder("belfort.contexts.cache.bytes", contexts, ContextResolver::weight).tag("cache", "processed")
                .description("Estimated memory of the processed @contexts (bounded by --context-cache-size)")
                .register(metrics);
        Gauge.builder("belfort.contexts.cache.bytes", contexts, ContextResolver::termWeight).tag("cache", "terms")
                .description("Memory of the expanded and compacted names (bounded by --context-cache-size)")
                .register(metrics);
    }

    private static void measureEntityCache(PrometheusMeterRegistry metrics, EntityCache cache) {
        Gauge.builder("belfort.entities.cache.rows", cache, EntityCache::size)
                .description("Entities kept in memory for retrieval by id (bounded by --entity-cache-mb)").register(metrics);
        Gauge.builder("belfort.entities.cache.bytes", cache, EntityCache::weight)
                .description("Memory of the kept entities and their renderings, as counted against --entity-cache-mb")
                .register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("belfort.entities.cache.reads", cache, EntityCache::hits)
                .tag("result", "hit").description("Retrievals by id answered from memory").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("belfort.entities.cache.reads", cache, EntityCache::misses)
                .tag("result", "miss").description("Retrievals by id that read the database").register(metrics);
    }

    /**
     * Serves every feature's routes and starts their periodic tasks; with a warm-up, the tasks start first and the
     * port opens once the warm-up is done.
     */
    private void serve(Settings settings, TenantPurge purge, Runnable flushAudit) {
        if (settings.warmUp().isZero()) {
            server = apiServer(settings, core.metrics()).start(settings.host(), settings.port());
            scheduleTasks();
            return;
        }
        requireFreePort(settings.host(), settings.port());
        scheduleTasks();
        try {
            warmUp = new WarmUp(settings.security().auth() ? core.keys() : null, core.outbound(), purge, flushAudit, core.clock(),
                    settings.security().auth() ? settings.security().clientRate() : settings.security().anonymousRate())
                    // its requests are not the clients': their timings go to a registry of their own
                    .run(settings.warmUp(), () -> apiServer(settings, new SimpleMeterRegistry()).start("127.0.0.1", 0));
            server = apiServer(settings, core.metrics()).start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            stopSchedulers();
            throw e;
        }
    }

    private ApiServer apiServer(Settings settings, MeterRegistry metrics) {
        return new ApiServer(settings.maxBodyBytes(), settings.shutdownTimeout(), metrics, core.problems(),
                settings.cors(), settings.admission(),
                app -> features.forEach(feature -> feature.routes().forEach(routes -> routes.register(app))));
    }

    private void scheduleTasks() {
        for (Feature feature : features) {
            feature.tasks().forEach(this::schedule);
        }
    }

    /** Says at once that the port is taken, rather than after the warm-up. */
    private static void requireFreePort(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Port " + port + " on " + host + " is in use (" + e.getMessage()
                    + "); choose another with --port");
        }
    }

    /**
     * Runs a periodic task on a scheduler of its own, on one node at a time unless it works on this node's memory; a
     * failure is logged when it starts and when it ends (not at
     * every run), counted, and the next run tries again.
     */
    private void schedule(PeriodicTask task) {
        BackgroundJob job = JobMetrics.register(core.metrics(), new BackgroundJob(task.name()));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("belfort-" + task.name().replace(' ', '-')).factory());
        schedulers.add(scheduler);
        // work on the shared database runs on one node at a time; a node whose turn finds it running skips the turn
        Runnable run = task.onEveryNode() ? task.run() : () -> core.nodes().exclusive().run(task.name(), task.run());
        scheduler.scheduleWithFixedDelay(() -> job.run("", run), task.firstRun().toMillis(), task.period().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    static ObjectMapper objectMapper() {
        ObjectMapper json = new ObjectMapper();
        json.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        json.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return json;
    }

    /** Deletes the expired transient entities now, as the task does every 10 s; returns how many went. */
    long deleteExpiredEntities() {
        return core.entities().deleteExpired(EntitiesFeature.EXPIRY_CHUNK);
    }

    /** Applies the history retention rules now, as the hourly task does; returns how many instances went. */
    long applyRetention(Instant now) {
        return retention.apply(now);
    }

    /** The query side of the store, for operators' checks such as query plans. */
    PostgresEntityFinder finder() {
        return core.finder();
    }

    /** The database, for tests that put into it what the API would refuse. */
    javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    /** What the warm-up at start did, or null when there was none or it failed. */
    WarmUp.Figures warmUpFigures() {
        return warmUp;
    }

    /** The rules for the platform's own calls, for tests that check an exception to them has ended. */
    OutboundGuard outbound() {
        return core.outbound();
    }

    /** The bootstrap admin key, or null when access control is off. */
    public String adminKey() {
        return adminKey;
    }

    public int port() {
        return server.port();
    }

    public String databaseDescription() {
        return database.description();
    }

    /**
     * Stops taking requests and lets those under way finish (up to the shutdown timeout), then stops the periodic
     * tasks (letting a run under way finish briefly), then what each feature started (notification delivery, the
     * audit trail), in reverse order, then the database.
     */
    @Override
    public void close() {
        LOG.info("Stopping Belfort");
        server.stop();
        stopSchedulers();
        for (Feature feature : features.reversed()) {
            for (AutoCloseable resource : feature.stop().reversed()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Stopping {} failed: {}", feature.name(), e.toString());
                }
            }
        }
        // the writes still queued are committed (no request waits for them any more: the server has stopped)
        core.entities().close();
        // after the dispatcher handed its notifications back, so that no node waits for this one's lease
        core.nodes().close();
        database.close();
        LOG.info("Belfort stopped");
    }

    private void stopSchedulers() {
        schedulers.forEach(ScheduledExecutorService::shutdown);
        long deadline = System.nanoTime() + TASKS_STOP_TIMEOUT.toNanos();
        for (ScheduledExecutorService scheduler : schedulers) {
            try {
                if (!scheduler.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                scheduler.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
