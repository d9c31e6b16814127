package be.belfort.federation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The figures a node shows never go down while it adds its counts to the store. */
class TallyTest {
    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

    /** A store in memory whose first addition waits until it is let go. */
    private static final class SlowStore implements FigureStore {
        private final Map<Key, Figures> kept = new HashMap<>();
        final CountDownLatch adding = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);

        @Override
        public void add(Kind kind, Map<Key, Figures> counted) {
            adding.countDown();
            try {
                letGo.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (kept) {
                counted.forEach((key, figures) -> kept.merge(key, figures, Figures::plus));
            }
        }

        @Override
        public Map<String, Figures> read(Kind kind, String tenant) {
            Map<String, Figures> read = new HashMap<>();
            synchronized (kept) {
                kept.forEach((key, figures) -> {
                    if (key.tenant().equals(tenant)) {
                        read.put(key.id(), figures);
                    }
                });
            }
            return read;
        }

        @Override
        public void remove(Kind kind, String tenant, String id) {
            synchronized (kept) {
                kept.remove(new Key(tenant, id));
            }
        }
    }

    @Test
    void aReadDuringAFlushSeesTheCountsItIsWriting() throws Exception {
        SlowStore store = new SlowStore();
        Tally tally = new Tally(store, FigureStore.Kind.REGISTRATION);
        for (int i = 0; i < 3; i++) {
            tally.count("city", "source-1", true, AT);
        }
        Thread flush = Thread.ofVirtual().start(tally::flush);
        assertThat(store.adding.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Figures> read = CompletableFuture.supplyAsync(() -> tally.of("city", "source-1"));
        Thread.sleep(200);
        assertThat(read).as("a read between taking the counts and storing them").isNotDone();

        store.letGo.countDown();
        flush.join(10_000);
        assertThat(read.get(10, TimeUnit.SECONDS).timesSent()).isEqualTo(3);
        assertThat(tally.of("city", "source-1").timesSent()).isEqualTo(3);
    }
}
