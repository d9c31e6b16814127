package be.belfort.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a PostgreSQL server writes to {@code postmaster.pid} in its data directory while it runs: its pid,
 * start time and port (one a line, in that order after the data directory's path).
 */
record PostmasterPidFile(Path file, long pid, Instant startedAt, int port) {
    static final String FILE_NAME = "postmaster.pid";

    /** The file of the cluster in {@code clusterDirectory}, when there is one with a pid in it. */
    static Optional<PostmasterPidFile> read(Path clusterDirectory) {
        Path file = clusterDirectory.resolve(FILE_NAME);
        try {
            return parse(file, Files.readAllLines(file));
        } catch (NoSuchFileException stopped) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    static Optional<PostmasterPidFile> parse(Path file, List<String> lines) {
        try {
            long pid = Long.parseLong(lines.getFirst().strip());
            Instant started = lines.size() > 2 ? Instant.ofEpochSecond(Long.parseLong(lines.get(2).strip())) : null;
            int port = lines.size() > 3 ? Integer.parseInt(lines.get(3).strip()) : 0;
            return Optional.of(new PostmasterPidFile(file, pid, started, port));
        } catch (RuntimeException halfWritten) {
            // An empty or partly written file: a server that is just starting or died while starting.
            return Optional.empty();
        }
    }

    /**
     * The server that wrote this file, if it still runs: a live process with the pid that started when the
     * file says. After a reboot the pid may belong to any other process, which is then not the server.
     */
    Optional<ProcessHandle> server() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::startedWhenRecorded);
    }

    private boolean startedWhenRecorded(ProcessHandle process) {
        Optional<Instant> processStart = process.info().startInstant();
        if (processStart.isEmpty() || startedAt == null) {
            // Nothing to compare: trust the name of the program.
            return process.info().command().map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                    .orElse(true);
        }
        // The server writes its start time (whole seconds) just after it starts.
        long seconds = Math.abs(processStart.get().getEpochSecond() - startedAt.getEpochSecond());
        return seconds <= 5;
    }
}
