package be.belfort.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The PostgreSQL database: an embedded server whose data lives under a directory (so a restart
 * keeps everything), or an external server reached by JDBC URL. The schema is migrated on open.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;
    private final String description;

    private Database(EmbeddedPostgres embedded, HikariDataSource dataSource, String description) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.description = description;
    }

    /**
     * How many connections, and how long a request waits for one and for a lock before it is answered
     * 503 (so that contention sheds load instead of piling up requests).
     */
    public record Pool(int size, Duration connectionWait, Duration lockWait) {
    }

    /** Starts (or restarts on existing data) an embedded PostgreSQL server under {@code dataDirectory}. */
    public static Database embedded(Path dataDirectory, Pool pool) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // The platform stops the database itself, after the last in-flight request.
                    .setRegisterShutdownHook(false)
                    // After a crash PostgreSQL replays its write-ahead log before it accepts connections.
                    .setPGStartupWait(Duration.ofSeconds(120))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .start();
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Database database = new Database(postgres, pool(url, "postgres", "postgres", pool),
                    "embedded PostgreSQL on port " + postgres.getPort() + ", data in " + dataDirectory.toAbsolutePath());
            database.migrate();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL could not start in " + dataDirectory, e);
        }
    }

    /** Connects to an external PostgreSQL (14 or later). */
    public static Database external(String jdbcUrl, String user, String password, Pool pool) {
        Database database = new Database(null, pool(jdbcUrl, user, password, pool), "PostgreSQL at " + jdbcUrl);
        database.migrate();
        return database;
    }

    private static HikariDataSource pool(String url, String user, String password, Pool pool) {
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
        return new HikariDataSource(config);
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.info("Database ready: {}", description);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
