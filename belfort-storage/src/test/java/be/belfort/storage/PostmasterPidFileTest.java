package be.belfort.storage;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostmasterPidFileTest {
    private static final Path FILE = Path.of("data", "postgres", "postmaster.pid");

    @Test
    void readsPidStartTimeAndPortAsPostgresWritesThem() {
        PostmasterPidFile pidFile = PostmasterPidFile.parse(FILE, List.of("11505", "/srv/belfort/data/postgres",
                "1796157773", "37091", "/tmp", "localhost", "  2245464     32782", "ready   ")).orElseThrow();
        assertThat(pidFile.pid()).isEqualTo(11505);
        assertThat(pidFile.startedAt()).isEqualTo(Instant.ofEpochSecond(1796157773));
        assertThat(pidFile.port()).isEqualTo(37091);
    }

    @Test
    void aFileBeingWrittenIsNoServer() {
        assertThat(PostmasterPidFile.parse(FILE, List.of())).isEmpty();
        assertThat(PostmasterPidFile.parse(FILE, List.of(""))).isEmpty();
    }

    @Test
    void theServerIsTheLiveProcessThatStartedWhenTheFileSays() {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElseThrow();
        assertThat(pidFile(self.pid(), started).server()).contains(self);
        assertThat(pidFile(self.pid(), started.minus(Duration.ofHours(1))).server())
                .as("the pid now belongs to a process that started later").isEmpty();
    }

    @Test
    void aPidWithoutProcessIsNoServer() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertThat(pidFile(ended.pid(), Instant.now()).server()).isEmpty();
    }

    private static PostmasterPidFile pidFile(long pid, Instant started) {
        return new PostmasterPidFile(FILE, pid, started, 5432);
    }
}
