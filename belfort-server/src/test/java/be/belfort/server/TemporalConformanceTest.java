package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The temporal API as clients of ETSI GS CIM 009 v1.8 use it: {@code timeproperty=deletedAt} selects the deletions,
 * and the Query body of {@code POST /temporal/entityOperations/query} may carry the aggregation itself
 * ({@code aggrMethods} as an array or a comma list, {@code aggrPeriodDuration}), beside or in {@code temporalQ}.
 */
class TemporalConformanceTest {
    private static final String TENANT = "temporal-conformance";
    private static final String ID = "urn:ngsi-ld:Sensor:tc-1";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void aSensorWithThreeObservationsAndADeletion() {
        assertThat(HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"" + ID + "\", \"type\": \"Sensor\","
                + " \"speed\": {\"type\": \"Property\", \"value\": 10, \"observedAt\": \"2026-11-30T10:05:00Z\"},"
                + " \"noise\": {\"type\": \"Property\", \"value\": 40, \"observedAt\": \"2026-11-30T10:05:00Z\"}}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        for (int minute : new int[] {20, 40}) {
            Http.Answer patched = HTTP.patch("/ngsi-ld/v1/entities/" + ID + "/attrs/speed",
                    "{\"type\": \"Property\", \"value\": " + (minute / 2) + ", \"observedAt\": \"2026-11-30T10:" + minute + ":00Z\"}",
                    "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
            assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        }
        assertThat(HTTP.delete("/ngsi-ld/v1/entities/" + ID + "/attrs/noise", "NGSILD-Tenant", TENANT).status())
                .isEqualTo(204);
    }

    @Test
    void timepropertyDeletedAtSelectsTheDeletionsOnly() {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/temporal/entities/" + ID
                + "?timeproperty=deletedAt&timerel=after&timeAt=2020-01-01T00:00:00Z", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode history = answer.json();
        assertThat(history.has("speed")).as("speed was never deleted").isFalse();
        JsonNode noise = history.get("noise");
        JsonNode deletions = noise.isArray() ? noise : history.withArray("noise");
        assertThat(deletions).hasSize(1);
        assertThat(deletions.get(0).has("deletedAt")).isTrue();
        Http.Answer before = HTTP.get("/ngsi-ld/v1/temporal/entities/" + ID
                + "?timeproperty=deletedAt&timerel=before&timeAt=2020-01-01T00:00:00Z", "NGSILD-Tenant", TENANT);
        assertThat(before.json().has("noise")).as("no deletion before 2020").isFalse();
    }

    @Test
    void theQueryBodyCarriesTheAggregationAsAnArrayOrACommaList() {
        String window = "\"temporalQ\": {\"timerel\": \"between\", \"timeAt\": \"2026-11-30T10:00:00Z\","
                + " \"endTimeAt\": \"2026-11-30T11:00:00Z\"";
        for (String body : new String[] {
            "{\"type\": \"Query\", \"entities\": [{\"type\": \"Sensor\"}], \"attrs\": [\"speed\"], " + window + "},"
                + " \"aggrMethods\": [\"max\", \"min\"], \"aggrPeriodDuration\": \"PT1H\"}",
            "{\"type\": \"Query\", \"entities\": [{\"type\": \"Sensor\"}], \"attrs\": [\"speed\"], " + window + ","
                + " \"aggrMethods\": \"max,min\", \"aggrPeriodDuration\": \"PT1H\"}}"}) {
            Http.Answer answer = HTTP.post("/ngsi-ld/v1/temporal/entityOperations/query", body,
                    "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode speed = answer.json().get(0).get("speed");
            assertThat(speed.at("/max/0/0").asDouble()).as(answer.body()).isEqualTo(20.0);
            assertThat(speed.at("/min/0/0").asDouble()).as(answer.body()).isEqualTo(10.0);
        }
        Http.Answer wrong = HTTP.post("/ngsi-ld/v1/temporal/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Sensor\"}], " + window + "}, \"aggrMethods\": [1]}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
    }
}
