package be.belfort.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

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
