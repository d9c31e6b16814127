package be.belfort.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a workload closed-loop: N workers each send a request, wait for its answer, and send the next,
 * through a warm-up that is not counted and a measured phase. Latencies go into an HDR histogram
 * (microseconds), so percentiles are exact to three significant digits.
 */
public final class LoadRunner {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final HttpClient client;
    private final int connections;
    private final PrintStream out;

    public LoadRunner(HttpClient client, int connections, PrintStream out) {
        this.client = client;
        this.connections = connections;
        this.out = out;
    }

    public Result run(Workload workload, Duration warmup, Duration duration) throws InterruptedException {
        out.printf("%-9s warm-up %ds, then measuring %ds with %d connections%n", workload.name(),
                warmup.toSeconds(), duration.toSeconds(), connections);
        Recorder recorder = new Recorder(3);
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + duration.toNanos();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        for (int worker = 0; worker < connections; worker++) {
            int w = worker;
            workers.submit(() -> loop(workload, w, warmupEnd, end, recorder, errors));
        }
        workers.shutdown();
        Histogram total = new Histogram(3);
        long lastProgress = warmupEnd;
        long lastCount = 0;
        while (!workers.awaitTermination(200, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            if (now > warmupEnd && now - lastProgress >= PROGRESS_EVERY.toNanos()) {
                total.add(recorder.getIntervalHistogram());
                out.printf("  %-9s %6.0f req/s (last %ds), %d errors so far%n", workload.name(),
                        (total.getTotalCount() - lastCount) / ((now - lastProgress) / 1e9),
                        PROGRESS_EVERY.toSeconds(), errors.values().stream().mapToLong(AtomicLong::get).sum());
                lastCount = total.getTotalCount();
                lastProgress = now;
            }
        }
        total.add(recorder.getIntervalHistogram());
        Map<String, Long> errorCounts = new ConcurrentHashMap<>();
        errors.forEach((kind, count) -> errorCounts.put(kind, count.get()));
        return new Result(workload.name(), total, duration, workload.entitiesPerRequest(), errorCounts);
    }

    private void loop(Workload workload, int worker, long warmupEnd, long end, Recorder recorder,
                      Map<String, AtomicLong> errors) {
        for (long sequence = 0; ; sequence++) {
            long start = System.nanoTime();
            if (start >= end) {
                return;
            }
            String failure = null;
            try {
                HttpResponse<Void> response = client.send(workload.next(worker, sequence),
                        HttpResponse.BodyHandlers.discarding());
                if (!workload.expectedStatuses().contains(response.statusCode())) {
                    failure = "HTTP " + response.statusCode();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failure = "I/O " + e.getClass().getSimpleName();
            }
            long finished = System.nanoTime();
            if (start < warmupEnd || finished > end) {
                continue;
            }
            if (failure == null) {
                recorder.recordValue(Math.max(1, (finished - start) / 1000));
            } else {
                errors.computeIfAbsent(failure, k -> new AtomicLong()).incrementAndGet();
            }
        }
    }
}
