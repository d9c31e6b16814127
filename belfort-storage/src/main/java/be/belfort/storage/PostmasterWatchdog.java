package be.belfort.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops the embedded PostgreSQL server when the JVM that started it dies without stopping it (kill -9, the
 * out-of-memory killer). A small shell process reads from a pipe whose only writer is this JVM: when the JVM
 * ends, however it ends, the system closes the pipe, the read returns, and the watchdog asks the server for a
 * fast shutdown (immediate after 30 s). Waiting on a pipe needs no polling and cannot mistake a reused pid for
 * the JVM; a shell costs no memory to speak of, where a second JVM would cost tens of megabytes.
 */
final class PostmasterWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);

    /**
     * $1: the server's postmaster.pid, $2: the server's pid. Terminal signals (Ctrl+C reaches the whole process
     * group) are the platform's to handle: it stops the server itself, then ends the watchdog with TERM. A
     * postmaster.pid naming another pid belongs to a server some later start made: that one is left alone.
     */
    private static final String SCRIPT = """
            trap '' INT HUP QUIT TSTP
            while read -r ignored; do :; done
            read -r pid < "$1" 2>/dev/null || exit 0
            [ "$pid" = "$2" ] || exit 0
            echo "belfort-watchdog: the JVM that started PostgreSQL $2 is gone; fast shutdown"
            kill -s INT "$2" 2>/dev/null || exit 0
            waited=0
            while kill -0 "$2" 2>/dev/null; do
              if [ "$waited" -ge 30 ]; then
                echo "belfort-watchdog: no fast shutdown after 30 s; immediate shutdown"
                kill -s QUIT "$2" 2>/dev/null
                exit 0
              fi
              sleep 1
              waited=$((waited + 1))
            done
            """;

    // Held for the life of the JVM: the pipe to the watchdog closes when this process object's stream does.
    private final Process watchdog;

    private PostmasterWatchdog(Process watchdog) {
        this.watchdog = watchdog;
    }

    /** Watches over the server that wrote {@code pidFile}; output goes to the server's log. */
    static PostmasterWatchdog start(PostmasterPidFile pidFile, Path log) throws IOException {
        Process process = new ProcessBuilder("sh", "-c", SCRIPT, "belfort-watchdog",
                pidFile.file().toAbsolutePath().toString(), Long.toString(pidFile.pid()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        LOG.debug("Watchdog {} for the embedded PostgreSQL {}", process.pid(), pidFile.pid());
        return new PostmasterWatchdog(process);
    }

    /** Whether the watchdog has ended within {@code timeout}; for tests. */
    boolean endsWithin(Duration timeout) throws InterruptedException {
        return watchdog.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What happens when this JVM dies: end of input, and the watchdog stops the server. For tests. */
    void simulateDeathOfTheJvm() throws IOException {
        watchdog.getOutputStream().close();
    }

    /** The platform stops the server itself; the watchdog just ends. */
    @Override
    public void close() {
        watchdog.destroy();
    }
}
