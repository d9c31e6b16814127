package be.belfort.server;

import be.belfort.federation.FederationSettings;
import be.belfort.jsonld.ContextLimits;
import be.belfort.subscriptions.DeliverySettings;

import be.belfort.api.CorsPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything the platform can be configured with; {@link Main} fills it from flags and environment. */
public record Settings(
        String host,
        int port,
        Path dataDirectory,
        String dbUrl,
        String dbUser,
        String dbPassword,
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
        be.belfort.ingestion.IngestionSettings ingestion,
        CorsPolicy cors,
        be.belfort.dashboard.DashboardSettings dashboard,
        be.belfort.federation.FederationSettings federation) {

    /** How long a request waits for a database connection, and for a lock, before it is answered 503. */
    public record DatabaseWaits(Duration connection, Duration lock) {
        public static final DatabaseWaits DEFAULT = new DatabaseWaits(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** Defaults for a local platform on an embedded database under the given directory. */
    public static Settings embedded(Path dataDirectory, int port) {
        return new Settings("0.0.0.0", port, dataDirectory, null, null, null, 16, 2 * 1024 * 1024, 1000,
                ContextLimits.DEFAULT, Duration.ofSeconds(10), List.of(), 10_000, DeliverySettings.DEFAULT, null,
                "Belfort", 250, Duration.ofSeconds(10), SecuritySettings.DEFAULT, DatabaseWaits.DEFAULT,
                be.belfort.ingestion.IngestionSettings.DEFAULTS, CorsPolicy.ANY_ORIGIN,
                be.belfort.dashboard.DashboardSettings.DEFAULT,
                be.belfort.federation.FederationSettings.DEFAULT);
    }

    /** The database connections and how long requests wait for them and for locks. */
    public be.belfort.storage.Database.Pool pool() {
        return new be.belfort.storage.Database.Pool(dbPoolSize, dbWaits.connection(), dbWaits.lock());
    }

    /** A pool of {@code size} connections, with these waits for a connection and for a lock. */
    public Settings withPool(int size, DatabaseWaits waits) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, size, maxBodyBytes,
                maxBatchSize, contexts, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery, publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, waits, ingestion, cors, dashboard, federation);
    }

    /** An external PostgreSQL, which other nodes may share, instead of the embedded one. */
    public Settings withExternalDatabase(String url, String user, String password) {
        return new Settings(host, port, dataDirectory, url, user, password, dbPoolSize, maxBodyBytes,
                maxBatchSize, contexts, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery, publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    public boolean usesEmbeddedDatabase() {
        return dbUrl == null || dbUrl.isBlank();
    }

    public Settings withContextFetchTimeout(Duration timeout) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contexts.withFetchTimeout(timeout), shutdownTimeout, retentionRules, maxHistoryInstances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    /** What clients' @contexts may cost: fetch time, size, imports, cache memory and time-to-live. */
    public Settings withContextLimits(ContextLimits limits) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, limits, shutdownTimeout, retentionRules, maxHistoryInstances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    public Settings withLimits(long bodyBytes, int batchSize) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, bodyBytes,
                batchSize, contexts, shutdownTimeout, retentionRules, maxHistoryInstances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    /** History retention rules, TENANT[:TYPE]=DURATION (see {@code RetentionRule}). */
    public Settings withRetention(List<String> rules) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contexts, shutdownTimeout, List.copyOf(rules), maxHistoryInstances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    /** The most instances of one attribute in one temporal answer; more are paged (206, Content-Range). */
    public Settings withMaxHistoryInstances(int instances) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contexts, shutdownTimeout, retentionRules, instances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    /** How long a notification receiver may take to answer before the attempt counts as failed. */
    public Settings withNotificationTimeout(Duration timeout) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contexts, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery.withTimeout(timeout), publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    /**
     * The most notifications one subscription may have waiting for its receiver; beyond, the subscription
     * is stopped and they are dropped.
     */
    public Settings withMaxPendingNotifications(int maxPending) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contexts, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery.withMaxPending(maxPending), publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    /**
     * Event stream pages of {@code pageSize} members, closed once their members are older than
     * {@code settle} (longer than any write transaction takes).
     */
    public Settings withEventStreams(int pageSize, Duration settle) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contexts, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery, publicUrl, catalogPublisher, pageSize, settle, security, dbWaits, ingestion, cors, dashboard, federation);
    }

    /** How the platform guards itself: access control, tokens, rate limits, outbound calls, audit. */
    public Settings withSecurity(SecuritySettings guarded) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contexts, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery, publicUrl, catalogPublisher, ldesPageSize, ldesSettle, guarded, dbWaits, ingestion, cors, dashboard, federation);
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

    public Settings withIngestion(be.belfort.ingestion.IngestionSettings settings) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes, maxBatchSize,
                contexts, shutdownTimeout, retentionRules, maxHistoryInstances, delivery, publicUrl, catalogPublisher,
                ldesPageSize, ldesSettle, security, dbWaits, settings, cors, dashboard, federation);
    }

    /** The origins whose scripts may call the API and the admin paths (open data is open to every origin). */
    public Settings withCors(CorsPolicy policy) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes, maxBatchSize,
                contexts, shutdownTimeout, retentionRules, maxHistoryInstances, delivery, publicUrl, catalogPublisher,
                ldesPageSize, ldesSettle, security, dbWaits, ingestion, policy, dashboard, federation);
    }

    public Settings withDashboard(be.belfort.dashboard.DashboardSettings settings) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes, maxBatchSize,
                contexts, shutdownTimeout, retentionRules, maxHistoryInstances, delivery, publicUrl, catalogPublisher,
                ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, settings, federation);
    }

    public Settings withFederation(be.belfort.federation.FederationSettings settings) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes, maxBatchSize,
                contexts, shutdownTimeout, retentionRules, maxHistoryInstances, delivery, publicUrl, catalogPublisher,
                ldesPageSize, ldesSettle, security, dbWaits, ingestion, cors, dashboard, settings);
    }
}
