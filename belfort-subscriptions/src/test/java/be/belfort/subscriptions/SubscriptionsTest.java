package be.belfort.subscriptions;

import be.belfort.model.Reader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriptions in memory follow the store when a change this node made and a change heard from the database
 * (its own or another node's) are applied at the same time.
 */
class SubscriptionsTest {
    private static final JsonNode CORE = JsonNodeFactory.instance.textNode(
            "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld");

    private final PausingStore store = new PausingStore();
    private final Subscriptions subscriptions = new Subscriptions(store, new InMemoryOutbox(), Parsing.CONTEXTS,
            Clock.fixed(Parsing.NOW, ZoneOffset.UTC));

    @Test
    void aRefreshThatReadARowBeforeItsDeletionDoesNotPutItBack() throws Exception {
        subscriptions.create("city", payload("urn:ngsi-ld:Subscription:race"), Parsing.CORE, CORE, Reader.ANONYMOUS);

        // The change feed reads the row, and is held there while the API deletes the subscription.
        store.pauseNextFind();
        Thread feed = Thread.ofPlatform().start(() -> subscriptions.refresh("city", "urn:ngsi-ld:Subscription:race"));
        assertThat(store.found.await(10, TimeUnit.SECONDS)).as("the feed read the row").isTrue();
        Thread api = Thread.ofPlatform().start(() -> subscriptions.delete("city", "urn:ngsi-ld:Subscription:race"));
        awaitWaitingOrDone(api);
        store.release.countDown();
        feed.join(10_000);
        api.join(10_000);

        assertThat(store.rows).isEmpty();
        assertThat(subscriptions.find("city", "urn:ngsi-ld:Subscription:race"))
                .as("deleted in the store, so gone from memory").isNull();
    }

    @Test
    void aFullRefreshDoesNotDropASubscriptionCreatedWhileItRan() throws Exception {
        store.pauseNextAll();
        Thread feed = Thread.ofPlatform().start(subscriptions::refreshAll);
        assertThat(store.found.await(10, TimeUnit.SECONDS)).as("the feed read every row").isTrue();
        Thread api = Thread.ofPlatform().start(() -> subscriptions.create("city",
                payload("urn:ngsi-ld:Subscription:new"), Parsing.CORE, CORE, Reader.ANONYMOUS));
        awaitWaitingOrDone(api);
        store.release.countDown();
        feed.join(10_000);
        api.join(10_000);

        assertThat(subscriptions.find("city", "urn:ngsi-ld:Subscription:new")).as("created in the store").isNotNull();
    }

    /** Waits until the thread is held (by the registry's lock) or has finished without being held. */
    private static void awaitWaitingOrDone(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread.State state = thread.getState();
            if (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the thread neither finished nor waited: " + thread.getState());
    }

    private static ObjectNode payload(String id) {
        return Parsing.object("""
                {"id": "%s", "type": "Subscription", "entities": [{"type": "OffStreetParking"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/notify"}}}""".formatted(id));
    }

    /** A store in memory whose next read can be held after it has read, as a slow database answer would be. */
    private static final class PausingStore implements SubscriptionStore {
        final Map<String, Stored> rows = new ConcurrentHashMap<>();
        final CountDownLatch found = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean pauseFind;
        private volatile boolean pauseAll;

        void pauseNextFind() {
            pauseFind = true;
        }

        void pauseNextAll() {
            pauseAll = true;
        }

        @Override
        public boolean insert(Subscription subscription, JsonNode writtenContext, Reader owner) {
            return rows.putIfAbsent(key(subscription.tenant(), subscription.id()), new Stored(subscription.tenant(),
                    subscription.id(), subscription.payload(), writtenContext, subscription.createdAt(),
                    subscription.modifiedAt(), new DeliveryStatus(subscription.tenant(), subscription.id()).snapshot(),
                    owner)) == null;
        }

        @Override
        public void update(Subscription subscription, JsonNode writtenContext) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public boolean delete(String tenant, String id) {
            return rows.remove(key(tenant, id)) != null;
        }

        @Override
        public List<Stored> all() {
            List<Stored> all = List.copyOf(rows.values());
            if (pauseAll) {
                pauseAll = false;
                hold();
            }
            return all;
        }

        @Override
        public Optional<Stored> find(String tenant, String id) {
            Optional<Stored> row = Optional.ofNullable(rows.get(key(tenant, id)));
            if (pauseFind) {
                pauseFind = false;
                hold();
            }
            return row;
        }

        private void hold() {
            found.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void saveStatus(Collection<DeliveryStatus.Snapshot> statuses) {
        }

        private static String key(String tenant, String id) {
            return tenant + " " + id;
        }
    }
}
