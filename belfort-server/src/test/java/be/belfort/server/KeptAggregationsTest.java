package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aggregations of history are kept in memory on the embedded database and answer the same question again, and every
 * aggregation after an acknowledged change of the entity or of its history shows that change, whichever way it came.
 */
class KeptAggregationsTest {
    private static final String TENANT = "kept-aggregations";
    private static final String HOURLY_SUM = "?options=aggregatedValues&aggrMethods=sum,totalCount&aggrPeriodDuration=PT1H";
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

    /** Two hours of three observations: 1 + 2 in the first, 3 in the second. */
    private static void create(String id) {
        Http.Answer created = http.post("/ngsi-ld/v1/temporal/entities", """
                {"id": "%s", "type": "Sensor", "t": [
                  {"type": "Property", "value": 1, "observedAt": "2024-01-01T00:00:00Z"},
                  {"type": "Property", "value": 2, "observedAt": "2024-01-01T00:30:00Z"},
                  {"type": "Property", "value": 3, "observedAt": "2024-01-01T01:00:00Z"}]}""".formatted(id),
                "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** The hourly sums of the entity's t, asked twice: the same answer both times. */
    private static String sums(String id) {
        String first = sumsOnce(id);
        assertThat(sumsOnce(id)).isEqualTo(first);
        return first;
    }

    private static String sumsOnce(String id) {
        Http.Answer answer = http.get("/ngsi-ld/v1/temporal/entities/" + id + HOURLY_SUM + "&attrs=t", "NGSILD-Tenant",
                TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode sums = answer.json().path("t").path("sum");
        StringBuilder text = new StringBuilder();
        sums.forEach(period -> text.append(text.isEmpty() ? "" : " ").append(period.get(0).asDouble()));
        return text.toString();
    }

    @Test
    void theSameQuestionIsAnsweredFromMemoryUntilTheHistoryChanges(TestInfo test) {
        String id = id(test);
        create(id);
        long hits = keptReads("hit");
        assertThat(sums(id)).isEqualTo("3.0 3.0");
        assertThat(keptReads("hit")).as("the second answer came from memory").isGreaterThan(hits);

        assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                {"t": [{"type": "Property", "value": 10, "observedAt": "2024-01-01T01:15:00Z"}]}""",
                "NGSILD-Tenant", TENANT).status()).as("an instance appended").isEqualTo(204);
        assertThat(sums(id)).isEqualTo("3.0 13.0");

        assertThat(http.patch("/ngsi-ld/v1/entities/" + id + "/attrs/t",
                "{\"value\": 100, \"observedAt\": \"2024-01-01T02:00:00Z\"}", "NGSILD-Tenant", TENANT).status())
                .as("the entity updated").isEqualTo(204);
        assertThat(sums(id)).isEqualTo("3.0 13.0 100.0");

        JsonNode instances = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=t", "NGSILD-Tenant", TENANT)
                .json().path("t");
        String first = instances.get(0).get("instanceId").asText();
        assertThat(instances.get(0).get("value").asInt()).isEqualTo(1);
        assertThat(http.patch("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + first,
                "{\"type\": \"Property\", \"value\": 5, \"observedAt\": \"2024-01-01T00:00:00Z\"}", "NGSILD-Tenant",
                TENANT).status()).as("an instance replaced").isEqualTo(204);
        assertThat(sums(id)).isEqualTo("7.0 13.0 100.0");

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t/" + first, "NGSILD-Tenant", TENANT)
                .status()).as("an instance deleted").isEqualTo(204);
        assertThat(sums(id)).as("periods now start with the first instance left, at 00:30").isEqualTo("15.0 100.0");

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id + "/attrs/t", "NGSILD-Tenant", TENANT).status())
                .as("the attribute's history deleted").isEqualTo(204);
        assertThat(sums(id)).isEmpty();

        assertThat(http.delete("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", TENANT).status())
                .as("the temporal entity deleted").isEqualTo(204);
        assertThat(http.get("/ngsi-ld/v1/temporal/entities/" + id + HOURLY_SUM, "NGSILD-Tenant", TENANT).status())
                .isEqualTo(404);
        create(id);
        assertThat(sums(id)).as("created again").isEqualTo("3.0 3.0");
    }

    @Test
    void everyKeptFormShowsTheLastAcknowledgedChange(TestInfo test) {
        String id = id(test);
        create(id);
        String path = "/ngsi-ld/v1/temporal/entities/" + id + HOURLY_SUM + "&attrs=t";
        for (int value = 1; value <= 3; value++) {
            assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + id + "/attrs", """
                    {"t": [{"type": "Property", "value": %d, "observedAt": "2024-01-01T00:45:00Z"}]}"""
                    .formatted(value * 100), "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
            double firstHour = 3 + 100 * value * (value + 1) / 2.0;
            for (int read = 0; read < 2; read++) {
                Http.Answer json = http.get(path, "NGSILD-Tenant", TENANT);
                assertThat(json.raw().headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(json.header("Link")).contains("ngsi-ld-core-context");
                assertThat(json.json().path("t").path("sum").get(0).get(0).asDouble()).isEqualTo(firstHour);

                Http.Answer jsonLd = http.get(path, "NGSILD-Tenant", TENANT, "Accept", "application/ld+json");
                assertThat(jsonLd.raw().headers().firstValue("Content-Type")).hasValue("application/ld+json");
                assertThat(jsonLd.json().has("@context")).isTrue();
                assertThat(jsonLd.json().path("t").path("sum").get(0).get(0).asDouble()).isEqualTo(firstHour);

                Http.Answer counted = http.get(path.replace("sum,totalCount", "totalCount"), "NGSILD-Tenant", TENANT);
                assertThat(counted.json().path("t").has("sum")).as("another question").isFalse();
                assertThat(counted.json().path("t").path("totalCount").get(0).get(0).asInt()).isEqualTo(2 + value);
            }
        }
    }

    @Test
    void aQueryOverManyEntitiesShowsAChangeOfAnyOfThem(TestInfo test) {
        String prefix = id(test);
        for (int n = 0; n < 3; n++) {
            create(prefix + "-" + n);
        }
        String query = "/ngsi-ld/v1/temporal/entities" + HOURLY_SUM + "&type=Sensor&attrs=t&idPattern=" + prefix + "-.*";
        String before = http.get(query, "NGSILD-Tenant", TENANT).body();
        assertThat(http.get(query, "NGSILD-Tenant", TENANT).body()).isEqualTo(before);
        assertThat(before).doesNotContain("53");
        JsonNode asJsonLd = http.get(query, "NGSILD-Tenant", TENANT, "Accept", "application/ld+json").json();
        assertThat(asJsonLd).hasSize(3);
        asJsonLd.forEach(entity -> assertThat(entity.has("@context")).as("each entity of a JSON-LD answer").isTrue());

        assertThat(http.post("/ngsi-ld/v1/temporal/entities/" + prefix + "-2/attrs", """
                {"t": [{"type": "Property", "value": 50, "observedAt": "2024-01-01T01:30:00Z"}]}""",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
        for (String accept : List.of("application/json", "application/ld+json")) {
            JsonNode after = http.get(query, "NGSILD-Tenant", TENANT, "Accept", accept).json();
            assertThat(after).hasSize(3);
            for (JsonNode entity : after) {
                double secondHour = entity.path("t").path("sum").get(1).get(0).asDouble();
                assertThat(secondHour).as(accept + " " + entity.get("id").asText())
                        .isEqualTo(entity.get("id").asText().endsWith("-2") ? 53 : 3);
            }
        }
    }
}
