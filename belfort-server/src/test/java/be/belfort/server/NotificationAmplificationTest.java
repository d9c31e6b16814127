package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a tenant's subscriptions add to a batch write: every matching subscription makes a notification per
 * entity inside the write's transaction. Prints the figures (not a timed assertion) and checks that every
 * notification is still recorded and delivered.
 */
class NotificationAmplificationTest {
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final Receiver RECEIVER = new Receiver();
    private static final int BATCH = 500;
    private static final int BATCHES = 2;
    private static final int SUBSCRIPTIONS = 16;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private static long writeBatches(String tenant) {
        long start = System.nanoTime();
        for (int b = 0; b < BATCHES; b++) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < BATCH; i++) {
                batch.append(i == 0 ? "" : ",").append("""
                        {"id": "urn:ngsi-ld:Meter:%d-%d", "type": "Meter",
                         "power": {"type": "Property", "value": %d, "unitCode": "KWT"},
                         "name": {"type": "Property", "value": "meter %d"},
                         "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.7, 51.0]}}}"""
                        .formatted(b, i, i, i));
            }
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/entityOperations/create", batch.append("]").toString(),
                    "NGSILD-Tenant", tenant);
            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aBatchWithSixteenMatchingSubscriptions() {
        writeBatches("amplification-warm-up");
        long alone = writeBatches("amplification-alone");
        List<String> formats = List.of("normalized", "keyValues", "concise", "normalized");
        for (int s = 0; s < SUBSCRIPTIONS; s++) {
            Http.Answer created = HTTP.post("/ngsi-ld/v1/subscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Meter"}],
                     "notification": {"format": "%s", "endpoint": {"uri": "%s"}}}"""
                    .formatted(formats.get(s % formats.size()), RECEIVER.url()), "NGSILD-Tenant", "amplification-watched");
            assertThat(created.status()).isEqualTo(201);
        }
        long watched = writeBatches("amplification-watched");
        int expected = BATCH * BATCHES * SUBSCRIPTIONS;
        long start = System.nanoTime();
        List<Receiver.Received> received = new ArrayList<>();
        while (received.size() < expected && System.nanoTime() - start < 120_000_000_000L) {
            received = RECEIVER.await(expected, r -> true);
        }
        System.out.printf("Batch writes of %d x %d entities: %d ms without subscriptions, %d ms with %d matching"
                        + " subscriptions (%d notifications, all delivered %d ms after the last write)%n",
                BATCHES, BATCH, alone, watched, SUBSCRIPTIONS, expected, (System.nanoTime() - start) / 1_000_000);
        assertThat(received).hasSize(expected);
    }

    /** Median time of single writes that each notify every subscription of the tenant. */
    private static long medianWriteMillis(String tenant, String id, int writes) {
        long[] millis = new long[writes];
        for (int i = 0; i < writes; i++) {
            long start = System.nanoTime();
            Http.Answer answer = HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs",
                    "{\"power\": {\"type\": \"Property\", \"value\": " + i + "}}", "NGSILD-Tenant", tenant);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            assertThat(answer.status()).isEqualTo(204);
        }
        java.util.Arrays.sort(millis);
        return millis[writes / 2];
    }

    @Test
    void writesWithManyUndeliverableNotificationsWaiting() {
        String tenant = "amplification-undeliverable";
        String id = "urn:ngsi-ld:Meter:single";
        assertThat(HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Meter\","
                + " \"power\": {\"type\": \"Property\", \"value\": 0}}", "NGSILD-Tenant", tenant).status()).isEqualTo(201);
        List<String> subscriptions = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            // Nothing listens on port 9 of this host: every attempt fails and is retried later.
            Http.Answer created = HTTP.post("/ngsi-ld/v1/subscriptions", """
                    {"type": "Subscription", "entities": [{"type": "Meter"}],
                     "notification": {"endpoint": {"uri": "http://127.0.0.1:9/never"}}}""", "NGSILD-Tenant", tenant);
            assertThat(created.status()).isEqualTo(201);
            subscriptions.add(created.header("Location"));
        }
        long empty = medianWriteMillis(tenant, id, 20);
        for (int b = 0; b < 3; b++) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < BATCH; i++) {
                batch.append(i == 0 ? "" : ",").append("""
                        {"id": "urn:ngsi-ld:Meter:u%d-%d", "type": "Meter", "power": {"type": "Property", "value": %d}}"""
                        .formatted(b, i, i));
            }
            assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/create", batch.append("]").toString(),
                    "NGSILD-Tenant", tenant).status()).isEqualTo(201);
        }
        long full = medianWriteMillis(tenant, id, 20);
        System.out.printf("Single writes notifying 20 subscriptions of a receiver that never answers: median %d ms with"
                + " an empty outbox, %d ms with %d notifications waiting%n", empty, full, 3 * BATCH * 20 + 20 * 20);
        subscriptions.forEach(location -> assertThat(HTTP.delete(location, "NGSILD-Tenant", tenant).status()).isEqualTo(204));
    }
}
