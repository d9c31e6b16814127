package be.belfort.bench;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live sensors beside a read workload: a steady rate of partial updates of random entities of the set, each observed
 * now, sent without waiting for the one before. What a read answered from memory costs while the data changes is
 * measured this way; a broker that keeps answers must forget them as the updates arrive.
 */
final class LiveWrites implements AutoCloseable {
    private final HttpClient client;
    private final Workloads catalogue;
    private final PrintStream out;
    private final int perSecond;
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final SplittableRandom random = new SplittableRandom(7);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();

    /** Starts sending {@code perSecond} updates a second, evenly spaced. */
    LiveWrites(HttpClient client, Workloads catalogue, int perSecond, PrintStream out) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("Live writes are at least 1 a second");
        }
        this.client = client;
        this.catalogue = catalogue;
        this.perSecond = perSecond;
        this.out = out;
        clock.scheduleAtFixedRate(this::send, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    private void send() {
        sent.incrementAndGet();
        client.sendAsync(catalogue.spotsUpdate(random.nextInt(catalogue.entities()), random.nextInt(500), false),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() == 204) {
                        acknowledged.incrementAndGet();
                    }
                });
    }

    /** Stops sending and prints what was sent and answered. */
    @Override
    public void close() {
        clock.shutdownNow();
        out.printf("live writes: %,d updates/s asked, %,d sent, %,d acknowledged, %,d failed or not yet answered%n",
                perSecond, sent.get(), acknowledged.get(), sent.get() - acknowledged.get());
    }
}
