package be.belfort.server;

import be.belfort.subscriptions.DeliverySettings;

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
        Duration contextFetchTimeout,
        int maxContextBytes,
        Duration shutdownTimeout,
        List<String> retentionRules,
        int maxHistoryInstances,
        DeliverySettings delivery,
        String publicUrl,
        String catalogPublisher,
        int ldesPageSize,
        Duration ldesSettle,
        SecuritySettings security) {

    /** Defaults for a local platform on an embedded database under the given directory. */
    public static Settings embedded(Path dataDirectory, int port) {
        return new Settings("0.0.0.0", port, dataDirectory, null, null, null, 16, 2 * 1024 * 1024, 1000,
                Duration.ofSeconds(5), 512 * 1024, Duration.ofSeconds(10), List.of(), 10_000, DeliverySettings.DEFAULT, null,
                "Belfort", 250, Duration.ofSeconds(10), SecuritySettings.DEFAULT);
    }

    public boolean usesEmbeddedDatabase() {
        return dbUrl == null || dbUrl.isBlank();
    }

    public Settings withContextFetchTimeout(Duration timeout) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, timeout, maxContextBytes, shutdownTimeout, retentionRules, maxHistoryInstances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security);
    }

    public Settings withLimits(long bodyBytes, int batchSize) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, bodyBytes,
                batchSize, contextFetchTimeout, maxContextBytes, shutdownTimeout, retentionRules, maxHistoryInstances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security);
    }

    /** History retention rules, TENANT[:TYPE]=DURATION (see {@code RetentionRule}). */
    public Settings withRetention(List<String> rules) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contextFetchTimeout, maxContextBytes, shutdownTimeout, List.copyOf(rules), maxHistoryInstances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security);
    }

    /** The most instances of one attribute in one temporal answer; more are paged (206, Content-Range). */
    public Settings withMaxHistoryInstances(int instances) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contextFetchTimeout, maxContextBytes, shutdownTimeout, retentionRules, instances, delivery,
                publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security);
    }

    /** How long a notification receiver may take to answer before the attempt counts as failed. */
    public Settings withNotificationTimeout(Duration timeout) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contextFetchTimeout, maxContextBytes, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery.withTimeout(timeout), publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security);
    }

    /**
     * The most notifications one subscription may have waiting for its receiver; beyond, the subscription
     * is stopped and they are dropped.
     */
    public Settings withMaxPendingNotifications(int maxPending) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contextFetchTimeout, maxContextBytes, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery.withMaxPending(maxPending), publicUrl, catalogPublisher, ldesPageSize, ldesSettle, security);
    }

    /**
     * Event stream pages of {@code pageSize} members, closed once their members are older than
     * {@code settle} (longer than any write transaction takes).
     */
    public Settings withEventStreams(int pageSize, Duration settle) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contextFetchTimeout, maxContextBytes, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery, publicUrl, catalogPublisher, pageSize, settle, security);
    }

    /** How the platform guards itself: access control, tokens, rate limits, outbound calls, audit. */
    public Settings withSecurity(SecuritySettings guarded) {
        return new Settings(host, port, dataDirectory, dbUrl, dbUser, dbPassword, dbPoolSize, maxBodyBytes,
                maxBatchSize, contextFetchTimeout, maxContextBytes, shutdownTimeout, retentionRules, maxHistoryInstances,
                delivery, publicUrl, catalogPublisher, ldesPageSize, ldesSettle, guarded);
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
}
