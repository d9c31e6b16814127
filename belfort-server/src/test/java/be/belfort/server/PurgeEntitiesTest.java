package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Purge Entities (ETSI GS CIM 009 v1.8.1, Purge Entities, HTTP binding: DELETE on /entities): the entities
 * that the type, id, idPattern, q and scopeQ selectors match are deleted and the answer is 204 No Content.
 * Belfort refuses a purge without any selector (it would empty a tenant), records every deletion in the
 * history and notifies it as Delete Entity does.
 */
class PurgeEntitiesTest {
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private static String tenant(TestInfo test) {
        return "purge-" + test.getTestMethod().orElseThrow().getName().toLowerCase();
    }

    private static void create(String tenant, String id, String type, int spots, String scope) {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "%s", %s "spots": {"type": "Property", "value": %d}}"""
                .formatted(id, type, scope == null ? "" : "\"scope\": \"" + scope + "\",", spots), "NGSILD-Tenant", tenant);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static List<String> ids(String tenant, String query) {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities?limit=1000&" + query, "NGSILD-Tenant", tenant);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText()));
        return ids;
    }

    private static Http.Answer purge(String tenant, String query) {
        return HTTP.delete("/ngsi-ld/v1/entities?" + query, "NGSILD-Tenant", tenant);
    }

    @Test
    void purgeByTypeDeletesEveryEntityOfTheTypeAndAnswers204(TestInfo test) {
        String tenant = tenant(test);
        for (int i = 1; i <= 3; i++) {
            create(tenant, "urn:ngsi-ld:OffStreetParking:" + i, "OffStreetParking", i, null);
        }
        create(tenant, "urn:ngsi-ld:Road:1", "Road", 1, null);

        Http.Answer purged = purge(tenant, "type=OffStreetParking");
        assertThat(purged.status()).as(purged.body()).isEqualTo(204);
        assertThat(purged.body()).isEmpty();
        assertThat(ids(tenant, "type=OffStreetParking")).isEmpty();
        assertThat(ids(tenant, "type=Road")).containsExactly("urn:ngsi-ld:Road:1");
        assertThat(HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:1", "NGSILD-Tenant", tenant).status())
                .isEqualTo(404);
        assertThat(purge(tenant, "type=OffStreetParking").status()).as("nothing left to purge is no error").isEqualTo(204);
    }

    @Test
    void everySelectorOfAQueryNarrowsThePurge(TestInfo test) {
        String tenant = tenant(test);
        create(tenant, "urn:ngsi-ld:OffStreetParking:gent-1", "OffStreetParking", 10, "/Gent");
        create(tenant, "urn:ngsi-ld:OffStreetParking:gent-2", "OffStreetParking", 200, "/Gent");
        create(tenant, "urn:ngsi-ld:OffStreetParking:brugge-1", "OffStreetParking", 10, "/Brugge");
        create(tenant, "urn:ngsi-ld:OffStreetParking:brugge-2", "OffStreetParking", 300, "/Brugge");
        create(tenant, "urn:ngsi-ld:OffStreetParking:leuven-1", "OffStreetParking", 5, "/Leuven");

        assertThat(purge(tenant, "type=OffStreetParking&q=spots%3E100").status()).isEqualTo(204);
        assertThat(ids(tenant, "type=OffStreetParking")).containsExactly("urn:ngsi-ld:OffStreetParking:brugge-1",
                "urn:ngsi-ld:OffStreetParking:gent-1", "urn:ngsi-ld:OffStreetParking:leuven-1");
        assertThat(purge(tenant, "scopeQ=/Brugge").status()).isEqualTo(204);
        assertThat(purge(tenant, "idPattern=.*leuven.*").status()).isEqualTo(204);
        assertThat(ids(tenant, "type=OffStreetParking")).containsExactly("urn:ngsi-ld:OffStreetParking:gent-1");
        assertThat(purge(tenant, "id=urn:ngsi-ld:OffStreetParking:gent-1,urn:ngsi-ld:OffStreetParking:none").status())
                .isEqualTo(204);
        assertThat(ids(tenant, "type=OffStreetParking")).isEmpty();
    }

    @Test
    void aPurgeWithoutSelectorOrWithBadSelectorsIsRefused(TestInfo test) {
        String tenant = tenant(test);
        create(tenant, "urn:ngsi-ld:OffStreetParking:kept", "OffStreetParking", 1, null);

        Http.Answer none = purge(tenant, "");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.errorType()).isEqualTo("BadRequestData");
        assertThat(none.json().get("detail").asText()).contains("type, id, idPattern, q or scopeQ");
        assertThat(purge(tenant, "q=spots%3E%3E").status()).as("a malformed q").isEqualTo(400);
        assertThat(purge(tenant, "id=not-a-uri").status()).isEqualTo(400);
        assertThat(purge(tenant, "type=OffStreetParking&georel=near;maxDistance==10&geometry=Point&coordinates=[3,51]")
                .status()).as("geo-queries are not a purge selector here").isEqualTo(400);
        assertThat(purge(tenant, "type=OffStreetParking&attrs=spots").status()).isEqualTo(400);
        assertThat(ids(tenant, "type=OffStreetParking")).containsExactly("urn:ngsi-ld:OffStreetParking:kept");
    }

    @Test
    void aPurgeStaysInItsTenant(TestInfo test) {
        String tenant = tenant(test);
        String other = tenant + "-other";
        create(tenant, "urn:ngsi-ld:OffStreetParking:1", "OffStreetParking", 1, null);
        create(other, "urn:ngsi-ld:OffStreetParking:1", "OffStreetParking", 1, null);

        assertThat(purge(tenant, "type=OffStreetParking").status()).isEqualTo(204);
        assertThat(ids(tenant, "type=OffStreetParking")).isEmpty();
        assertThat(ids(other, "type=OffStreetParking")).containsExactly("urn:ngsi-ld:OffStreetParking:1");
        Http.Answer unknown = purge("purge-nobody-wrote-here", "type=OffStreetParking");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorType()).isEqualTo("NonexistentTenant");
    }

    @Test
    void eachPurgedEntityLeavesItsDeletionInTheHistoryAndNotifiesEntityDeleted(TestInfo test) {
        String tenant = tenant(test);
        Http.Answer subscribed = HTTP.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}],
                 "notificationTrigger": ["entityDeleted"],
                 "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(RECEIVER.url()),
                "NGSILD-Tenant", tenant);
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        String subscription = subscribed.header("Location").substring(subscribed.header("Location").lastIndexOf('/') + 1);
        create(tenant, "urn:ngsi-ld:OffStreetParking:a", "OffStreetParking", 1, null);
        create(tenant, "urn:ngsi-ld:OffStreetParking:b", "OffStreetParking", 2, null);

        assertThat(purge(tenant, "type=OffStreetParking").status()).isEqualTo(204);

        List<Receiver.Received> notifications = RECEIVER.await(2,
                r -> subscription.equals(r.body().path("subscriptionId").asText()));
        assertThat(notifications).hasSize(2);
        assertThat(notifications).allSatisfy(n -> assertThat(n.body().path("triggerReason").asText())
                .isEqualTo("entityDeleted"));
        assertThat(notifications.stream().map(n -> n.body().get("data").get(0).get("id").asText()))
                .containsExactlyInAnyOrder("urn:ngsi-ld:OffStreetParking:a", "urn:ngsi-ld:OffStreetParking:b");

        // The history of an id outlives its entity: created again, the entity shows the deletion in between.
        create(tenant, "urn:ngsi-ld:OffStreetParking:a", "OffStreetParking", 9, null);
        JsonNode history = HTTP.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:OffStreetParking:a", "NGSILD-Tenant", tenant)
                .json();
        assertThat(history.get("spots")).as(history.toString()).hasSize(3);
        List<JsonNode> deletions = new ArrayList<>();
        history.get("spots").forEach(instance -> {
            if (instance.path("value").asText().equals("urn:ngsi-ld:null")) {
                deletions.add(instance);
            }
        });
        assertThat(deletions).hasSize(1);
        assertThat(deletions.getFirst().get("deletedAt").asText()).endsWith("Z");
    }

    @Test
    void aPurgeOfMoreEntitiesThanOneChunkDeletesThemAll(TestInfo test) {
        String tenant = tenant(test);
        int total = 2_600;
        for (int start = 0; start < total; start += 500) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = start; i < start + 500; i++) {
                batch.append(i == start ? "" : ",").append("""
                        {"id": "urn:ngsi-ld:Sensor:%05d", "type": "Sensor", "t": {"type": "Property", "value": %d}}"""
                        .formatted(i, i));
            }
            Http.Answer created = HTTP.post("/ngsi-ld/v1/entityOperations/create", batch.append(']').toString(),
                    "NGSILD-Tenant", tenant);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        create(tenant, "urn:ngsi-ld:Road:kept", "Road", 1, null);

        long started = System.nanoTime();
        assertThat(purge(tenant, "type=Sensor").status()).isEqualTo(204);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("purging 2,600 entities").isLessThan(Duration.ofSeconds(30));
        Http.Answer count = HTTP.get("/ngsi-ld/v1/entities?type=Sensor&count=true&limit=0", "NGSILD-Tenant", tenant);
        assertThat(count.header("NGSILD-Results-Count")).isEqualTo("0");
        assertThat(ids(tenant, "type=Road")).containsExactly("urn:ngsi-ld:Road:kept");
    }
}
