package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Subscriptions: the API, each trigger and option with the exact notification it sends, and bad input. */
class SubscriptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private static String tenant(TestInfo test) {
        return "sub-" + test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
    }

    private static String subscribe(String tenant, String body) {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/subscriptions", body, "NGSILD-Tenant", tenant);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String location = created.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String endpoint(String extra) {
        return "\"notification\": {\"endpoint\": {\"uri\": \"" + RECEIVER.url() + "\"}" + extra + "}";
    }

    private static void write(String tenant, String method, String path, String body, int status) {
        Http.Answer answer = HTTP.send(method, path, body, "Content-Type", "application/json", "NGSILD-Tenant", tenant);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
    }

    private static void createParking(String tenant, String id, int spots) {
        write(tenant, "POST", "/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": %d},
                 "name": {"type": "Property", "value": "P1"},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.72, 51.05]}}}"""
                .formatted(id, spots), 201);
    }

    private static void setSpots(String tenant, String id, int spots) {
        write(tenant, "PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"availableSpotNumber\": {\"type\": \"Property\", \"value\": " + spots + "}}", 204);
    }

    /** Everything the subscription got, after a moment to show that nothing more comes. */
    private static List<Receiver.Received> settledFor(String subscriptionId) {
        return RECEIVER.settle().stream().filter(r -> subscriptionId.equals(r.body().path("subscriptionId").asText())).toList();
    }

    private static List<Receiver.Received> notificationsOf(String subscriptionId, int count) {
        return RECEIVER.await(count, r -> subscriptionId.equals(r.body().path("subscriptionId").asText()));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The notifications in the order of their triggers: a receiver takes them in parallel, in any order. */
    private static List<Receiver.Received> byTrigger(List<Receiver.Received> notifications, String... triggers) {
        return java.util.Arrays.stream(triggers).map(trigger -> notifications.stream()
                .filter(r -> trigger.equals(r.body().path("triggerReason").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + trigger + " notification in " + notifications))).toList();
    }

    /** The entity of a notification without the timestamps that differ per run. */
    private static JsonNode entityOf(Receiver.Received notification) {
        ObjectNode entity = (ObjectNode) notification.body().get("data").get(0).deepCopy();
        entity.remove("deletedAt");
        return entity;
    }

    @Test
    void subscriptionsAreCreatedListedRetrievedUpdatedAndDeleted(TestInfo test) {
        String tenant = tenant(test);
        String first = subscribe(tenant, """
                {"id": "urn:ngsi-ld:Subscription:crud-1", "type": "Subscription", "subscriptionName": "garages",
                 "entities": [{"type": "OffStreetParking"}], %s}""".formatted(endpoint("")));
        assertThat(first).isEqualTo("urn:ngsi-ld:Subscription:crud-1");
        subscribe(tenant, "{\"type\": \"Subscription\", \"watchedAttributes\": [\"name\"], " + endpoint("") + "}");

        Http.Answer again = HTTP.post("/ngsi-ld/v1/subscriptions", """
                {"id": "urn:ngsi-ld:Subscription:crud-1", "type": "Subscription",
                 "entities": [{"type": "OffStreetParking"}], %s}""".formatted(endpoint("")), "NGSILD-Tenant", tenant);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorType()).isEqualTo("AlreadyExists");

        JsonNode retrieved = HTTP.get("/ngsi-ld/v1/subscriptions/" + first, "NGSILD-Tenant", tenant).json();
        assertThat(retrieved.get("id").asText()).isEqualTo(first);
        assertThat(retrieved.get("type").asText()).isEqualTo("Subscription");
        assertThat(retrieved.get("subscriptionName").asText()).isEqualTo("garages");
        assertThat(retrieved.get("status").asText()).isEqualTo("active");
        assertThat(retrieved.get("entities")).isEqualTo(json("[{\"type\": \"OffStreetParking\"}]"));
        assertThat(retrieved.get("notification").get("timesSent").asInt()).isZero();

        Http.Answer list = HTTP.get("/ngsi-ld/v1/subscriptions?limit=1&count=true", "NGSILD-Tenant", tenant);
        assertThat(list.json()).hasSize(1);
        assertThat(list.header("NGSILD-Results-Count")).isEqualTo("2");
        assertThat(list.header("Link")).contains("rel=\"next\"");
        assertThat(HTTP.get("/ngsi-ld/v1/subscriptions", "NGSILD-Tenant", "sub-other-tenant").json())
                .as("tenants do not see each other's subscriptions").isEmpty();

        assertThat(HTTP.patch("/ngsi-ld/v1/subscriptions/" + first, "{\"isActive\": false, \"q\": \"availableSpotNumber<10\"}",
                "NGSILD-Tenant", tenant).status()).isEqualTo(204);
        JsonNode updated = HTTP.get("/ngsi-ld/v1/subscriptions/" + first, "NGSILD-Tenant", tenant).json();
        assertThat(updated.get("status").asText()).isEqualTo("paused");
        assertThat(updated.get("q").asText()).isEqualTo("availableSpotNumber<10");
        assertThat(updated.get("subscriptionName").asText()).as("members not in the fragment stay").isEqualTo("garages");

        assertThat(HTTP.delete("/ngsi-ld/v1/subscriptions/" + first, "NGSILD-Tenant", tenant).status()).isEqualTo(204);
        Http.Answer gone = HTTP.get("/ngsi-ld/v1/subscriptions/" + first, "NGSILD-Tenant", tenant);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorType()).isEqualTo("ResourceNotFound");
        assertThat(HTTP.delete("/ngsi-ld/v1/subscriptions/" + first, "NGSILD-Tenant", tenant).status()).isEqualTo(404);
    }

    @Test
    void anAttributeUpdateIsNotifiedInNormalizedFormWithTheContextLink(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:normalized";
        createParking(tenant, id, 10);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"id": "%s", "type": "OffStreetParking"}],
                 "watchedAttributes": ["availableSpotNumber"],
                 "notification": {"attributes": ["availableSpotNumber"], "endpoint": {"uri": "%s",
                   "receiverInfo": [{"key": "X-Token", "value": "secret-1"}]}}}""".formatted(id, RECEIVER.url()));
        setSpots(tenant, id, 7);

        Receiver.Received notification = notificationsOf(subscription, 1).get(0);
        JsonNode body = notification.body();
        assertThat(body.get("id").asText()).startsWith("urn:ngsi-ld:Notification:");
        assertThat(body.get("type").asText()).isEqualTo("Notification");
        assertThat(body.get("notifiedAt").asText()).endsWith("Z");
        assertThat(body.get("triggerReason").asText()).isEqualTo("attributeUpdated");
        assertThat(body.get("data")).hasSize(1);
        assertThat(entityOf(notification)).isEqualTo(json("""
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 7}}"""
                .formatted(id)));
        assertThat(notification.header("Content-Type")).isEqualTo("application/json");
        assertThat(notification.header("Link")).contains("ngsi-ld-core-context").contains("rel=\"http://www.w3.org/ns/json-ld#context\"");
        assertThat(notification.header("X-Token")).as("receiverInfo").isEqualTo("secret-1");
        assertThat(notification.header("NGSILD-Tenant")).isEqualTo(tenant);

        write(tenant, "PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"name\": {\"type\": \"Property\", \"value\": \"P2\"}}", 204);
        assertThat(settledFor(subscription))
                .as("a change of an attribute that is not watched notifies nothing").hasSize(1);
        JsonNode status = HTTP.get("/ngsi-ld/v1/subscriptions/" + subscription, "NGSILD-Tenant", tenant).json();
        assertThat(status.get("notification").get("timesSent").asInt()).isEqualTo(1);
        assertThat(status.get("notification").get("status").asText()).isEqualTo("ok");
        assertThat(status.get("notification").has("lastSuccess")).isTrue();
        String metrics = HTTP.get("/metrics").body();
        assertThat(metrics).containsPattern("belfort_notifications_delivered_total [1-9]")
                .contains("belfort_notifications_queued");
    }

    @Test
    void aSubscriptionExpiresAtItsTime(TestInfo test) throws InterruptedException {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:expiring";
        createParking(tenant, id, 1);
        java.time.Instant expiresAt = java.time.Instant.now().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}], "expiresAt": "%s", %s}"""
                .formatted(expiresAt, endpoint("")));
        setSpots(tenant, id, 2);
        notificationsOf(subscription, 1);
        Thread.sleep(Math.max(0, java.time.Duration.between(java.time.Instant.now(), expiresAt).toMillis() + 200));
        assertThat(HTTP.get("/ngsi-ld/v1/subscriptions/" + subscription, "NGSILD-Tenant", tenant).json().get("status").asText())
                .isEqualTo("expired");
        setSpots(tenant, id, 3);
        assertThat(settledFor(subscription))
                .as("an expired subscription notifies nothing").hasSize(1);
    }

    @Test
    void entityLifecycleTriggersNotifyCreationUpdateAndDeletion(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:lifecycle";
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}],
                 "notificationTrigger": ["entityCreated", "entityUpdated", "entityDeleted"],
                 "notification": {"format": "keyValues", "endpoint": {"uri": "%s"}}}""".formatted(RECEIVER.url()));
        createParking(tenant, id, 3);
        setSpots(tenant, id, 2);
        write(tenant, "DELETE", "/ngsi-ld/v1/entities/" + id, null, 204);

        List<Receiver.Received> notifications = byTrigger(notificationsOf(subscription, 3),
                "entityCreated", "entityUpdated", "entityDeleted");
        assertThat(entityOf(notifications.get(0))).isEqualTo(json("""
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": 3, "name": "P1",
                 "location": {"type": "Point", "coordinates": [3.72, 51.05]}}""".formatted(id)));
        assertThat(entityOf(notifications.get(1)).get("availableSpotNumber").asInt()).isEqualTo(2);
        JsonNode deleted = notifications.get(2).body().get("data").get(0);
        assertThat(entityOf(notifications.get(2))).isEqualTo(json("{\"id\": \"%s\", \"type\": \"OffStreetParking\"}".formatted(id)));
        assertThat(deleted.get("deletedAt").asText()).endsWith("Z");
    }

    @Test
    void attributeTriggersNotifyCreatedAndDeletedAttributes(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:attributes";
        createParking(tenant, id, 5);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}], "watchedAttributes": ["occupancy"],
                 "notificationTrigger": ["attributeCreated", "attributeDeleted"],
                 "notification": {"attributes": ["occupancy"], "endpoint": {"uri": "%s"}}}""".formatted(RECEIVER.url()));
        write(tenant, "POST", "/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"occupancy\": {\"type\": \"Property\", \"value\": 0.5}}", 204);
        write(tenant, "PATCH", "/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"occupancy\": {\"type\": \"Property\", \"value\": 0.6}}", 204);
        write(tenant, "DELETE", "/ngsi-ld/v1/entities/" + id + "/attrs/occupancy", null, 204);

        List<Receiver.Received> notifications = byTrigger(notificationsOf(subscription, 2),
                "attributeCreated", "attributeDeleted");
        assertThat(settledFor(subscription))
                .as("the update is no trigger of this subscription").hasSize(2);
        assertThat(notifications.get(0).body().get("triggerReason").asText()).isEqualTo("attributeCreated");
        assertThat(entityOf(notifications.get(0))).isEqualTo(json("""
                {"id": "%s", "type": "OffStreetParking", "occupancy": {"type": "Property", "value": 0.5}}""".formatted(id)));
        assertThat(notifications.get(1).body().get("triggerReason").asText()).isEqualTo("attributeDeleted");
        JsonNode deleted = notifications.get(1).body().get("data").get(0).get("occupancy");
        assertThat(deleted.get("type").asText()).isEqualTo("Property");
        assertThat(deleted.get("value").asText()).as("the NGSI-LD Null").isEqualTo("urn:ngsi-ld:null");
        assertThat(deleted.get("deletedAt").asText()).endsWith("Z");
    }

    /** Clause 5.2.14 (showChanges) with 4.5.7's deleted instances: the NGSI-LD Null beside the value it replaced. */
    @Test
    void showChangesCarriesThePreviousValuesOfDeletedAttributesAndOfADeletedEntity(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:deletions";
        createParking(tenant, id, 12);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"id": "%s", "type": "OffStreetParking"}],
                 "notificationTrigger": ["attributeDeleted", "entityDeleted"],
                 "notification": {"attributes": ["availableSpotNumber", "name"], "showChanges": true,
                   "endpoint": {"uri": "%s"}}}""".formatted(id, RECEIVER.url()));
        write(tenant, "DELETE", "/ngsi-ld/v1/entities/" + id + "/attrs/name", null, 204);
        write(tenant, "DELETE", "/ngsi-ld/v1/entities/" + id, null, 204);

        List<Receiver.Received> notifications = byTrigger(notificationsOf(subscription, 2), "attributeDeleted", "entityDeleted");
        JsonNode name = entityOf(notifications.get(0)).get("name");
        assertThat(name.get("value").asText()).as("the NGSI-LD Null").isEqualTo("urn:ngsi-ld:null");
        assertThat(name.get("previousValue").asText()).isEqualTo("P1");
        assertThat(name.get("deletedAt").asText()).endsWith("Z");

        JsonNode entity = notifications.get(1).body().get("data").get(0);
        assertThat(entity.get("deletedAt").asText()).endsWith("Z");
        assertThat(entity.get("availableSpotNumber").get("value").asText()).isEqualTo("urn:ngsi-ld:null");
        assertThat(entity.get("availableSpotNumber").get("previousValue").asInt()).isEqualTo(12);
        assertThat(entity.has("name")).as("deleted before, so nothing to show").isFalse();
        assertThat(entity.has("location")).as("not among the notification's attributes").isFalse();
    }

    @Test
    void showChangesCarriesThePreviousValueAndConciseAndJsonLdFormsAreHonoured(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:changes";
        createParking(tenant, id, 40);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"id": "%s", "type": "OffStreetParking"}],
                 "watchedAttributes": ["availableSpotNumber"],
                 "notification": {"attributes": ["availableSpotNumber"], "format": "concise", "showChanges": true,
                   "endpoint": {"uri": "%s", "accept": "application/ld+json"}}}""".formatted(id, RECEIVER.url()));
        setSpots(tenant, id, 39);

        Receiver.Received notification = notificationsOf(subscription, 1).get(0);
        assertThat(entityOf(notification)).isEqualTo(json("""
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"value": 39, "previousValue": 40}}"""
                .formatted(id)));
        assertThat(notification.header("Content-Type")).isEqualTo("application/ld+json");
        assertThat(notification.body().get("@context").asText()).contains("ngsi-ld-core-context");
        assertThat(notification.header("Link")).isNull();
    }

    @Test
    void qAndGeoQNotifyOnlyForEntitiesThatMatchAfterTheChange(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:filtered";
        createParking(tenant, id, 50);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}], "q": "availableSpotNumber<10",
                 "geoQ": {"georel": "near;maxDistance==2000", "geometry": "Point", "coordinates": [3.7174, 51.0543]},
                 %s}""".formatted(endpoint(", \"format\": \"keyValues\"")));
        setSpots(tenant, id, 20);
        setSpots(tenant, id, 8);
        setSpots(tenant, id, 30);
        List<Receiver.Received> notifications = notificationsOf(subscription, 1);
        assertThat(settledFor(subscription))
                .as("only the change that leaves the entity matching").hasSize(1);
        assertThat(entityOf(notifications.get(0)).get("availableSpotNumber").asInt()).isEqualTo(8);

        String far = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}],
                 "geoQ": {"georel": "near;maxDistance==1000", "geometry": "Point", "coordinates": [4.40, 51.22]},
                 %s}""".formatted(endpoint("")));
        setSpots(tenant, id, 5);
        assertThat(settledFor(far))
                .as("an entity outside the geoQ").isEmpty();
    }

    @Test
    void pausedAndDeletedSubscriptionsNotifyNothing(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:paused";
        createParking(tenant, id, 1);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}], "isActive": false, %s}"""
                .formatted(endpoint("")));
        setSpots(tenant, id, 2);
        assertThat(HTTP.patch("/ngsi-ld/v1/subscriptions/" + subscription, "{\"isActive\": true}",
                "NGSILD-Tenant", tenant).status()).isEqualTo(204);
        setSpots(tenant, id, 3);
        List<Receiver.Received> notifications = notificationsOf(subscription, 1);
        assertThat(entityOf(notifications.get(0)).get("availableSpotNumber").get("value").asInt()).isEqualTo(3);
        assertThat(HTTP.delete("/ngsi-ld/v1/subscriptions/" + subscription, "NGSILD-Tenant", tenant).status()).isEqualTo(204);
        setSpots(tenant, id, 4);
        assertThat(settledFor(subscription))
                .hasSize(1);
    }

    @Test
    void invalidSubscriptionsGetBadRequestDataNamingTheMistake(TestInfo test) {
        String tenant = tenant(test);
        String uri = RECEIVER.url();
        String[][] cases = {
                {"{\"type\": \"Subscription\", \"notification\": {\"endpoint\": {\"uri\": \"" + uri + "\"}}}",
                        "entities or watchedAttributes"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"notification\": {\"endpoint\": {\"uri\": \"not a uri\"}}}",
                        "notification.endpoint.uri"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"notification\": {\"endpoint\": {\"uri\": \"ftp://example.org/x\"}}}",
                        "scheme"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"throttling\": -5, \"notification\": {\"endpoint\": {\"uri\": \"" + uri + "\"}}}",
                        "throttling"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"expiresAt\": \"2001-01-01T00:00:00Z\", \"notification\": {\"endpoint\": {\"uri\": \"" + uri + "\"}}}",
                        "expiresAt must lie in the future"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"q\": \"a>>1\", \"notification\": {\"endpoint\": {\"uri\": \"" + uri + "\"}}}",
                        "Invalid q at position"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"geoQ\": {\"georel\": \"near;maxDistance==10\", \"geometry\": \"Point\"}, \"notification\": {\"endpoint\": {\"uri\": \"" + uri + "\"}}}",
                        "coordinates"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"timeInterval\": 10, \"notification\": {\"endpoint\": {\"uri\": \"" + uri + "\"}}}",
                        "timeInterval and watchedAttributes"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"notificationTrigger\": [\"whenever\"], \"notification\": {\"endpoint\": {\"uri\": \"" + uri + "\"}}}",
                        "Unknown notificationTrigger"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"notification\": {\"endpoint\": {\"uri\": \"mqtt://127.0.0.1:1883\"}}}",
                        "topic"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"notification\": {\"endpoint\": {\"uri\": \"http://127.0.0.1:0/x\"}}}",
                        "port 0"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"notification\": {\"endpoint\": {\"uri\": \"http://127.0.0.1:65536/x\"}}}",
                        "port 65536"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"notification\": {\"endpoint\": {\"uri\": \"https://255.255.255.255/x\"}}}",
                        "broadcast"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"], \"notification\": {\"endpoint\": {\"uri\": \"mqtt://255.255.255.255:1883/t\"}}}",
                        "broadcast"},
                {"{\"type\": \"Subscription\", \"watchedAttributes\": [\"a\"]}", "notification"},
                {"{\"type\": \"Entity\", \"watchedAttributes\": [\"a\"], \"notification\": {\"endpoint\": {\"uri\": \"" + uri + "\"}}}",
                        "\\\"type\\\": \\\"Subscription\\\""},
        };
        for (String[] bad : cases) {
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/subscriptions", bad[0], "NGSILD-Tenant", tenant);
            assertThat(answer.status()).as(bad[0]).isEqualTo(400);
            assertThat(answer.errorType()).as(bad[0]).isEqualTo("BadRequestData");
            assertThat(answer.body()).as(bad[0]).contains(bad[1]);
        }
        assertThat(HTTP.get("/ngsi-ld/v1/subscriptions", "NGSILD-Tenant", tenant).json()).isEmpty();
        assertThat(HTTP.get("/ngsi-ld/v1/subscriptions/not%20a%20uri", "NGSILD-Tenant", tenant).errorType())
                .isEqualTo("BadRequestData");
    }

    @Test
    void throttlingLeavesOutNotificationsWithinThePeriod(TestInfo test) throws InterruptedException {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:throttled";
        createParking(tenant, id, 1);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}], "throttling": 2, %s}"""
                .formatted(endpoint("")));
        setSpots(tenant, id, 2);
        notificationsOf(subscription, 1);
        setSpots(tenant, id, 3);
        setSpots(tenant, id, 4);
        assertThat(settledFor(subscription))
                .as("changes within 2 s of a notification are not notified").hasSize(1);
        Thread.sleep(2000);
        setSpots(tenant, id, 5);
        List<Receiver.Received> notifications = notificationsOf(subscription, 2);
        assertThat(notifications).hasSize(2);
        assertThat(entityOf(notifications.get(1)).get("availableSpotNumber").get("value").asInt()).isEqualTo(5);
    }

    @Test
    void periodicSubscriptionsNotifyTheCurrentStateEveryInterval(TestInfo test) {
        String tenant = tenant(test);
        String id = "urn:ngsi-ld:OffStreetParking:periodic";
        createParking(tenant, id, 12);
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}], "timeInterval": 1,
                 "notification": {"format": "keyValues", "attributes": ["availableSpotNumber"],
                   "endpoint": {"uri": "%s"}}}""".formatted(RECEIVER.url()));
        List<Receiver.Received> notifications = notificationsOf(subscription, 2);
        assertThat(notifications).hasSizeGreaterThanOrEqualTo(2);
        assertThat(notifications.get(0).body().get("data")).isEqualTo(json("""
                [{"id": "%s", "type": "OffStreetParking", "availableSpotNumber": 12}]""".formatted(id)));
        assertThat(notifications.get(0).body().has("triggerReason")).isFalse();
        assertThat(HTTP.delete("/ngsi-ld/v1/subscriptions/" + subscription, "NGSILD-Tenant", tenant).status()).isEqualTo(204);
    }

    @Test
    void scopeQLangSysAttrsAndJsonldContextShapeTheNotification(TestInfo test) {
        String tenant = tenant(test);
        Http.Answer hosted = HTTP.post("/ngsi-ld/v1/jsonldContexts",
                "{\"@context\": {\"places\": \"https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber\"}}");
        assertThat(hosted.status()).isEqualTo(201);
        String contextUrl = "http://localhost:" + TestPlatform.shared().port() + hosted.header("Location");
        for (String[] parking : new String[][] {{"centrum", "/Gent/Centrum"}, {"antwerpen", "/Antwerpen"}}) {
            write(tenant, "POST", "/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:OffStreetParking:%s", "type": "OffStreetParking", "scope": "%s",
                     "availableSpotNumber": {"type": "Property", "value": 10},
                     "label": {"type": "LanguageProperty", "languageMap": {"nl": "Parking %s", "en": "Car park %s"}}}"""
                    .formatted(parking[0], parking[1], parking[0], parking[0]), 201);
        }
        String subscription = subscribe(tenant, """
                {"type": "Subscription", "entities": [{"type": "OffStreetParking"}], "scopeQ": "/Gent/#", "lang": "nl",
                 "jsonldContext": "%s",
                 "notification": {"attributes": ["availableSpotNumber", "label"], "sysAttrs": true,
                   "endpoint": {"uri": "%s"}}}""".formatted(contextUrl, RECEIVER.url()));
        setSpots(tenant, "urn:ngsi-ld:OffStreetParking:antwerpen", 9);
        setSpots(tenant, "urn:ngsi-ld:OffStreetParking:centrum", 8);

        List<Receiver.Received> notifications = notificationsOf(subscription, 1);
        assertThat(settledFor(subscription))
                .as("only the entity in scope").hasSize(1);
        JsonNode entity = notifications.get(0).body().get("data").get(0);
        assertThat(entity.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:centrum");
        assertThat(entity.get("scope")).as("one scope is a string (compacted JSON-LD)").isEqualTo(json("\"/Gent/Centrum\""));
        assertThat(entity.get("places").get("value").asInt()).as("named by the subscription's jsonldContext").isEqualTo(8);
        assertThat(entity.get("places").has("modifiedAt")).as("sysAttrs").isTrue();
        assertThat(entity.has("createdAt")).isTrue();
        assertThat(entity.get("label").get("value").asText()).as("lang picks the language").isEqualTo("Parking centrum");
        assertThat(notifications.get(0).header("Link")).contains(contextUrl);
    }

    @Test
    void aMemberNoSubscriptionDefinesIsRefusedOnCreateAndUpdateAndWhatWasReadMayBeWrittenBack(TestInfo test) {
        String tenant = tenant(test);
        for (String body : new String[] {
            "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}], \"watchedAttribute\": [\"a\"], " + endpoint("") + "}",
            "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}], \"notification\": {\"formats\": \"keyValues\","
                + " \"endpoint\": {\"uri\": \"" + RECEIVER.url() + "\"}}}",
            "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}], \"notification\": {\"endpoint\": {\"url\": \""
                + RECEIVER.url() + "\"}}}"}) {
            Http.Answer refused = HTTP.post("/ngsi-ld/v1/subscriptions", body, "NGSILD-Tenant", tenant);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("detail").asText()).contains("has no member");
        }
        String id = subscribe(tenant, "{\"type\": \"Subscription\", \"entities\": [{\"type\": \"T\"}], " + endpoint("") + "}");
        Http.Answer patched = HTTP.patch("/ngsi-ld/v1/subscriptions/" + id, "{\"throtling\": 5}", "Content-Type",
                "application/json", "NGSILD-Tenant", tenant);
        assertThat(patched.status()).as(patched.body()).isEqualTo(400);
        String readBack = HTTP.get("/ngsi-ld/v1/subscriptions/" + id, "NGSILD-Tenant", tenant).body();
        Http.Answer written = HTTP.patch("/ngsi-ld/v1/subscriptions/" + id, readBack, "Content-Type", "application/json",
                "NGSILD-Tenant", tenant);
        assertThat(written.status()).as("a subscription as it was read: " + written.body()).isEqualTo(204);
    }
}
