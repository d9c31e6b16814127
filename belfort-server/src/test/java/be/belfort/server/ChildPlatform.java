package be.belfort.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;

/**
 * The real platform in a child JVM, started as an operator starts it ({@code belfort start}), for tests that
 * kill it: the JVM alone, or with its embedded PostgreSQL as a power cut would.
 */
final class ChildPlatform {
    final Path data;
    final int port;
    final Process process;
    private final Path output;

    private ChildPlatform(Path data, int port, Process process, Path output) {
        this.data = data;
        this.port = port;
        this.process = process;
        this.output = output;
    }

    /** Starts {@code belfort start} on the data directory, on a free port; its output goes to a file beside. */
    static ChildPlatform start(Path data) {
        return start(data, new String[0]);
    }

    /** As {@link #start(Path)}, with more options (say, {@code --db-url}). */
    static ChildPlatform start(Path data, String... options) {
        return launch(data, null, options);
    }

    /** As {@link #start(Path, String...)}, with access control on and this admin key. */
    static ChildPlatform startSecured(Path data, String adminKey, String... options) {
        return launch(data, adminKey, options);
    }

    private static ChildPlatform launch(Path data, String adminKey, String... options) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", productOnly(System.getProperty("java.class.path")), Main.class.getName(),
                "start", "--port", Integer.toString(port), "--data-dir", data.toString(), "--host", "127.0.0.1",
                "--auth", adminKey == null ? "off" : "on", "--allow-private-outbound", "--rate-limit-anonymous", "0",
                "--warm-up", "PT0S"));
        command.addAll(List.of(options));
        Path output = data.resolve("platform-" + port + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (adminKey != null) {
                builder.environment().put("BELFORT_ADMIN_KEY", adminKey);
            }
            return new ChildPlatform(data, port, builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class path without the tests' classes and resources: the product runs as shipped, with its logging set-up. */
    private static String productOnly(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    Http http() {
        return new Http(port);
    }

    /** What the platform printed. */
    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until {@code /health/ready} answers 200; fails when the process ends or the time is up. */
    void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Http http = http();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.get("/health/ready").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the server is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The platform was not ready within " + within + (process.isAlive() ? ""
                : " (it exited with " + process.exitValue() + ")") + "; it printed:\n" + output());
    }

    /** The embedded PostgreSQL server, as its postmaster.pid names it, while it runs. */
    Optional<ProcessHandle> postmaster() {
        return postmaster(data);
    }

    static Optional<ProcessHandle> postmaster(Path data) {
        Path pidFile = data.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The platform's watchdog processes (children of its JVM other than the database, which pg_ctl detaches). */
    List<ProcessHandle> watchdogs() {
        return process.children().filter(ProcessHandle::isAlive).toList();
    }

    /** kill -9 of the JVM alone, as the out-of-memory killer does. */
    void killJvm() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** kill -9 of the JVM and its watchdog: the embedded PostgreSQL is left running on its own. */
    void killJvmAndWatchdog() throws InterruptedException {
        List<ProcessHandle> watchdogs = watchdogs();
        process.destroyForcibly();
        watchdogs.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle watchdog : watchdogs) {
            watchdog.onExit().join();
        }
    }

    /** kill -9 of everything at once, as a power cut: the JVM, its watchdog, PostgreSQL and its backends. */
    void killEverything() throws InterruptedException {
        List<ProcessHandle> watchdogs = watchdogs();
        process.destroyForcibly();
        watchdogs.forEach(ProcessHandle::destroyForcibly);
        killPostgres(data);
        process.waitFor();
    }

    /** kill -9 of the embedded PostgreSQL and its backends, waiting until its pid is free. */
    static void killPostgres(Path data) throws InterruptedException {
        Optional<ProcessHandle> postmaster = postmaster(data);
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> backends = postmaster.get().descendants().toList();
        postmaster.get().destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        // PostgreSQL refuses to start while the old postmaster's pid is still taken.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (postmaster.get().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Stops whatever of this platform still runs, for a test's clean-up. */
    void destroy() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                killEverything();
            }
        }
    }

    /** Something that ends the platform abruptly. */
    interface Kill {
        void run() throws InterruptedException;
    }

    /**
     * Four writers write (numbered values, each writer its own million) until, 1.5 s in, {@code kill} ends the
     * platform; returns the values whose writes were acknowledged.
     */
    static List<Integer> writeUntil(Kill kill, IntPredicate write) throws InterruptedException {
        List<Integer> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        for (int writer = 0; writer < 4; writer++) {
            int w = writer;
            writers.submit(() -> {
                for (int n = 0; writing.get(); n++) {
                    int value = w * 1_000_000 + n;
                    try {
                        if (write.test(value)) {
                            acknowledged.add(value);
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(1500);
        kill.run();
        writing.set(false);
        writers.shutdown();
        if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new AssertionError("The writers did not stop");
        }
        return List.copyOf(acknowledged);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
