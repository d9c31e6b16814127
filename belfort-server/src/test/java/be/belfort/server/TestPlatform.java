package be.belfort.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One real platform (HTTP server and embedded PostgreSQL) shared by the tests of a run, started on
 * first use on a free port with its data in a temporary directory. Tests keep apart by using their
 * own tenant or entity ids.
 */
final class TestPlatform {
    static final long MAX_BODY_BYTES = 256 * 1024;
    static final int MAX_BATCH_SIZE = 500;

    private static Platform shared;

    private TestPlatform() {
    }

    static synchronized Platform shared() {
        if (shared == null) {
            shared = start(temporaryDirectory());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A platform of one's own, for tests that stop and restart it. */
    static Platform start(Path dataDirectory) {
        Settings settings = unlimited(dataDirectory)
                .withLimits(MAX_BODY_BYTES, MAX_BATCH_SIZE)
                .withContextFetchTimeout(Duration.ofSeconds(2))
                // Access control has tests of its own (SecurityTest); here it would only add keys to every request.
                .withAuth(false, null)
                // The tests' receivers and @context servers run on 127.0.0.1.
                .withPrivateOutbound(true);
        return Platform.start(settings);
    }

    /**
     * An embedded platform's settings without rate limits: a test sends its requests as fast as it can from
     * one address (RateLimitTest has limits of its own).
     */
    static Settings unlimited(Path dataDirectory) {
        Settings settings = Settings.embedded(dataDirectory, 0);
        return settings.withSecurity(settings.security().withRateLimits(0, 0));
    }

    /**
     * A data folder of its own under the module's {@code target}, removed when the test JVM exits: a platform's
     * database takes tens of megabytes, and a thousand tests' worth left in the system's temporary folder fills a disk
     * ({@code mvn clean} removes what a killed run leaves).
     */
    static Path temporaryDirectory() {
        return TemporaryData.directory("belfort-test");
    }
}
