package be.belfort.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Folders for the tests' databases under {@code target/test-data}, removed when the test JVM exits. */
final class TemporaryData {
    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("belfort-test-data-removal")
                .unstarted(() -> CREATED.forEach(TemporaryData::remove)));
    }

    private TemporaryData() {
    }

    static Path directory(String prefix) {
        try {
            Path testData = Files.createDirectories(Path.of("target", "test-data").toAbsolutePath());
            Path directory = Files.createTempDirectory(testData, prefix);
            CREATED.add(directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void remove(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left for mvn clean: a folder that cannot be walked now is not worth failing the run for.
        }
    }
}
