package be.belfort.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own (the embedded binaries, started as a separate server on a fixed port and
 * directory), which several platforms share through {@code --db-url} as they would an external database, and
 * which a test can stop and start again.
 */
final class StandalonePostgres implements AutoCloseable {
    private final Path directory;
    private final int port;
    private EmbeddedPostgres server;

    private StandalonePostgres(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    static StandalonePostgres start() {
        StandalonePostgres postgres = new StandalonePostgres(TestPlatform.temporaryDirectory().resolve("postgres"),
                ChildPlatform.freePort());
        postgres.resume();
        return postgres;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Settings of a node on this database: access control on with the given admin key, no rate limits. */
    Settings node(String adminKey) {
        return TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withExternalDatabase(jdbcUrl(), "postgres", "postgres")
                .withAuth(true, adminKey)
                .withPrivateOutbound(true);
    }

    /**
     * A streaming replica of this server on a port of its own: a copy of the files taken between
     * {@code pg_backup_start} and {@code pg_backup_stop} (a base backup with the server's own functions, as the
     * embedded binaries have no {@code pg_basebackup}), started in standby mode following this server.
     */
    StandalonePostgres replica() {
        Path copy = TestPlatform.temporaryDirectory().resolve("replica");
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_backup_start('belfort replica', true)");
            copyFiles(directory, copy);
            try (ResultSet label = statement.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                label.next();
                Files.writeString(copy.resolve("backup_label"), label.getString(1));
            }
            Files.writeString(copy.resolve("standby.signal"), "");
            Files.writeString(copy.resolve("postgresql.auto.conf"),
                    "\nprimary_conninfo = 'host=localhost port=" + port + " user=postgres'\n", StandardOpenOption.APPEND);
        } catch (SQLException e) {
            throw new IllegalStateException("No base backup for a replica", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandalonePostgres replica = new StandalonePostgres(copy, ChildPlatform.freePort());
        replica.resume();
        return replica;
    }

    /** What a base backup leaves out: the running server's own files, and the log it streams anyway. */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
    private static final Set<String> COPIED_EMPTY = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

    private static void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.getNameCount() > 0 && NOT_COPIED.contains(relative.getName(0).toString())
                        || relative.getNameCount() > 1 && COPIED_EMPTY.contains(relative.getName(0).toString())) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                try {
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (NoSuchFileException gone) {
                    // a temporary file of the running server, removed while the copy was made
                }
            }
        }
        Files.createDirectories(to.resolve("pg_wal").resolve("archive_status"));
        // PostgreSQL refuses a data directory that others may read
        Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    /** Runs a statement on this server as its superuser, e.g. to pause a replica's replay. */
    void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Stops the server (a fast shutdown: sessions are ended, as in a failover). */
    void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = null;
    }

    /** Starts the server again on the same port and data. */
    void resume() {
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("max_connections", "200")
                    // a replica answers once it has replayed up to a consistent state
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    // keeps the log a replica made from a copy of the files needs to catch up
                    .setServerConfig("wal_keep_size", "256MB")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
        }
    }
}
