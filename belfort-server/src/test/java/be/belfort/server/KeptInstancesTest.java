package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The instances of named attributes (lastN above all: the last values a sensor's page shows) are kept in memory on the
 * embedded database and answer the same question again, and every answer after an acknowledged change of the entity
 * or of its history shows that change, whichever way it came, in every form.
 */
class KeptInstancesTest {
    private static final String TENANT = "kept-instances";
    private static Http http;

    @BeforeAll
    static void start() {
        http = new Http(TestPlatform.shared().port());
    }

    private static String id(TestInfo test) {
        return "urn:ngsi-ld:Sensor:" + test.getTestMethod().orElseThrow().getName();
    }

    private static long keptReads(String result) {
        return http.metric("belfort_history_cache_reads_total{result=\"" + result + "\"}");
    }

    private static void create(String id) {
        Http.Answer created = http.post("/ngsi-ld/v1/temporal/entities", """
                {"id": "%s", "type": "Sensor", "t": [
                  {"type": "Property", "value": 1, "observedAt": "2024-01-01T00:00:00Z"},
                  {"type": "Property", "value": 2, "observedAt": "2024-01-01T00:30:00Z"},
                  {"type": "Property", "value": 3, "observedAt": "2024-01-01T01:00:00Z"}]}""".formatted(id),
                "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** The values of the answer to {@code query} about the entity's t, asked twice: the same answer both times. */
    private static String values(String id, String query, String... headers) {
        String first = valuesOnce(id, query, headers);
        assertThat(valuesOnce(id, query, headers)).isEqualTo(first);
        return first;
    }

    private static String valuesOnce(String id, String query, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "NGSILD-Tenant";
        all[1] = TENANT;
        System.arraycopy(headers, 0, all, 2, headers.length);
        Http.Answer answer = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&" + query, all);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode series = answer.json().path("t");
        JsonNode values = series.has("values") ? series.get("values") : series;
        StringBuilder text = new StringBuilder();
        values.forEach(value -> text.append(text.isEmpty() ? "" : " ")
                .append((value.isArray() ? value.get(0) : value.get("value")).asInt()));
        return text.toString();
    }

    @Test
    void lastNIsAnsweredFromMemoryUntilTheHistoryChanges(TestInfo test) {
        String id = id(test);
        create(id);
        long hits = keptReads("hit");
        assertThat(values(id, "lastN=2")).isEqualTo("2 3");
        assertThat(keptReads("hit")).as("the second answer came from memory").isGreaterThan(hits);

        assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                {"t": [{"type": "Property", "value": 10, "observedAt": "2024-01-01T01:15:00Z"}]}""",
                "NGSILD-Tenant", TENANT).status()).as("an instance appended").isEqualTo(204);
        assertThat(values(id, "lastN=2")).isEqualTo("3 10");

        // twice: the second update goes without locks, from the row the first one kept
        for (int value = 100; value <= 200; value += 100) {
            assertThat(http.patch("/ngsi-ld/v1/entities/" + id + "/attrs/t",
                    "{\"value\": " + value + ", \"observedAt\": \"2024-01-01T0" + (value / 100 + 1) + ":00:00Z\"}",
                    "NGSILD-Tenant", TENANT).status()).as("the entity updated").isEqualTo(204);
            assertThat(values(id, "lastN=2")).isEqualTo(value == 100 ? "10 100" : "100 200");
        }

        JsonNode instances = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&lastN=1", "NGSILD-Tenant",
                TENANT).json().path("t");
        String last = instances.get(0).get("instanceId").asText();
        assertThat(http.patch("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + last,
                "{\"type\": \"Property\", \"value\": 7, \"observedAt\": \"2024-01-01T03:00:00Z\"}", "NGSILD-Tenant",
                TENANT).status()).as("an instance replaced").isEqualTo(204);
        assertThat(values(id, "lastN=2")).isEqualTo("100 7");

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + last, "NGSILD-Tenant", TENANT)
                .status()).as("an instance deleted").isEqualTo(204);
        assertThat(values(id, "lastN=2")).isEqualTo("10 100");

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t", "NGSILD-Tenant", TENANT).status())
                .as("the attribute's history deleted").isEqualTo(204);
        assertThat(values(id, "lastN=2")).isEmpty();

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).status())
                .as("the temporal entity deleted").isEqualTo(204);
        assertThat(http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&lastN=2", "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(404);
        create(id);
        assertThat(values(id, "lastN=2")).as("created again").isEqualTo("2 3");
    }

    @Test
    void everyKeptFormShowsTheLastAcknowledgedChange(TestInfo test) {
        String id = id(test);
        create(id);
        for (int value = 1; value <= 3; value++) {
            assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                    {"t": [{"type": "Property", "value": %d, "observedAt": "2024-01-02T0%d:00:00Z"}]}"""
                    .formatted(value * 100, value), "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
            String newest = String.valueOf(value * 100);
            assertThat(values(id, "lastN=1")).isEqualTo(newest);
            assertThat(values(id, "lastN=1", "Accept", "application/ld+json")).isEqualTo(newest);
            assertThat(values(id, "lastN=1&options=temporalValues")).isEqualTo(newest);
            assertThat(values(id, "lastN=1&options=sysAttrs")).isEqualTo(newest);
            assertThat(values(id, "timerel=after&timeAt=2024-01-01T00:45:00Z"))
                    .as("a window, oldest first").startsWith("3 100");

            Http.Answer jsonLd = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&lastN=1", "NGSILD-Tenant",
                    TENANT, "Accept", "application/ld+json");
            assertThat(jsonLd.raw().headers().firstValue("Content-Type")).hasValue("application/ld+json");
            assertThat(jsonLd.json().has("@context")).isTrue();
            Http.Answer json = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t&lastN=1", "NGSILD-Tenant",
                    TENANT);
            assertThat(json.raw().headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(json.header("Link")).contains("ngsi-ld-core-context");
            assertThat(json.json().has("@context")).isFalse();
        }
    }
}
