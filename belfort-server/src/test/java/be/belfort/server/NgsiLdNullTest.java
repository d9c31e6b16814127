package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NGSI-LD Null ({@code "urn:ngsi-ld:null"}, and {@code {"@none": "urn:ngsi-ld:null"}} for a LanguageProperty)
 * deletes what it names in every update operation that accepts it (ETSI GS CIM 009 v1.8 clauses 5.6.2 Update
 * Entity Attributes, 5.6.4 Partial Attribute Update, 5.6.17 Merge Entity), and each such deletion is recorded
 * in the attribute's history and notified as attributeDeleted, like a Delete Attribute.
 */
class NgsiLdNullTest {
    private static final String TENANT = "ngsi-ld-null";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    private static String create(TestInfo test) {
        String id = "urn:ngsi-ld:Sensor:" + test.getTestMethod().orElseThrow().getName();
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Sensor", "t": {"type": "Property", "value": 1},
                 "label": {"type": "LanguageProperty", "languageMap": {"nl": "brug", "en": "bridge"}},
                 "kept": {"type": "Property", "value": "stays"}}""".formatted(id), "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    private static JsonNode entity(String id) {
        return HTTP.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT).json();
    }

    private static JsonNode lastInstance(String id, String attribute) {
        JsonNode history = HTTP.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=" + attribute,
                "NGSILD-Tenant", TENANT).json().get(attribute);
        return history.get(history.size() - 1);
    }

    @Test
    void updateAttributesDeletesAnAttributeWhoseValueIsTheNgsiLdNull(TestInfo test) {
        String id = create(test);
        Http.Answer updated = HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs", """
                {"t": {"type": "Property", "value": "urn:ngsi-ld:null"},
                 "label": {"type": "LanguageProperty", "languageMap": {"@none": "urn:ngsi-ld:null"}}}""",
                "NGSILD-Tenant", TENANT);
        assertThat(updated.status()).as(updated.body()).isEqualTo(204);

        JsonNode after = entity(id);
        assertThat(after.has("t")).isFalse();
        assertThat(after.has("label")).isFalse();
        assertThat(after.get("kept").get("value").asText()).isEqualTo("stays");
        assertThat(lastInstance(id, "t").get("value").asText()).isEqualTo("urn:ngsi-ld:null");
        assertThat(lastInstance(id, "t").get("deletedAt").asText()).endsWith("Z");
    }

    @Test
    void theNgsiLdNullInConciseFormDeletesToo(TestInfo test) {
        String id = create(test);
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs", "{\"t\": \"urn:ngsi-ld:null\"}",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(entity(id).has("t")).isFalse();
    }

    @Test
    void updatingAMissingAttributeWithTheNgsiLdNullChangesNothing(TestInfo test) {
        String id = create(test);
        Http.Answer updated = HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"missing\": {\"type\": \"Property\", \"value\": \"urn:ngsi-ld:null\"}}", "NGSILD-Tenant", TENANT);
        assertThat(updated.status()).isEqualTo(207);
        assertThat(updated.json().get("notUpdated").get(0).get("attributeName").asText()).isEqualTo("missing");
        assertThat(entity(id).has("t")).isTrue();
    }

    @Test
    void mergeAndPartialUpdateRecordTheirDeletionsInTheHistory(TestInfo test) {
        String id = create(test);
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id, "{\"t\": {\"value\": \"urn:ngsi-ld:null\"}}",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(entity(id).has("t")).isFalse();
        assertThat(lastInstance(id, "t").get("value").asText()).isEqualTo("urn:ngsi-ld:null");

        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs/kept", "{\"value\": \"urn:ngsi-ld:null\"}",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        assertThat(entity(id).has("kept")).isFalse();
        assertThat(lastInstance(id, "kept").get("value").asText()).isEqualTo("urn:ngsi-ld:null");
    }

    @Test
    void aDeletionByTheNgsiLdNullIsNotifiedAsAttributeDeleted(TestInfo test) {
        String id = create(test);
        Http.Answer subscribed = HTTP.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"id": "%s", "type": "Sensor"}],
                 "notificationTrigger": ["attributeDeleted"],
                 "notification": {"endpoint": {"uri": "%s"}}}""".formatted(id, RECEIVER.url()), "NGSILD-Tenant", TENANT);
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        String location = subscribed.header("Location");
        String subscriptionId = location.substring(location.lastIndexOf('/') + 1);

        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs",
                "{\"t\": {\"type\": \"Property\", \"value\": \"urn:ngsi-ld:null\"}}", "NGSILD-Tenant", TENANT).status())
                .isEqualTo(204);
        List<Receiver.Received> notifications = RECEIVER.await(1,
                received -> subscriptionId.equals(received.body().path("subscriptionId").asText()));
        JsonNode notification = notifications.get(0).body();
        assertThat(notification.get("triggerReason").asText()).isEqualTo("attributeDeleted");
        assertThat(notification.get("data").get(0).get("t").get("value").asText()).isEqualTo("urn:ngsi-ld:null");
    }
}
