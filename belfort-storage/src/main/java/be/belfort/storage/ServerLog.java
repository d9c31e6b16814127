package be.belfort.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The embedded PostgreSQL's own output (initdb, the server's log, the watchdog) in one file beside its data, so
 * that Belfort's console shows Belfort's lines. A file over 10 MB at start becomes {@code .1} (one generation).
 */
record ServerLog(Path file) {
    static final String FILE_NAME = "postgres.log";
    private static final long ROTATE_AT_BYTES = 10L * 1024 * 1024;

    static ServerLog in(Path directory) {
        return new ServerLog(directory.resolve(FILE_NAME));
    }

    void rotateWhenLarge() {
        try {
            if (Files.exists(file) && Files.size(file) > ROTATE_AT_BYTES) {
                Files.move(file, file.resolveSibling(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines that say something, for a message on failure. */
    String lastLines(int count) {
        try {
            List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
