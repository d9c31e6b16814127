package be.belfort.storage;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirectoryLockTest {

    @Test
    void aSecondClaimOnAHeldDirectoryIsRefusedNamingTheOwner() throws Exception {
        Path directory = Files.createTempDirectory("belfort-lock");
        try (DataDirectoryLock held = DataDirectoryLock.acquire(directory)) {
            assertThat(Files.readString(directory.resolve(DataDirectoryLock.FILE_NAME)))
                    .startsWith("pid " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> DataDirectoryLock.acquire(directory))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining("in use by a running Belfort (pid " + ProcessHandle.current().pid())
                    .hasMessageContaining(directory.toString());
        }
        DataDirectoryLock.acquire(directory).close();
    }
}
