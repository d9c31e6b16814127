package be.belfort.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Clears the way for a new start on a data directory whose last Belfort died: a PostgreSQL server of that Belfort
 * still running is stopped (fast shutdown: open transactions roll back, committed ones are on disk; if that hangs,
 * immediate, and at last kill), and a {@code postmaster.pid} naming some unrelated process after a reboot is removed.
 * A server that was killed together with its Belfort needs nothing: PostgreSQL recovers from its write-ahead log
 * when it starts. Only call this while holding the {@link DataDirectoryLock}: then no live Belfort owns the server.
 */
final class LeftoverPostmaster {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostmaster.class);

    private final Duration fastShutdown;
    private final Duration immediateShutdown;

    LeftoverPostmaster(Duration fastShutdown, Duration immediateShutdown) {
        this.fastShutdown = fastShutdown;
        this.immediateShutdown = immediateShutdown;
    }

    void clear(Path clusterDirectory) {
        PostmasterPidFile.read(clusterDirectory).ifPresent(pidFile -> pidFile.server().ifPresentOrElse(
                this::stop,
                () -> removeIfReused(pidFile)));
    }

    private void stop(ProcessHandle server) {
        LOG.warn("The embedded PostgreSQL (pid {}) of a Belfort that is no longer running is still running; stopping it",
                server.pid());
        List<ProcessHandle> backends = server.descendants().toList();
        if (signalAndWait(server, "INT", fastShutdown) || signalAndWait(server, "QUIT", immediateShutdown)) {
            return;
        }
        LOG.warn("The embedded PostgreSQL (pid {}) did not stop within {}; killing it", server.pid(),
                fastShutdown.plus(immediateShutdown));
        server.destroyForcibly();
        // Backends still attached to its shared memory would keep a new server from starting.
        backends.forEach(ProcessHandle::destroyForcibly);
        awaitExit(server, immediateShutdown);
    }

    private static boolean signalAndWait(ProcessHandle server, String signal, Duration timeout) {
        Signals.send(server.pid(), signal);
        return awaitExit(server, timeout);
    }

    private static boolean awaitExit(ProcessHandle server, Duration timeout) {
        try {
            server.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !server.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !server.isAlive();
        }
    }

    /**
     * PostgreSQL removes a pid file whose process is gone, but refuses one whose pid now belongs to a live
     * process. That process is not the server (it started at another time), so the file is stale.
     */
    private static void removeIfReused(PostmasterPidFile pidFile) {
        if (ProcessHandle.of(pidFile.pid()).map(ProcessHandle::isAlive).orElse(false)) {
            LOG.warn("Removing a stale {}: its pid {} now belongs to another process", pidFile.file(), pidFile.pid());
            try {
                Files.deleteIfExists(pidFile.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
