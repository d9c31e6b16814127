package be.belfort.storage;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LeftoverPostmasterTest {
    private final LeftoverPostmaster leftover = new LeftoverPostmaster(Duration.ofSeconds(5), Duration.ofSeconds(5));

    @Test
    void aPidFileWhoseServerIsGoneIsLeftToPostgresCrashRecovery() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path cluster = clusterWithPidFile(ended.pid(), System.currentTimeMillis() / 1000);
        leftover.clear(cluster);
        assertThat(cluster.resolve(PostmasterPidFile.FILE_NAME)).exists();
    }

    @Test
    void aPidFileNamingAProcessThatStartedAtAnotherTimeIsStaleAndRemoved() throws Exception {
        // After a reboot the old server's pid may be taken by anything, here this JVM: it is left alone.
        ProcessHandle self = ProcessHandle.current();
        long anHourBefore = self.info().startInstant().orElseThrow().getEpochSecond() - 3600;
        Path cluster = clusterWithPidFile(self.pid(), anHourBefore);
        leftover.clear(cluster);
        assertThat(cluster.resolve(PostmasterPidFile.FILE_NAME)).doesNotExist();
        assertThat(self.isAlive()).isTrue();
    }

    private static Path clusterWithPidFile(long pid, long startedEpochSecond) throws Exception {
        Path cluster = Files.createTempDirectory("belfort-cluster");
        Files.writeString(cluster.resolve(PostmasterPidFile.FILE_NAME), pid + "\n" + cluster + "\n" + startedEpochSecond
                + "\n5432\n/tmp\nlocalhost\n  1 2\nready\n");
        return cluster;
    }
}
