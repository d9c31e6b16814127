package be.belfort.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTrailTest {

    /** Keeps the batches it was given, in order. */
    private static final class Batches implements AuditLog {
        final List<List<AuditEntry>> appended = new CopyOnWriteArrayList<>();

        @Override
        public void append(List<AuditEntry> entries) {
            appended.add(List.copyOf(entries));
        }

        @Override
        public List<AuditEntry> read(String tenant, Instant since, int limit) {
            return appended.stream().flatMap(List::stream).toList();
        }

        @Override
        public Page search(AuditSearch search) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long removeBefore(Instant cutoff) {
            return 0;
        }
    }

    private static void waitForBatches(Batches log, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (log.appended.size() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(log.appended).hasSize(count);
    }

    private static AuditEntry entry(String entityId) {
        return new AuditEntry(Instant.EPOCH, "reuser", null, "city", "PATCH", entityId, List.of(), 204);
    }

    @Test
    void entriesArrivingSoonAfterABatchWaitForTheNextBatchTogether() throws InterruptedException {
        Batches log = new Batches();
        try (AuditTrail trail = new AuditTrail(log, Duration.ofMillis(400))) {
            trail.record(entry("first"));
            waitForBatches(log, 1);
            trail.record(entry("second"));
            Thread.sleep(30);
            trail.record(entry("third"));
            waitForBatches(log, 2);

            assertThat(log.appended.get(0)).extracting(AuditEntry::entityId).containsExactly("first");
            assertThat(log.appended.get(1)).extracting(AuditEntry::entityId).containsExactly("second", "third");
        }
    }

    @Test
    void aReaderSeesEntriesStillWaitingForTheirBatch() {
        Batches log = new Batches();
        try (AuditTrail trail = new AuditTrail(log, Duration.ofSeconds(2))) {
            trail.record(entry("first"));
            waitForBatches(log, 1);
            trail.record(entry("waiting"));

            assertThat(trail.read("city", null, 10)).extracting(AuditEntry::entityId)
                    .containsExactly("first", "waiting");
        }
    }
}
