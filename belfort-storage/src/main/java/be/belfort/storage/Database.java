package be.belfort.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.time.Duration;

/**
 * The PostgreSQL database: an embedded server whose data lives under a directory (so a restart
 * keeps everything), or an external server reached by JDBC URL. The schema is migrated on open.
 *
 * <p>An embedded database's directory holds {@code postgres/} (the cluster), {@code postgres.log} (the server's
 * own output) and {@code belfort.lock} (which live Belfort uses it). A start takes the lock first, so a second
 * Belfort on the same directory refuses at once; then it stops a server left running by a Belfort that died,
 * starts its own and a watchdog that stops it should this JVM die without doing so.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String CLUSTER_DIRECTORY = "postgres";
    // After a crash PostgreSQL replays its write-ahead log before it accepts connections.
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(120);

    private final HikariDataSource dataSource;
    private final String description;
    private final QueryProbe probe;
    private final EmbeddedServer embedded;
    private volatile ReplicaReads replica;

    private Database(HikariDataSource dataSource, String description, EmbeddedServer embedded) {
        this.dataSource = dataSource;
        this.description = description;
        this.probe = new QueryProbe(dataSource);
        this.embedded = embedded;
    }

    /**
     * How many connections, and how long a request waits for one and for a lock before it is answered
     * 503 (so that contention sheds load instead of piling up requests).
     */
    public record Pool(int size, Duration connectionWait, Duration lockWait) {
        /** A pool of {@code size} connections with the default waits of 5 s. */
        public static Pool of(int size) {
            return new Pool(size, Duration.ofSeconds(5), Duration.ofSeconds(5));
        }
    }

    /** The parts of an embedded database that live beside the pool, stopped in reverse order of start. */
    private record EmbeddedServer(DataDirectoryLock lock, EmbeddedPostgres postgres, PostmasterWatchdog watchdog) {
        void close() {
            try {
                if (watchdog != null) {
                    watchdog.close();
                }
                if (postgres != null) {
                    postgres.close();
                }
            } catch (IOException e) {
                LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
            } finally {
                lock.close();
            }
        }
    }

    /**
     * Starts (or restarts on existing data) an embedded PostgreSQL server with its files under {@code directory}.
     *
     * @throws DataDirectoryInUseException when a live Belfort uses the directory
     * @throws DatabaseStartException      when the server does not start; the message names its log
     */
    public static Database embedded(Path directory, Pool pool) {
        return embedded(directory, pool, null);
    }

    /**
     * As {@link #embedded(Path, Pool)}, with the schema migrated up to {@code schemaVersion} only (null: the
     * latest), for a restore of a backup taken at that version; the next start migrates the rest.
     */
    public static Database embedded(Path directory, Pool pool, String schemaVersion) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DatabaseStartException("Could not create the data directory " + directory.toAbsolutePath(), e);
        }
        DataDirectoryLock lock = DataDirectoryLock.acquire(directory);
        Path cluster = directory.resolve(CLUSTER_DIRECTORY).toAbsolutePath();
        ServerLog log = ServerLog.in(directory.toAbsolutePath());
        EmbeddedServer server = new EmbeddedServer(lock, null, null);
        Database database;
        try {
            new LeftoverPostmaster(Duration.ofSeconds(30), Duration.ofSeconds(10)).clear(cluster);
            log.rotateWhenLarge();
            EmbeddedPostgres postgres = start(cluster, log);
            // From here on, a failure stops the server too.
            server = new EmbeddedServer(lock, postgres, null);
            server = new EmbeddedServer(lock, postgres, watch(cluster, log));
            database = new Database(pool(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", pool),
                    "embedded PostgreSQL on port " + postgres.getPort() + ", data in " + cluster + ", its log in "
                            + log.file(), server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        try {
            database.migrate(schemaVersion);
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /**
     * The embedded database of a data directory, for a tool run beside the platform ({@code belfort backup}):
     * the server of the Belfort running on it when there is one (no lock taken, nothing migrated), else one
     * started here as {@link #embedded(Path, Pool)} does.
     */
    public static Database attach(Path directory) {
        Path cluster = directory.resolve(CLUSTER_DIRECTORY).toAbsolutePath();
        Optional<PostmasterPidFile> running = PostmasterPidFile.read(cluster)
                .filter(pidFile -> pidFile.port() > 0 && ProcessHandle.of(pidFile.pid()).map(ProcessHandle::isAlive).orElse(false));
        if (running.isEmpty()) {
            return embedded(directory, Pool.of(2));
        }
        return new Database(pool("jdbc:postgresql://localhost:" + running.get().port() + "/postgres", "postgres",
                "postgres", Pool.of(2)), "embedded PostgreSQL on port " + running.get().port() + " (data in " + cluster + ")",
                null);
    }

    /** An external PostgreSQL as it is, not migrated (for a backup). */
    public static Database connect(String jdbcUrl, String user, String password) {
        return new Database(pool(jdbcUrl, user, password, Pool.of(2)), "PostgreSQL at " + jdbcUrl, null);
    }

    private static EmbeddedPostgres start(Path cluster, ServerLog log) {
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.file().toFile());
        try {
            Files.createDirectories(cluster);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    // The platform stops the database itself, after the last in-flight request.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    // Text compared by its bytes: the same order as C.UTF-8 (code points), whatever the machine's
                    // LANG, and PostgreSQL's fast path for the text keys of every index and sort (about twice as
                    // fast as a libc collation). Character classes stay those of the environment's locale.
                    .setLocaleConfig("lc-collate", "C")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    // Batch upserts with history fill 1 GB of WAL (the default) in about half a minute: each forced
                    // checkpoint makes the next change of every index page write a full-page image, which fills
                    // the WAL again. Fewer, later checkpoints: batch upserts about a quarter faster over a long
                    // history, for about 4 GB of WAL on disk (a soft limit) and a longer replay after a crash
                    // (docs/operations.md, "Checkpoints").
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "10min")
                    // Plans need statistics: before a table's first analysis a query by attribute value ran 52
                    // times a second against 1,997 after it (10,000 entities just loaded). Autovacuum analyses a
                    // table that grew within a minute by default; it looks every 10 s here, so a fresh load is
                    // planned right within seconds (docs/operations.md, "Statistics after a load").
                    .setServerConfig("autovacuum_naptime", StatisticsSettings.NAPTIME_SECONDS + "s")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseStartException("The embedded PostgreSQL did not start in " + cluster + "; its log is "
                    + log.file() + " (last lines: " + log.lastLines(3) + ")", e);
        }
    }

    /** A database without its watchdog still works; the log says so, and the next start would clear up. */
    private static PostmasterWatchdog watch(Path cluster, ServerLog log) {
        try {
            PostmasterPidFile pidFile = PostmasterPidFile.read(cluster).orElseThrow(() ->
                    new IOException("no " + PostmasterPidFile.FILE_NAME + " in " + cluster));
            return PostmasterWatchdog.start(pidFile, log.file());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("No watchdog for the embedded PostgreSQL ({}): should this process be killed, the next start"
                    + " stops the database it leaves running", e.getMessage());
            return null;
        }
    }

    /** Connects to an external PostgreSQL (14 or later). */
    public static Database external(String jdbcUrl, String user, String password, Pool pool) {
        return external(jdbcUrl, user, password, pool, null);
    }

    /** As {@link #external(String, String, String, Pool)}, migrated up to {@code schemaVersion} only (null: the latest). */
    public static Database external(String jdbcUrl, String user, String password, Pool pool, String schemaVersion) {
        Database database = new Database(pool(jdbcUrl, user, password, pool), "PostgreSQL at " + jdbcUrl, null);
        try {
            database.migrate(schemaVersion);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        StatisticsSettings.check(database.dataSource);
        return database;
    }

    private static HikariDataSource pool(String url, String user, String password, Pool pool) {
        return new HikariDataSource(config(url, user, password, pool));
    }

    private static HikariConfig config(String url, String user, String password, Pool pool) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(pool.size());
        config.setMinimumIdle(Math.min(2, pool.size()));
        config.setConnectionTimeout(Math.max(250, pool.connectionWait().toMillis()));
        // A statement waits this long for a row or table lock, then fails (55P03, answered 503).
        config.setConnectionInitSql("SET lock_timeout = " + Math.max(1, pool.lockWait().toMillis()));
        config.setPoolName("belfort");
        config.setAutoCommit(true);
        config.addDataSourceProperty("prepareThreshold", "1");
        config.addDataSourceProperty("preparedStatementCacheQueries", "512");
        return config;
    }

    private void migrate(String schemaVersion) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration");
        if (schemaVersion != null) {
            flyway.target(schemaVersion);
        }
        MigrateResult result = flyway.load().migrate();
        LOG.info("Database ready: {} (schema version {}{})", description, result.targetSchemaVersion == null
                        ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted == 0 ? "" : ", " + result.migrationsExecuted + " migrations applied now");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Sends reads to a streaming replica of this database from now on (see {@link ReplicaReads}); the replica's
     * pool is closed with this database. A replica that cannot be reached now is tried again later.
     */
    public ReplicaReads readFromReplica(String jdbcUrl, String user, String password, Pool pool) {
        HikariDataSource replicaPool = replicaPool(jdbcUrl, user, password, pool);
        replica = new ReplicaReads(dataSource, replicaPool, "PostgreSQL at " + jdbcUrl, System::nanoTime);
        LOG.info("Reads go to the replica at {} where the reader has no newer write of its own", jdbcUrl);
        return replica;
    }

    /** The connections for reads: the replica's where they may, when there is one; the primary's otherwise. */
    public DataSource reads() {
        ReplicaReads reads = replica;
        return reads == null ? dataSource : reads.dataSource();
    }

    private static HikariDataSource replicaPool(String url, String user, String password, Pool pool) {
        HikariConfig config = config(url, user, password, pool);
        config.setPoolName("belfort-replica");
        config.setReadOnly(true);
        // An unreachable replica must cost a read little: it falls back to the primary after this wait.
        config.setConnectionTimeout(Math.min(config.getConnectionTimeout(), 1000));
        // A replica that is down at start is no reason not to start: the primary answers meanwhile.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /**
     * A connection of its own, outside the pool, for what holds one for long (hearing other nodes' changes):
     * a query on it that gets no answer for 10 s fails, so that a lost server is noticed.
     */
    public Connection connectDirectly() throws SQLException {
        Properties properties = new Properties();
        if (dataSource.getUsername() != null) {
            properties.setProperty("user", dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            properties.setProperty("password", dataSource.getPassword());
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("ApplicationName", "belfort");
        return DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
    }

    /** Whether this database is the embedded one, which no other Belfort can share. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    public String description() {
        return description;
    }

    /** Whether the database answers a query within {@code timeout}; never waits longer, even on a hanging server. */
    public boolean answersWithin(Duration timeout) {
        return probe.answersWithin(timeout);
    }

    /** The embedded server's watchdog, or null; for tests. */
    PostmasterWatchdog watchdog() {
        return embedded == null ? null : embedded.watchdog();
    }

    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
