package be.belfort.subscriptions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One receiver's queue: notifications delivered oldest first; beyond its capacity they stay in the outbox and are
 * read from there once the queue has drained, each delivered once. The tests wait for deliveries, never for a time.
 */
class ReceiverQueueTest {
    private static final String KEY = "http://receiver.example/notify";

    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final Acknowledger acknowledger = new Acknowledger(outbox);
    private final List<UUID> delivered = new ArrayList<>();
    private final CountDownLatch receiverBusy = new CountDownLatch(1);
    private final CountDownLatch receiverFree = new CountDownLatch(1);
    private ReceiverQueue queue;

    @AfterEach
    void stop() {
        receiverFree.countDown();
        if (queue != null) {
            queue.stop();
        }
        acknowledger.close();
    }

    @Test
    void notificationsAreDeliveredOldestFirst() {
        queue = start(100, false, false);
        List<PendingNotification> recorded = record(10);
        recorded.forEach(queue::offer);

        await(() -> deliveredCount() == 10);
        assertThat(deliveredIds()).containsExactlyElementsOf(ids(recorded));
        await(() -> outbox.size() == 0);
    }

    @Test
    void beyondItsCapacityNotificationsWaitInTheOutboxAndAreEachDeliveredOnceInOrder() throws InterruptedException {
        queue = start(3, false, true);
        List<PendingNotification> recorded = record(10);
        queue.offer(recorded.get(0));
        assertThat(receiverBusy.await(10, TimeUnit.SECONDS)).isTrue();
        recorded.subList(1, 10).forEach(queue::offer);

        assertThat(queue.size()).as("held in memory").isEqualTo(3);
        receiverFree.countDown();

        await(() -> deliveredCount() == 10);
        assertThat(deliveredIds()).containsExactlyElementsOf(ids(recorded));
        await(() -> outbox.size() == 0);
        assertThat(deliveredCount()).as("nothing delivered twice").isEqualTo(10);
    }

    @Test
    void aQueueStartedAfterARestartReadsWhatTheOutboxHolds() {
        List<PendingNotification> recorded = record(5);
        queue = start(2, true, false);

        await(() -> deliveredCount() == 5);
        assertThat(deliveredIds()).containsExactlyElementsOf(ids(recorded));
    }

    private ReceiverQueue start(int capacity, boolean spilled, boolean blockFirst) {
        return new ReceiverQueue(KEY, capacity, 1, outbox, acknowledger, spilled, notification -> {
            if (blockFirst && receiverBusy.getCount() > 0) {
                receiverBusy.countDown();
                try {
                    receiverFree.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (delivered) {
                delivered.add(notification.id());
            }
            acknowledger.acknowledge(notification.id());
        });
    }

    private List<PendingNotification> record(int count) {
        List<PendingNotification> recorded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            recorded.add(new PendingNotification(UUID.randomUUID(), "", "urn:ngsi-ld:Subscription:1", KEY,
                    Trigger.ATTRIBUTE_UPDATED, NotifiedChange.rendered(JsonNodeFactory.instance.objectNode()), Instant.EPOCH.plusSeconds(i)));
        }
        outbox.addAll(recorded);
        return recorded;
    }

    private int deliveredCount() {
        synchronized (delivered) {
            return delivered.size();
        }
    }

    private List<UUID> deliveredIds() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    private static List<UUID> ids(List<PendingNotification> notifications) {
        return notifications.stream().map(PendingNotification::id).toList();
    }

    /** Waits for what the queue's threads do; the bound only keeps a broken queue from hanging the build. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
