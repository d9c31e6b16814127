package be.belfort.server;

import be.belfort.api.ApiServer;
import be.belfort.federation.FederationFeature;
import be.belfort.api.Feature;
import be.belfort.model.PeriodicTask;
import be.belfort.api.BatchRoutes;
import be.belfort.api.ContextRoutes;
import be.belfort.api.InfoRoutes;
import be.belfort.api.PurgeRoutes;
import be.belfort.query.EntityPurge;
import be.belfort.api.EntityRoutes;
import be.belfort.api.OperationsRoutes;
import be.belfort.api.Problems;
import be.belfort.api.RequestReader;
import be.belfort.api.DiscoveryRoutes;
import be.belfort.api.QueryRoutes;
import be.belfort.api.ResponseWriter;
import be.belfort.api.TemporalRoutes;
import be.belfort.api.TemporalWriteRoutes;
import be.belfort.temporal.TemporalWrites;
import be.belfort.api.SubscriptionRoutes;
import be.belfort.api.DatasetAdminRoutes;
import be.belfort.api.OpenDataRoutes;
import be.belfort.api.PublicUrls;
import be.belfort.api.RootRoutes;
import be.belfort.api.EventStreamRoutes;
import be.belfort.api.AccessControl;
import be.belfort.api.ClientAddresses;
import be.belfort.api.KeyRoutes;
import be.belfort.api.AuditRoutes;
import be.belfort.security.AuditLog;
import be.belfort.security.AuditTrail;
import be.belfort.storage.DatabaseIdentity;
import be.belfort.storage.PostgresAuditLog;
import org.threeten.extra.PeriodDuration;
import be.belfort.access.DatasetReadAccess;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKeys;
import be.belfort.security.BearerTokens;
import be.belfort.security.RateLimits;
import be.belfort.storage.PostgresApiKeyStore;
import be.belfort.opendata.EventStreams;
import be.belfort.storage.PostgresMemberStore;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.Datasets;
import be.belfort.opendata.LatestState;
import be.belfort.storage.PostgresDatasetStore;
import be.belfort.storage.PostgresOutbox;
import be.belfort.storage.PostgresSubscriptionStore;
import be.belfort.subscriptions.DeliverySettings;
import be.belfort.subscriptions.Dispatcher;
import be.belfort.subscriptions.HttpSender;
import be.belfort.subscriptions.MqttSender;
import be.belfort.subscriptions.PeriodicNotifier;
import be.belfort.model.ReadAccess;
import be.belfort.subscriptions.SubscriptionNotifier;
import be.belfort.subscriptions.Subscriptions;
import be.belfort.jsonld.ContextLoader;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.BackgroundJob;
import be.belfort.model.EntityService;
import be.belfort.security.OutboundGuard;
import be.belfort.storage.Database;
import be.belfort.storage.PostgresContextStore;
import be.belfort.query.QueryService;
import be.belfort.temporal.RetentionRule;
import be.belfort.storage.HistoryRetention;
import be.belfort.storage.PostgresEntityFinder;
import be.belfort.storage.PostgresEntityStore;
import be.belfort.storage.PostgresTenants;
import be.belfort.storage.PostgresHistoryStore;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
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
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The running platform: the database, the domain services and the HTTP API, wired together. */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /** The most history instances one temporal answer carries (paging comes with the temporal API). */
    /** The largest page a query may ask for. */
    static final int MAX_QUERY_LIMIT = 1000;
    /** How long a health check waits for the database to answer before it says not ready. */
    static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** How long background jobs under way may take to finish on shutdown before they are interrupted. */
    private static final Duration JOBS_STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Expired transient entities deleted per transaction. */
    private static final int EXPIRY_CHUNK = 1000;

    private final Database database;
    private final ApiServer server;

    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("belfort-housekeeping").factory());
    private final ScheduledExecutorService streamPages = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("belfort-event-stream-pages").factory());

    private final PostgresEntityFinder finder;
    private final HistoryRetention retention;
    private final Dispatcher dispatcher;
    private final PeriodicNotifier periodic;
    private final String adminKey;
    private final AuditTrail audit;
    private static final String LIST_OF_DATASETS = "the list of open datasets";

    private final BackgroundJob pageClosing = new BackgroundJob("close event stream pages");
    /** Every background job, for their failure figures. */
    private final List<BackgroundJob> jobs = new ArrayList<>(List.of(pageClosing));
    private java.util.function.LongSupplier expiredEntities = () -> 0;
    /** The features composed into this platform, in the order they were wired. */
    private final List<Feature> features = new ArrayList<>();

    private Platform(Database database, ApiServer server, PostgresEntityStore entities, PostgresEntityFinder finder,
                     HistoryRetention retention, Subscriptions subscriptions, Dispatcher dispatcher,
                     PeriodicNotifier periodic, Datasets datasets, EventStreams streams, String adminKey,
                     AuditTrail audit, AuditLog auditLog, PeriodDuration auditKeep) {
        this.audit = audit;
        jobs.addAll(List.of(retention.job(), audit.job(), periodic.job()));
        every("remove old audit entries", 5, 60, TimeUnit.MINUTES,
                () -> auditLog.removeBefore(Instant.now().atOffset(java.time.ZoneOffset.UTC).minus(auditKeep).toInstant()));
        this.adminKey = adminKey;
        this.database = database;
        this.server = server;
        this.finder = finder;
        this.retention = retention;
        this.dispatcher = dispatcher;
        this.periodic = periodic;
        // Delivery figures are read from memory; the database copy only has to survive a restart.
        // Catching up on a long history can take minutes; it has a thread of its own, so that it never
        // holds up the other housekeeping.
        streamPages.scheduleWithFixedDelay(() -> closePages(datasets, streams), 2, 2, TimeUnit.SECONDS);
        every("save subscription delivery figures", 10, 10, TimeUnit.SECONDS, subscriptions::saveStatus);
        if (retention.hasRules()) {
            every("apply history retention", 1, 60, TimeUnit.MINUTES, () -> retention.apply(Instant.now()));
        }
        // Next month's history partition exists long before the month begins.
        every("prepare history partitions", 12, 12 * 60, TimeUnit.MINUTES, () -> entities.prepareHistory(Instant.now()));
    }

    /**
     * Closes the full, settled pages of every open dataset's event stream, a bounded number per dataset and run.
     * Each dataset is a unit of its own: one whose pages cannot be closed (a member that cannot be rendered)
     * is skipped and retried with back-off, and every other dataset's pages still close.
     */
    private void closePages(Datasets datasets, EventStreams streams) {
        Instant now = Instant.now();
        List<Dataset> open = new ArrayList<>();
        if (!pageClosing.run(LIST_OF_DATASETS, () -> open.addAll(datasets.open()))) {
            return;
        }
        List<String> units = new ArrayList<>(open.stream().map(Dataset::path).toList());
        units.add(LIST_OF_DATASETS);
        pageClosing.forgetAllBut(units);
        for (Dataset dataset : open) {
            pageClosing.run(dataset.path(), () -> streams.closePages(dataset, now, 200));
        }
    }

    /** The history retention of a dataset, as its stream states it: the type's rule, else the tenant's. */
    private static Optional<String> retentionOf(List<RetentionRule> rules, String tenant, String type) {
        return rules.stream().filter(rule -> rule.tenant().equals(tenant) && type.equals(rule.entityType())).findFirst()
                .or(() -> rules.stream().filter(rule -> rule.tenant().equals(tenant) && rule.entityType() == null).findFirst())
                .map(rule -> rule.keep().toString());
    }

    /**
     * Runs a housekeeping task periodically; a failure is logged when it starts and when it ends (not at every
     * run), counted, and the next run tries again.
     */
    private void every(String what, long first, long period, TimeUnit unit, Runnable task) {
        BackgroundJob job = new BackgroundJob(what);
        jobs.add(job);
        housekeeping.scheduleAtFixedRate(() -> job.run("", task), first, period, unit);
    }

    /** Takes over the features' background tasks and what they stop on shutdown. */
    private void compose(List<Feature> wired) {
        features.addAll(wired);
        for (Feature feature : wired) {
            for (PeriodicTask task : feature.tasks()) {
                every(task.name(), task.firstRun().toMillis(), task.period().toMillis(), TimeUnit.MILLISECONDS, task.run());
            }
        }
    }

    /** Each background job's failures, as metrics: how many so far, and how many of its units fail now. */
    private static void measure(PrometheusMeterRegistry metrics, List<BackgroundJob> jobs) {
        for (BackgroundJob job : jobs) {
            FunctionCounter.builder("belfort.background.failures", job, BackgroundJob::failures)
                    .tag("job", job.name()).description("Failed attempts of a background job's units").register(metrics);
            Gauge.builder("belfort.background.failing.units", job, BackgroundJob::failingUnits)
                    .tag("job", job.name()).description("Units of a background job that fail now and are retried")
                    .register(metrics);
        }
    }

    public static Platform start(Settings settings) {
        Database database = settings.usesEmbeddedDatabase()
                ? Database.embedded(settings.dataDirectory(), settings.pool())
                : Database.external(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.pool());
        try {
            ObjectMapper json = objectMapper();
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(metrics);
            new JvmGcMetrics().bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);

            PostgresTenants tenants = new PostgresTenants(database.dataSource());
            PostgresEntityStore entityStore = new PostgresEntityStore(database.dataSource(), tenants, json);
            entityStore.prepareHistory(Instant.now());
            PostgresContextStore contextStore = new PostgresContextStore(database.dataSource());
            OutboundGuard outbound = new OutboundGuard(settings.security().allowPrivateOutbound());
            RemoteContexts remote = new RemoteContexts(settings.contexts(), outbound);
            ContextResolver contexts = new ContextResolver(new ContextLoader(contextStore, ContextRoutes.HOSTED_PATH, remote), settings.contexts());
            Gauge.builder("belfort.contexts.cache.bytes", remote, RemoteContexts::weight).tag("cache", "fetched")
                    .description("Bytes of the fetched @contexts in memory (bounded by --context-cache-size)").register(metrics);
            Gauge.builder("belfort.contexts.cache.bytes", contexts, ContextResolver::weight).tag("cache", "processed")
                    .description("Estimated memory of the processed @contexts (bounded by --context-cache-size)")
                    .register(metrics);
            Gauge.builder("belfort.contexts.cache.bytes", contexts, ContextResolver::termWeight).tag("cache", "terms")
                    .description("Memory of the expanded and compacted names (bounded by --context-cache-size)")
                    .register(metrics);
            List<RetentionRule> rules = settings.retentionRules().stream()
                    .map(rule -> RetentionRule.parse(rule, type -> contexts.core().expand(type))).toList();
            EntityService service = new EntityService(entityStore, Clock.systemUTC());
            PostgresEntityFinder finder = new PostgresEntityFinder(database.dataSource(), tenants, json);
            QueryService queries = new QueryService(finder);
            Datasets datasets = new Datasets(new PostgresDatasetStore(database.dataSource(), json), Clock.systemUTC(),
                    name -> contexts.core().expand(name), iri -> contexts.core().compact(iri));
            PublicUrls urls = new PublicUrls(settings.publicUrl(), settings.catalogPublisher());
            ApiKeys keys = new ApiKeys(new PostgresApiKeyStore(database.dataSource()), Clock.systemUTC());
            AccessPolicy policy = new AccessPolicy(settings.security().auth());
            String adminKey = settings.security().auth() ? keys.bootstrapAdmin(settings.security().adminKey()) : null;
            DatasetReadAccess readAccess = new DatasetReadAccess(policy, datasets, keys);
            BearerTokens tokens = settings.security().oidc() == null ? null
                    : new BearerTokens(settings.security().oidc(), Clock.systemUTC());
            RateLimits limits = new RateLimits(settings.security().anonymousRate(), settings.security().clientRate(),
                    System::nanoTime);
            PostgresAuditLog auditLog = new PostgresAuditLog(database.dataSource());
            AuditTrail audit = new AuditTrail(auditLog);
            PeriodDuration auditKeep = PeriodDuration.parse(settings.security().auditRetention());
            PostgresOutbox outbox = new PostgresOutbox(database.dataSource(), json);
            Subscriptions subscriptions = new Subscriptions(new PostgresSubscriptionStore(database.dataSource(), json),
                    outbox, contexts, Clock.systemUTC(), outbound);
            subscriptions.load();
            DeliverySettings delivery = settings.delivery();
            Dispatcher dispatcher = new Dispatcher(subscriptions, outbox, new HttpSender(delivery.timeout(), json, outbound),
                    new MqttSender(delivery.timeout(), json, outbound), json, delivery);
            // Notifications carry only what their subscriber may read when they are sent.
            ReadAccess subscriberAccess = settings.security().auth() ? readAccess : ReadAccess.EVERYTHING;
            service.setChangeListener(new SubscriptionNotifier(subscriptions, outbox, dispatcher, subscriberAccess));
            FunctionCounter.builder("belfort.notifications.delivered", dispatcher,
                    Dispatcher::delivered).description("Notifications their receivers took").register(metrics);
            FunctionCounter.builder("belfort.notifications.failed.attempts", dispatcher,
                    Dispatcher::failedAttempts).description("Delivery attempts that failed and are retried").register(metrics);
            FunctionCounter.builder("belfort.notifications.given.up", dispatcher,
                    Dispatcher::givenUp).description("Notifications not delivered within 24 hours").register(metrics);
            FunctionCounter.builder("belfort.notifications.dropped", dispatcher, Dispatcher::dropped)
                    .description("Notifications dropped because their subscription had too many waiting").register(metrics);
            FunctionCounter.builder("belfort.subscriptions.stopped", dispatcher, Dispatcher::stopped)
                    .description("Subscriptions stopped because too many of their notifications were waiting").register(metrics);
            Gauge.builder("belfort.notifications.queued", dispatcher, Dispatcher::queued)
                    .description("Notifications waiting in memory for their receivers").register(metrics);
            dispatcher.start();
            PeriodicNotifier periodic = new PeriodicNotifier(subscriptions, queries, dispatcher, subscriberAccess);
            if (!settings.security().auth()) {
                LOG.warn("**********************************************************************");
                LOG.warn("* ACCESS CONTROL IS OFF (--auth off): anyone may read and change     *");
                LOG.warn("* everything. Use this for local development and conformance runs.   *");
                LOG.warn("**********************************************************************");
            }
            EventStreams streams = new EventStreams(new PostgresMemberStore(database.dataSource(), json), contexts.core(),
                    new ContextLoader(contextStore, ContextRoutes.HOSTED_PATH, remote), json, settings.ldesPageSize(), settings.ldesSettle(),
                    (tenant, type) -> retentionOf(rules, tenant, type));

            // Each capability wired by its own factory; the platform registers, runs and stops them.
            List<Feature> features = new ArrayList<>();
            Problems problems = new Problems(json);
            RequestReader in = new RequestReader(json, contexts);
            ResponseWriter out = new ResponseWriter(json);
            FederationFeature.Wired federation = FederationFeature.wire(database.dataSource(), json, policy, in, out, contexts,
                    outbound, Clock.systemUTC(), settings.federation(), "belfort-" + java.util.UUID.randomUUID(),
                    MAX_QUERY_LIMIT);
            features.add(federation.feature());
            ApiServer server = new ApiServer(settings.maxBodyBytes(), settings.shutdownTimeout(), metrics, problems, app -> {
                new AccessControl(keys, tokens, limits, new ClientAddresses(settings.security().trustedProxies()), policy,
                        audit, json).register(app);
                new AuditRoutes(auditLog, audit, policy, out, json).register(app);
                new KeyRoutes(keys, policy, in, out, json).register(app);
                new EntityRoutes(service, in, out, json).readAccess(readAccess).distributed(federation.reads())
                        .register(app, ApiServer.BASE);
                new BatchRoutes(service, in, out, problems, json, settings.maxBatchSize()).register(app, ApiServer.BASE);
                new QueryRoutes(queries, in, out, json, MAX_QUERY_LIMIT).readAccess(readAccess)
                        .distributed(federation.reads()).register(app, ApiServer.BASE);
                new PurgeRoutes(new EntityPurge(service, finder), in).register(app, ApiServer.BASE);
                new InfoRoutes(settings.publicUrl() != null ? settings.publicUrl() : DatabaseIdentity.of(database.dataSource()),
                        urls, Clock.systemUTC(), in, out, json).register(app, ApiServer.BASE);
                new DiscoveryRoutes(queries, in, out, json).readAccess(readAccess).register(app, ApiServer.BASE);
                PostgresHistoryStore history = new PostgresHistoryStore(database.dataSource(), json);
                new TemporalRoutes(service, queries, history, in, out, json, settings.maxHistoryInstances(),
                        MAX_QUERY_LIMIT)
                        .readAccess(readAccess).register(app, ApiServer.BASE);
                new TemporalWriteRoutes(new TemporalWrites(service, history, Clock.systemUTC()), in)
                        .register(app, ApiServer.BASE);
                new ContextRoutes(contextStore, remote, contexts, in, out, json, settings.contexts().maxBytes())
                        .register(app, ApiServer.BASE);
                new SubscriptionRoutes(subscriptions, in, out, json, MAX_QUERY_LIMIT).register(app, ApiServer.BASE);
                LatestState latest = new LatestState(queries, contexts.core(), json);
                new OpenDataRoutes(datasets, urls, latest).register(app);
                new DatasetAdminRoutes(datasets, urls, in, out, json).register(app);
                new EventStreamRoutes(datasets, streams, urls, latest, Clock.systemUTC()).register(app);
                new RootRoutes(urls, json).register(app);
                new OperationsRoutes(metrics, () -> database.answersWithin(HEALTH_CHECK_TIMEOUT), problems).register(app);
                features.forEach(feature -> feature.routes().forEach(routes -> routes.register(app)));
            }).start(settings.host(), settings.port());
            Platform platform = new Platform(database, server, entityStore, finder,
                    new HistoryRetention(database.dataSource(), rules), subscriptions, dispatcher, periodic, datasets, streams,
                    adminKey, audit, auditLog, auditKeep);
            platform.compose(features);
            measure(metrics, platform.jobs);
            platform.expiredEntities = () -> service.deleteExpired(EXPIRY_CHUNK);
            platform.every("delete expired transient entities", 10, 10, TimeUnit.SECONDS, platform.expiredEntities::getAsLong);
            return platform;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    static ObjectMapper objectMapper() {
        ObjectMapper json = new ObjectMapper();
        json.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        json.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return json;
    }

    /** Deletes the expired transient entities now, as the job does every 10 s; returns how many went. */
    long deleteExpiredEntities() {
        return expiredEntities.getAsLong();
    }

    /** Applies the history retention rules now, as the hourly job does; returns how many instances went. */
    long applyRetention(Instant now) {
        return retention.apply(now);
    }

    /** The query side of the store, for operators' checks such as query plans. */
    PostgresEntityFinder finder() {
        return finder;
    }

    /** The database, for tests that put into it what the API would refuse. */
    javax.sql.DataSource dataSource() {
        return database.dataSource();
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
     * Stops taking requests and lets those under way finish (up to the shutdown timeout), then stops the
     * background jobs (letting a run under way finish briefly) and notification delivery, then the database.
     */
    @Override
    public void close() {
        LOG.info("Stopping Belfort");
        server.stop();
        stopJobs(housekeeping, streamPages);
        periodic.close();
        dispatcher.close();
        stopFeatures();
        audit.close();
        database.close();
        LOG.info("Belfort stopped");
    }

    private void stopFeatures() {
        for (Feature feature : features.reversed()) {
            for (AutoCloseable resource : feature.stop().reversed()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Stopping {} failed: {}", feature.name(), e.toString());
                }
            }
        }
    }

    private static void stopJobs(ExecutorService... jobs) {
        for (ExecutorService job : jobs) {
            job.shutdown();
        }
        long deadline = System.nanoTime() + JOBS_STOP_TIMEOUT.toNanos();
        for (ExecutorService job : jobs) {
            try {
                if (!job.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    job.shutdownNow();
                }
            } catch (InterruptedException e) {
                job.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
