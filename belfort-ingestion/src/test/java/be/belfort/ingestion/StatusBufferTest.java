package be.belfort.ingestion;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A status read that flushes sees every change counted before it, even while the periodic flush is writing; a
 * failed write loses no change.
 */
class StatusBufferTest {
    private static final Device SENSOR = new Device("city", "sensor-1", "urn:ngsi-ld:Thing:sensor-1", "Thing",
            "PDI-IoTA-UltraLight", null, null, null, List.of(), List.of(), false, JsonNodeFactory.instance.objectNode());

    /** A registry that only records: each write goes to {@code writes}; any other call fails the test. */
    private static DeviceRegistry recording(Consumer<Collection<DeviceStatus.Change>> writes) {
        return (DeviceRegistry) Proxy.newProxyInstance(DeviceRegistry.class.getClassLoader(),
                new Class<?>[]{DeviceRegistry.class}, (self, method, arguments) -> {
                    if (!method.getName().equals("record")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    @SuppressWarnings("unchecked")
                    Collection<DeviceStatus.Change> changes = (Collection<DeviceStatus.Change>) arguments[0];
                    writes.accept(changes);
                    return null;
                });
    }

    @Test
    void aFlushWhileAnotherWritesWaitsForItAndKeepsTheOrder() throws Exception {
        List<DeviceStatus.Change> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch letFirstWriteEnd = new CountDownLatch(1);
        // The first write is held until it is let go.
        StatusBuffer buffer = new StatusBuffer(recording(changes -> {
            if (firstWriteStarted.getCount() > 0) {
                firstWriteStarted.countDown();
                await(letFirstWriteEnd);
            }
            written.addAll(changes);
        }));
        buffer.add(SENSOR, Instant.parse("2026-12-04T10:00:00Z"), 0, List.of(new Refusal("t", "older")), null);
        Thread periodic = Thread.ofVirtual().start(buffer::flush);
        assertThat(firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();

        buffer.add(SENSOR, Instant.parse("2026-12-04T10:00:01Z"), 0, List.of(new Refusal("h", "newer")), null);
        CountDownLatch readFlushed = new CountDownLatch(1);
        Thread read = Thread.ofVirtual().start(() -> {
            buffer.flush();
            readFlushed.countDown();
        });
        assertThat(readFlushed.await(300, TimeUnit.MILLISECONDS))
                .as("the read's flush returned while the periodic flush was still writing").isFalse();

        letFirstWriteEnd.countDown();
        periodic.join(10_000);
        read.join(10_000);
        assertThat(readFlushed.getCount()).isZero();
        assertThat(written).extracting(change -> change.errors().getFirst().reason())
                .containsExactly("'t': older", "'h': newer");
    }

    @Test
    void changesOfAFailedWriteAreWrittenNextTimeWithThoseThatCameMeanwhile() {
        List<List<DeviceStatus.Change>> writes = new ArrayList<>();
        StatusBuffer[] buffer = new StatusBuffer[1];
        DeviceRegistry failingOnce = recording(changes -> {
            if (writes.isEmpty()) {
                writes.add(List.of());
                // A message counted while the write fails.
                buffer[0].add(SENSOR, Instant.parse("2026-12-04T10:00:05Z"), 2, List.of(new Refusal("h", "newer")), 8L);
                throw new IllegalStateException("the database is unreachable");
            }
            writes.add(List.copyOf(changes));
        });
        buffer[0] = new StatusBuffer(failingOnce);
        buffer[0].add(SENSOR, Instant.parse("2026-12-04T10:00:00Z"), 3, List.of(new Refusal("t", "older")), 7L);

        assertThatThrownBy(buffer[0]::flush).hasMessageContaining("unreachable");
        buffer[0].flush();

        assertThat(writes).hasSize(2);
        DeviceStatus.Change written = writes.get(1).getFirst();
        assertThat(writes.get(1)).hasSize(1);
        assertThat(written.accepted()).isEqualTo(5);
        assertThat(written.refused()).isEqualTo(2);
        assertThat(written.errors()).extracting(DeviceStatus.Error::reason).containsExactly("'h': newer", "'t': older");
        assertThat(written.lastFrame()).isEqualTo(8L);
        assertThat(written.lastSeen()).isEqualTo(Instant.parse("2026-12-04T10:00:05Z"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
