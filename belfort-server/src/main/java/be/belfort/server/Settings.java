package be.belfort.server;

import be.belfort.api.CorsPolicy;
import be.belfort.console.ConsoleSettings;
import be.belfort.dashboard.DashboardSettings;
import be.belfort.datapedia.DatapediaSettings;
import be.belfort.model.GroupCommitSettings;
import be.belfort.federation.FederationSettings;
import be.belfort.ingestion.IngestionSettings;
import be.belfort.jsonld.ContextLimits;
import be.belfort.subscriptions.DeliverySettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything the platform can be configured with; {@link Main} fills it from flags and environment.
 * A capability's own options travel as one record of its own (e.g. {@link IngestionSettings}), the last components.
 */
public record Settings(
        String host,
        int port,
        Path dataDirectory,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String dbReadUrl,
        int dbPoolSize,
        long maxBodyBytes,
        int maxBatchSize,
        ContextLimits contexts,
        Duration shutdownTimeout,
        List<String> retentionRules,
        int maxHistoryInstances,
        DeliverySettings delivery,
        String publicUrl,
        String catalogPublisher,
        int ldesPageSize,
        Duration ldesSettle,
        SecuritySettings security,
        DatabaseWaits dbWaits,
        IngestionSettings ingestion,
        CorsPolicy cors,
        DashboardSettings dashboard,
        FederationSettings federation,
        ConsoleSettings console,
        DatapediaSettings datapedia,
        be.belfort.api.AdmissionLimits admission,
        GroupCommitSettings writes,
        int entityCacheMb,
        Duration warmUp,
        int maxHistoryValues,
        int historyCacheMb) {

    /** How long a request waits for a database connection, and for a lock, before it is answered 503. */
    public record DatabaseWaits(Duration connection, Duration lock) {
        public static final DatabaseWaits DEFAULT = new DatabaseWaits(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** Defaults for a local platform on an embedded database under the given directory. */
    public static Settings embedded(Path dataDirectory, int port) {
        Copy defaults = new Copy();
        defaults.host = "0.0.0.0";
        defaults.port = port;
        defaults.dataDirectory = dataDirectory;
        defaults.dbPoolSize = 16;
        defaults.maxBodyBytes = 2 * 1024 * 1024;
        defaults.maxBatchSize = 1000;
        defaults.contexts = ContextLimits.DEFAULT;
        defaults.shutdownTimeout = Duration.ofSeconds(10);
        defaults.retentionRules = List.of();
        defaults.maxHistoryInstances = 10_000;
        defaults.delivery = DeliverySettings.DEFAULT;
        defaults.catalogPublisher = "Belfort";
        defaults.ldesPageSize = 250;
        defaults.ldesSettle = Duration.ofSeconds(10);
        defaults.security = SecuritySettings.DEFAULT;
        defaults.dbWaits = DatabaseWaits.DEFAULT;
        defaults.ingestion = IngestionSettings.DEFAULTS;
        defaults.cors = CorsPolicy.ANY_ORIGIN;
        defaults.dashboard = DashboardSettings.DEFAULT;
        defaults.federation = FederationSettings.DEFAULT;
        defaults.console = ConsoleSettings.DEFAULT;
        defaults.datapedia = DatapediaSettings.DEFAULT;
        defaults.admission = new be.belfort.api.AdmissionLimits(2 * defaults.dbPoolSize, defaults.dbWaits.connection());
        defaults.writes = GroupCommitSettings.DEFAULT;
        defaults.entityCacheMb = AUTOMATIC;
        defaults.warmUp = Duration.ZERO;
        defaults.maxHistoryValues = 10_000;
        defaults.historyCacheMb = AUTOMATIC;
        return defaults.settings();
    }

    /**
     * How long the platform drives its own hot paths at start before it opens its port (see {@link WarmUp}); zero for
     * none, the default here (tests), while the launcher warms up.
     */
    public Settings withWarmUp(Duration duration) {
        return with(copy -> copy.warmUp = duration);
    }

    /** The database connections and how long requests wait for them and for locks. */
    public be.belfort.storage.Database.Pool pool() {
        return new be.belfort.storage.Database.Pool(dbPoolSize, dbWaits.connection(), dbWaits.lock());
    }

    /** Reads go to this streaming replica of the external database (null: every read goes to the primary). */
    public Settings withReadReplica(String url) {
        return with(copy -> copy.dbReadUrl = url);
    }

    public boolean usesEmbeddedDatabase() {
        return dbUrl == null || dbUrl.isBlank();
    }

    /** {@link #entityCacheMb} when not given: decided by the database (see {@link #entityCacheBytes}). */
    public static final int AUTOMATIC = -1;
    /**
     * The entity cache on the platform's own embedded database, where no other node can write: a 32nd of the heap the
     * JVM may use (64 MB of the launcher's 2 GB), so that one option, the heap, sizes the memory kept.
     */
    public static final int EMBEDDED_ENTITY_CACHE_SHARE = 32;

    /**
     * The bytes of entity rows kept for retrieval by id: by default some on the embedded database, none on an
     * external one, where other nodes may change entities behind this one's back.
     */
    public long entityCacheBytes() {
        return cacheBytes(entityCacheMb, EMBEDDED_ENTITY_CACHE_SHARE);
    }

    /**
     * The history answers kept on the platform's own embedded database: a quarter of the heap the JVM may use (512 MB
     * of the launcher's 2 GB). A year of one sensor's hourly figures kept with its rendering takes about 0.4 MB, so a
     * dashboard over a thousand sensors' years is answered from memory.
     */
    public static final int EMBEDDED_HISTORY_CACHE_SHARE = 4;

    /**
     * The bytes of history aggregations kept to answer the same question again: as for {@link #entityCacheBytes},
     * whose generations they follow, by default some on the embedded database and none on an external one; none
     * where reads go to a replica, whose lag could put an old answer under a new generation.
     */
    public long historyCacheBytes() {
        return dbReadUrl != null && !dbReadUrl.isBlank() ? 0 : cacheBytes(historyCacheMb, EMBEDDED_HISTORY_CACHE_SHARE);
    }

    /**
     * Kept in memory right only while this node makes every change: by default only on the embedded database, a
     * {@code share} of the heap there.
     */
    private long cacheBytes(int mb, int share) {
        if (mb != AUTOMATIC) {
            return mb * 1024L * 1024L;
        }
        return usesEmbeddedDatabase() ? shareOfHeap(share) : 0;
    }

    /** A part of the most heap this JVM may use (its {@code -Xmx}). */
    private static long shareOfHeap(int share) {
        return Runtime.getRuntime().maxMemory() / share;
    }

    /** A pool of {@code size} connections, with these waits for a connection and for a lock. */
    public Settings withPool(int size, DatabaseWaits waits) {
        return with(copy -> {
            copy.dbPoolSize = size;
            copy.dbWaits = waits;
        });
    }

    /** An external PostgreSQL, which other nodes may share, instead of the embedded one. */
    public Settings withExternalDatabase(String url, String user, String password) {
        return with(copy -> {
            copy.dbUrl = url;
            copy.dbUser = user;
            copy.dbPassword = password;
        });
    }

    public Settings withContextFetchTimeout(Duration timeout) {
        return withContextLimits(contexts.withFetchTimeout(timeout));
    }

    /** What clients' @contexts may cost: fetch time, size, imports, cache memory and time-to-live. */
    public Settings withContextLimits(ContextLimits limits) {
        return with(copy -> copy.contexts = limits);
    }

    public Settings withLimits(long bodyBytes, int batchSize) {
        return with(copy -> {
            copy.maxBodyBytes = bodyBytes;
            copy.maxBatchSize = batchSize;
        });
    }

    /** History retention rules, TENANT[:TYPE]=DURATION (see {@code RetentionRule}). */
    public Settings withRetention(List<String> rules) {
        return with(copy -> copy.retentionRules = List.copyOf(rules));
    }

    /** The most instances of one attribute in one temporal answer; more are paged (206, Content-Range). */
    public Settings withMaxHistoryInstances(int instances) {
        return with(copy -> copy.maxHistoryInstances = instances);
    }

    /**
     * The most instances or aggregated periods in one temporal answer, over all its entities and attributes; each
     * attribute of each entity gets an equal share, and more are paged (206, Content-Range).
     */
    public Settings withMaxHistoryValues(int values) {
        return with(copy -> copy.maxHistoryValues = values);
    }

    /** How long a notification receiver may take to answer before the attempt counts as failed. */
    public Settings withNotificationTimeout(Duration timeout) {
        return with(copy -> copy.delivery = delivery.withTimeout(timeout));
    }

    /**
     * The most notifications one subscription may have waiting for its receiver; beyond, the subscription
     * is stopped and they are dropped.
     */
    public Settings withMaxPendingNotifications(int maxPending) {
        return with(copy -> copy.delivery = delivery.withMaxPending(maxPending));
    }

    /**
     * Event stream pages of {@code pageSize} members, closed once their members are older than
     * {@code settle} (longer than any write transaction takes).
     */
    public Settings withEventStreams(int pageSize, Duration settle) {
        return with(copy -> {
            copy.ldesPageSize = pageSize;
            copy.ldesSettle = settle;
        });
    }

    /** How the platform guards itself: access control, tokens, rate limits, outbound calls, audit. */
    public Settings withSecurity(SecuritySettings guarded) {
        return with(copy -> copy.security = guarded);
    }

    /**
     * Whether access is enforced; off only for local development and conformance runs. {@code adminKey}
     * is the bootstrap admin key (null: one is generated at start).
     */
    public Settings withAuth(boolean enforced, String key) {
        return withSecurity(security.withAuth(enforced, key));
    }

    /** Whether the platform may call loopback and private addresses (remote @contexts, notification endpoints). */
    public Settings withPrivateOutbound(boolean allowed) {
        return withSecurity(security.withPrivateOutbound(allowed));
    }

    /** The origins whose scripts may call the API and the admin paths (open data is open to every origin). */
    public Settings withCors(CorsPolicy policy) {
        return with(copy -> copy.cors = policy);
    }

    public Settings withIngestion(IngestionSettings settings) {
        return with(copy -> copy.ingestion = settings);
    }

    public Settings withDashboard(DashboardSettings settings) {
        return with(copy -> copy.dashboard = settings);
    }

    public Settings withFederation(FederationSettings settings) {
        return with(copy -> copy.federation = settings);
    }

    /** These settings with {@code change} applied to a copy of them. */
    public Settings with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.settings();
    }

    /** A mutable copy of every component, so that a change names only what it changes. */
    public static final class Copy {
        String host;
        int port;
        Path dataDirectory;
        String dbUrl;
        String dbUser;
        String dbPassword;
        String dbReadUrl;
        int dbPoolSize;
        long maxBodyBytes;
        int maxBatchSize;
        ContextLimits contexts;
        Duration shutdownTimeout;
        List<String> retentionRules;
        int maxHistoryInstances;
        DeliverySettings delivery;
        String publicUrl;
        String catalogPublisher;
        int ldesPageSize;
        Duration ldesSettle;
        SecuritySettings security;
        DatabaseWaits dbWaits;
        IngestionSettings ingestion;
        CorsPolicy cors;
        DashboardSettings dashboard;
        FederationSettings federation;
        ConsoleSettings console;
        DatapediaSettings datapedia;
        be.belfort.api.AdmissionLimits admission;
        GroupCommitSettings writes;
        int entityCacheMb;
        Duration warmUp;
        int maxHistoryValues;
        int historyCacheMb;

        private Copy() {
        }

        private Copy(Settings from) {
            host = from.host;
            port = from.port;
            dataDirectory = from.dataDirectory;
            dbUrl = from.dbUrl;
            dbUser = from.dbUser;
            dbPassword = from.dbPassword;
            dbReadUrl = from.dbReadUrl;
            dbPoolSize = from.dbPoolSize;
            maxBodyBytes = from.maxBodyBytes;
            maxBatchSize = from.maxBatchSize;
            contexts = from.contexts;
            shutdownTimeout = from.shutdownTimeout;
            retentionRules = from.retentionRules;
            maxHistoryInstances = from.maxHistoryInstances;
            delivery = from.delivery;
            publicUrl = from.publicUrl;
            catalogPublisher = from.catalogPublisher;
            ldesPageSize = from.ldesPageSize;
            ldesSettle = from.ldesSettle;
            security = from.security;
            dbWaits = from.dbWaits;
            ingestion = from.ingestion;
            cors = from.cors;
            dashboard = from.dashboard;
            federation = from.federation;
            console = from.console;
            datapedia = from.datapedia;
            admission = from.admission;
            writes = from.writes;
            entityCacheMb = from.entityCacheMb;
            warmUp = from.warmUp;
            maxHistoryValues = from.maxHistoryValues;
            historyCacheMb = from.historyCacheMb;
        }

        private Settings settings() {
            return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbReadUrl, dbPoolSize, maxBodyBytes,
                    maxBatchSize, contexts, shutdownTimeout, retentionRules, maxHistoryInstances, delivery, publicUrl,
                    catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation,
                    console, datapedia, admission, writes,
                    entityCacheMb, warmUp, maxHistoryValues, historyCacheMb);
        }
    }
}
