package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The temporal representations of ETSI GS CIM 009 v1.8 for the newer attribute types (clause 4.5.7:
 * {@code languageMaps}, {@code jsons}, {@code vocabs} pairs, vocabs in the client's terms), a temporal query that
 * lists only the entities with history in its window (clause 5.7.4), and aggregation periods that cover the query's
 * time range from its start: timeAt, or else the entity's first instance (clause 4.5.19).
 */
class TemporalShapesTest {
    private static final String TENANT = "temporal-shapes";
    private static final String KIOSK = "urn:ngsi-ld:Kiosk:ts-1";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void aKioskObservedTwiceAndTwoMetersInDifferentYears() {
        post("/ngsi-ld/v1/entities", "{\"id\": \"" + KIOSK + "\", \"type\": \"Kiosk\","
                + " \"label\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"nl\": \"open\", \"en\": \"open\"},"
                + " \"observedAt\": \"2026-11-30T10:05:00Z\"},"
                + " \"stock\": {\"type\": \"JsonProperty\", \"json\": {\"papers\": 12}, \"observedAt\": \"2026-11-30T10:05:00Z\"},"
                + " \"state\": {\"type\": \"VocabProperty\", \"vocab\": \"Open\", \"observedAt\": \"2026-11-30T10:05:00Z\"},"
                + " \"visitors\": {\"type\": \"Property\", \"value\": 3, \"observedAt\": \"2026-11-30T10:05:00Z\"}}");
        Http.Answer patched = HTTP.patch("/ngsi-ld/v1/entities/" + KIOSK + "/attrs",
                "{\"label\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"nl\": \"dicht\"}, \"observedAt\": \"2026-11-30T11:20:00Z\"},"
                        + " \"stock\": {\"type\": \"JsonProperty\", \"json\": {\"papers\": 0}, \"observedAt\": \"2026-11-30T11:20:00Z\"},"
                        + " \"state\": {\"type\": \"VocabProperty\", \"vocab\": [\"Closed\", \"Cleaning\"], \"observedAt\": \"2026-11-30T11:20:00Z\"},"
                        + " \"visitors\": {\"type\": \"Property\", \"value\": 5, \"observedAt\": \"2026-11-30T11:20:00Z\"}}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        for (String year : new String[] {"2025", "2026"}) {
            post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Meter:ts-" + year + "\", \"type\": \"Meter\","
                    + " \"reading\": {\"type\": \"Property\", \"value\": 1, \"observedAt\": \"" + year + "-06-01T00:00:00Z\"}}");
        }
    }

    private static void post(String path, String body) {
        Http.Answer answer = HTTP.post(path, body, "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    private static JsonNode get(String path) {
        Http.Answer answer = HTTP.get(path, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void temporalValuesOfLanguageJsonAndVocabProperties() {
        JsonNode kiosk = get("/ngsi-ld/v1/temporal/entities/" + KIOSK + "?options=temporalValues");
        assertThat(kiosk.at("/label/type").asText()).isEqualTo("LanguageProperty");
        assertThat(kiosk.at("/label/languageMaps").toString())
                .isEqualTo("[[{\"en\":\"open\",\"nl\":\"open\"},\"2026-11-30T10:05:00Z\"],[{\"nl\":\"dicht\"},\"2026-11-30T11:20:00Z\"]]");
        assertThat(kiosk.at("/stock/type").asText()).isEqualTo("JsonProperty");
        assertThat(kiosk.at("/stock/jsons").toString())
                .isEqualTo("[[{\"papers\":12},\"2026-11-30T10:05:00Z\"],[{\"papers\":0},\"2026-11-30T11:20:00Z\"]]");
        assertThat(kiosk.at("/state/type").asText()).isEqualTo("VocabProperty");
        assertThat(kiosk.at("/state/vocabs").toString()).as("vocabs compacted with the client's context")
                .isEqualTo("[[\"Open\",\"2026-11-30T10:05:00Z\"],[[\"Closed\",\"Cleaning\"],\"2026-11-30T11:20:00Z\"]]");
    }

    @Test
    void aTemporalQueryListsOnlyEntitiesWithHistoryInItsWindow() {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/temporal/entities?type=Meter&timerel=after&timeAt=2026-01-01T00:00:00Z"
                + "&count=true", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).extracting(entity -> entity.get("id").asText()).containsExactly("urn:ngsi-ld:Meter:ts-2026");
        assertThat(answer.header("NGSILD-Results-Count")).isEqualTo("1");
        Http.Answer posted = HTTP.post("/ngsi-ld/v1/temporal/entityOperations/query", "{\"type\": \"Query\","
                + " \"entities\": [{\"type\": \"Meter\"}], \"temporalQ\": {\"timerel\": \"before\","
                + " \"timeAt\": \"2026-01-01T00:00:00Z\"}}", "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.json()).extracting(entity -> entity.get("id").asText()).containsExactly("urn:ngsi-ld:Meter:ts-2025");
        assertThat(get("/ngsi-ld/v1/temporal/entities?type=Meter")).as("without a window, every match").hasSize(2);
    }

    @Test
    void aggregationPeriodsStartAtTimeAtOrElseAtTheFirstInstance() {
        JsonNode fromFirst = get("/ngsi-ld/v1/temporal/entities/" + KIOSK + "?attrs=visitors&options=aggregatedValues"
                + "&aggrMethods=sum&aggrPeriodDuration=PT1H");
        assertThat(fromFirst.at("/visitors/sum").toString()).isEqualTo(
                "[[3.0,\"2026-11-30T10:05:00Z\",\"2026-11-30T11:05:00Z\"],[5.0,\"2026-11-30T11:05:00Z\",\"2026-11-30T12:05:00Z\"]]");
        JsonNode fromTimeAt = get("/ngsi-ld/v1/temporal/entities/" + KIOSK + "?attrs=visitors&options=aggregatedValues"
                + "&aggrMethods=sum&aggrPeriodDuration=PT1H&timerel=after&timeAt=2026-11-30T10:00:00Z");
        assertThat(fromTimeAt.at("/visitors/sum").toString()).isEqualTo(
                "[[3.0,\"2026-11-30T10:00:00Z\",\"2026-11-30T11:00:00Z\"],[5.0,\"2026-11-30T11:00:00Z\",\"2026-11-30T12:00:00Z\"]]");
        JsonNode label = get("/ngsi-ld/v1/temporal/entities/" + KIOSK + "?attrs=label&options=aggregatedValues"
                + "&aggrMethods=totalCount,distinctCount");
        assertThat(label.at("/label/type").asText()).isEqualTo("LanguageProperty");
        assertThat(label.at("/label/totalCount/0/0").asInt()).isEqualTo(2);
        assertThat(label.at("/label/distinctCount/0/0").asInt()).as("two different language maps").isEqualTo(2);
    }
}
