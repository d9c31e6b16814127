package be.belfort.storage;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PostmasterWatchdogTest {

    @Test
    void theServerStopsSoonAfterTheJvmThatStartedItIsGone() throws Exception {
        Path data = Files.createTempDirectory("belfort-watchdog");
        try (Database database = Database.embedded(data, Database.Pool.of(2))) {
            ProcessHandle server = PostmasterPidFile.read(data.resolve(Database.CLUSTER_DIRECTORY)).orElseThrow()
                    .server().orElseThrow();

            database.watchdog().simulateDeathOfTheJvm();

            assertThat(server.onExit().completeOnTimeout(null, 15, TimeUnit.SECONDS).join())
                    .as("the server stopped within 15 s").isNotNull();
            assertThat(Files.readString(data.resolve(ServerLog.FILE_NAME)))
                    .contains("belfort-watchdog: the JVM that started PostgreSQL " + server.pid() + " is gone")
                    .contains("database system is shut down");
        }
    }

    @Test
    void aServerThatALaterStartMadeIsLeftAlone() throws Exception {
        Path cluster = Files.createTempDirectory("belfort-watchdog");
        Path log = cluster.resolve("watchdog.log");
        Process later = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(cluster.resolve(PostmasterPidFile.FILE_NAME), later.pid() + "\n" + cluster + "\n"
                    + Instant.now().getEpochSecond() + "\n5432\n");
            PostmasterWatchdog watchdog = PostmasterWatchdog.start(
                    new PostmasterPidFile(cluster.resolve(PostmasterPidFile.FILE_NAME), later.pid() + 1_000_000, null, 5432),
                    log);

            watchdog.simulateDeathOfTheJvm();

            assertThat(watchdog.endsWithin(Duration.ofSeconds(10))).isTrue();
            assertThat(later.isAlive()).isTrue();
            assertThat(Files.exists(log) ? Files.readString(log) : "").doesNotContain("shutdown");
        } finally {
            later.destroyForcibly();
        }
    }
}
