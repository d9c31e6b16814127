package be.belfort.subscriptions;

import be.belfort.model.Reader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.model.ReadAccess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery of recorded notifications through a sender that only records (clause 5.8.6 / 6.3.10: the Notification
 * object, its headers, retries). The tests wait for what the sender receives, never for a time.
 */
class DispatcherTest {
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final Subscriptions subscriptions = new Subscriptions(new NoStore(), outbox, Parsing.CONTEXTS,
            Clock.fixed(Parsing.NOW, ZoneOffset.UTC));
    private final RecordingSender http = new RecordingSender();
    private final Dispatcher dispatcher = new Dispatcher(subscriptions, outbox, http, new RecordingSender(),
            Parsing.JSON, DeliverySettings.DEFAULT, ReadAccess.EVERYTHING);

    @AfterEach
    void close() {
        dispatcher.close();
    }

    @Test
    void aJsonReceiverGetsTheNotificationWithTheContextLinkTenantAndReceiverInfo() throws InterruptedException {
        Subscription subscription = subscribe("gent", "application/json");
        PendingNotification pending = record(subscription);

        Sent sent = http.next();

        assertThat(sent.notification().get("id").asText()).isEqualTo(pending.notificationId());
        assertThat(sent.notification().get("type").asText()).isEqualTo("Notification");
        assertThat(sent.notification().get("subscriptionId").asText()).isEqualTo(subscription.id());
        assertThat(sent.notification().get("notifiedAt").asText()).isEqualTo(Parsing.NOW.toString());
        assertThat(sent.notification().get("triggerReason").asText()).isEqualTo("attributeUpdated");
        assertThat(sent.notification().at("/data/0/id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:1");
        assertThat(sent.notification().has("@context")).isFalse();
        assertThat(sent.headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("NGSILD-Tenant", "gent").containsEntry("X-Receiver", "parking-app");
        assertThat(sent.headers().get("Link")).contains(Parsing.CORE.linkUrl()).contains("json-ld#context");
        awaitEmptyOutbox();
        assertThat(dispatcher.delivered()).isEqualTo(1);
    }

    @Test
    void aJsonLdReceiverGetsTheContextInTheBodyAndTheDefaultTenantNoHeader() throws InterruptedException {
        record(subscribe("", "application/ld+json"));

        Sent sent = http.next();

        assertThat(sent.notification().get("@context")).isNotNull();
        assertThat(sent.headers()).doesNotContainKeys("Link", "NGSILD-Tenant").containsEntry("Content-Type", "application/ld+json");
    }

    @Test
    void aFailedDeliveryIsRetriedUntilTheReceiverTakesIt() throws InterruptedException {
        http.failures.set(1);
        PendingNotification pending = record(subscribe("", "application/json"));

        assertThat(http.next().notification().get("id").asText()).isEqualTo(pending.notificationId());
        awaitEmptyOutbox();
        assertThat(dispatcher.failedAttempts()).isEqualTo(1);
        assertThat(dispatcher.delivered()).isEqualTo(1);
    }

    @Test
    void aNotificationOfADeletedSubscriptionIsNotSentAndLeavesTheOutbox() throws InterruptedException {
        Subscription subscription = subscribe("", "application/json");
        subscriptions.delete("", subscription.id());
        PendingNotification orphan = pending(subscription);
        outbox.addAll(List.of(orphan));
        dispatcher.offer(List.of(orphan));

        awaitEmptyOutbox();
        assertThat(http.sent.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(dispatcher.delivered()).isZero();
    }

    private Subscription subscribe(String tenant, String accept) {
        ObjectNode payload = Parsing.object("""
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}],
                 "notification": {"endpoint": {"uri": "http://receiver.example/notify", "accept": "%s",
                     "receiverInfo": [{"key": "X-Receiver", "value": "parking-app"}]}}}""".formatted(accept));
        return subscriptions.create(tenant, payload, Parsing.CORE, JsonNodeFactory.instance.textNode(
                "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"), Reader.ANONYMOUS);
    }

    private PendingNotification record(Subscription subscription) {
        PendingNotification pending = pending(subscription);
        outbox.addAll(List.of(pending));
        dispatcher.offer(List.of(pending));
        return pending;
    }

    private static PendingNotification pending(Subscription subscription) {
        Entity entity = new Entity("urn:ngsi-ld:OffStreetParking:1", List.of("https://uri.etsi.org/ngsi-ld/default-context/OffStreetParking"), null,
                Parsing.NOW, Parsing.NOW, Map.of());
        NotifiedChange change = new NotifiedChange(UUID.randomUUID(), new EntityChange(entity, entity), Parsing.NOW);
        return new PendingNotification(UUID.randomUUID(), subscription.tenant(), subscription.id(),
                subscription.notification().endpoint().queueKey(), Trigger.ATTRIBUTE_UPDATED, change, Parsing.NOW);
    }

    /** Waits for the acknowledgement; the bound only keeps a broken dispatcher from hanging the build. */
    private void awaitEmptyOutbox() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (outbox.size() > 0) {
            assertThat(System.nanoTime()).as("waited 30 s for the outbox to empty").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private record Sent(Endpoint endpoint, ObjectNode notification, Map<String, String> headers) {
    }

    /** Takes every notification, after refusing the first {@code failures}. */
    private static final class RecordingSender implements Sender {
        final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
        final AtomicInteger failures = new AtomicInteger();

        @Override
        public void send(Endpoint endpoint, ObjectNode notification, Map<String, String> headers) throws DeliveryFailure {
            if (failures.getAndDecrement() > 0) {
                throw new DeliveryFailure("HTTP 503");
            }
            sent.add(new Sent(endpoint, notification, Map.copyOf(headers)));
        }

        Sent next() throws InterruptedException {
            Sent next = sent.poll(30, TimeUnit.SECONDS);
            assertThat(next).as("a notification within 30 s").isNotNull();
            return next;
        }
    }

    private static final class NoStore implements SubscriptionStore {
        @Override
        public boolean insert(Subscription subscription, JsonNode writtenContext, Reader owner) {
            return true;
        }

        @Override
        public void update(Subscription subscription, JsonNode writtenContext) {
        }

        @Override
        public boolean delete(String tenant, String id) {
            return true;
        }

        @Override
        public List<Stored> all() {
            return List.of();
        }

        @Override
        public java.util.Optional<Stored> find(String tenant, String id) {
            return java.util.Optional.empty();
        }

        @Override
        public void saveStatus(Collection<DeliveryStatus.Snapshot> statuses) {
        }
    }
}
