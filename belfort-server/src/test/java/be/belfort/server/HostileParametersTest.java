package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query and temporal parameters a client gets wrong, or sends to hurt, are a 400 BadRequestData whose detail
 * says what is wrong, never a 500, a stack overflow or a long wait: times outside the range the platform
 * stores, aggregation parameters, expressions past the limits of the query language, and aggregates that
 * overflow a double.
 */
class HostileParametersTest {
    private static final String TENANT = "hostile-parameters";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final String SENSOR = "urn:ngsi-ld:Sensor:huge";
    private static final String ENTITIES = "/ngsi-ld/v1/entities?";
    private static final String TEMPORAL = "/ngsi-ld/v1/temporal/entities/" + SENSOR + "?";

    @BeforeAll
    static void record() {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Sensor", "name": {"type": "Property", "value": "Gent"},
                 "reading": {"type": "Property", "value": 1.7e308, "observedAt": "2024-01-01T00:10:00Z"}}""".formatted(SENSOR),
                "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        for (String minute : new String[] {"20", "30", "40"}) {
            Http.Answer observed = HTTP.patch("/ngsi-ld/v1/entities/" + SENSOR + "/attrs", """
                    {"reading": {"type": "Property", "value": 1.7e308, "observedAt": "2024-01-01T00:%s:00Z"}}"""
                    .formatted(minute), "NGSILD-Tenant", TENANT);
            assertThat(observed.status()).as(observed.body()).isEqualTo(204);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonNode badRequest(Http.Answer answer, String detailMentions) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
        assertThat(answer.json().path("title").asText()).isNotEmpty();
        assertThat(answer.json().path("detail").asText()).contains(detailMentions);
        return answer.json();
    }

    private static Http.Answer get(String path) {
        return HTTP.get(path, "NGSILD-Tenant", TENANT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+294277-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "-9999-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z"})
    void timesOutsideTheStoredRangeAreRefused(String time) {
        badRequest(get(TEMPORAL + "timerel=after&timeAt=" + encode(time)), "between the years 1 and 9999");
        badRequest(get(TEMPORAL + "timerel=between&timeAt=2024-01-01T00:00:00Z&endTimeAt=" + encode(time)),
                "between the years 1 and 9999");
        badRequest(HTTP.patch("/ngsi-ld/v1/entities/" + SENSOR + "/attrs",
                "{\"reading\": {\"type\": \"Property\", \"value\": 1, \"observedAt\": \"" + time + "\"}}",
                "NGSILD-Tenant", TENANT), "between the years 1 and 9999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reading>0000-01-01T00:00:00Z", "reading<0000-01-01", "reading==2024-13-45T10:00:00Z",
            "reading>2024-02-30", "reading<25:61", "reading==2024-01-01T10:00:00+99:00"})
    void impossibleDatesInQAreRefused(String q) {
        badRequest(get(ENTITIES + "type=Sensor&q=" + encode(q)), "q");
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ",,", "avg,", "avg,,max", "median", " "})
    void aggregationMethodsAreChecked(String methods) {
        badRequest(get(TEMPORAL + "options=aggregatedValues&aggrMethods=" + encode(methods)), "aggrMethods");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P1000000000Y", "PT9223372036854775807S", "P2147483647D", "P1001Y", "P400000D",
            "P-1D", "PT0.5S", "1 hour", "P1Y1D"})
    void aggregationPeriodsAreChecked(String duration) {
        badRequest(get(TEMPORAL + "options=aggregatedValues&aggrMethods=avg&aggrPeriodDuration=" + encode(duration)),
                "aggrPeriodDuration");
    }

    @Test
    void aggregatesThatOverflowADoubleAreAnsweredWithoutThem() {
        Http.Answer answer = get(TEMPORAL + "options=aggregatedValues&aggrMethods=sum,avg,stddev,sumsq,min,max,totalCount"
                + "&aggrPeriodDuration=PT1H");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode reading = answer.json().get("reading");
        assertThat(reading.get("max").get(0).get(0).asDouble()).isEqualTo(1.7e308);
        assertThat(reading.get("totalCount").get(0).get(0).asInt()).isEqualTo(4);
        assertThat(reading.get("sum").get(0).get(0).isNull()).as("the sum overflows: null").isTrue();
        assertThat(reading.get("sumsq").get(0).get(0).isNull()).as("the sum of squares overflows: null").isTrue();
        assertThat(reading.get("avg").get(0).get(0).asDouble()).as("the average does not overflow").isEqualTo(1.7e308);
        assertThat(reading.get("stddev").get(0).get(0).asDouble()).isEqualTo(0.0);
    }

    @Test
    void deeplyNestedParenthesesAreRefusedByTheLimit() {
        String type10000 = "(".repeat(10_000) + "Sensor" + ")".repeat(10_000);
        badRequest(HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"" + type10000 + "\"}]}", "NGSILD-Tenant", TENANT),
                "the limit is");
        String type1000 = "(".repeat(1_000) + "Sensor" + ")".repeat(1_000);
        badRequest(get(ENTITIES + "type=" + encode(type1000)), "nests parentheses deeper than 32");
        String scope = "(".repeat(10_000) + "/Gent" + ")".repeat(10_000);
        badRequest(HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Sensor\"}], \"scopeQ\": \"" + scope + "\"}",
                "NGSILD-Tenant", TENANT), "the limit is");
        String q = "(".repeat(1_000) + "reading>0" + ")".repeat(1_000);
        badRequest(get(ENTITIES + "type=Sensor&q=" + encode(q)), "nests parentheses deeper than 32");
    }

    @Test
    void longAttributePathsAndLongValueListsAreRefusedByTheLimit() {
        String path = "reading" + ".sub".repeat(10_000) + "==1";
        badRequest(HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Sensor\"}], \"q\": \"" + path + "\"}",
                "NGSILD-Tenant", TENANT), "the limit is");
        badRequest(get(ENTITIES + "type=Sensor&q=" + encode("reading" + ".sub".repeat(20) + "==1")),
                "more than 16 segments");
        // 40,000 values fit in the tests' body limit (100,000 would be refused by it, 413, before any parsing).
        StringBuilder values = new StringBuilder("reading==0");
        for (int i = 1; i < 40_000; i++) {
            values.append(',').append(i);
        }
        long start = System.nanoTime();
        badRequest(HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Sensor\"}], \"q\": \"" + values + "\"}",
                "NGSILD-Tenant", TENANT), "the limit is");
        assertThat((System.nanoTime() - start) / 1_000_000).as("refused at once, in ms").isLessThan(5_000);
        StringBuilder some = new StringBuilder("reading==0");
        for (int i = 1; i < 1_500; i++) {
            some.append(',').append(i);
        }
        badRequest(HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Sensor\"}], \"q\": \"" + some + "\"}",
                "NGSILD-Tenant", TENANT), "lists more than 1000 values");
    }

    @Test
    void theTemporalApiHoldsTheSameLimits() {
        String q = "(".repeat(100) + "reading>0" + ")".repeat(100);
        badRequest(get("/ngsi-ld/v1/temporal/entities?type=Sensor&q=" + encode(q)), "nests parentheses deeper than 32");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\p{L}", "(?<n>a)", "a*+", "\\Qx\\E", "(?i)a", "a{2,1}", "\\R", "[[:alpha:]]",
            "(?=a)", "\\bx"})
    void patternsJavaTakesButPostgresqlMightNotAreNeverAServerError(String pattern) {
        assertThat(get(ENTITIES + "type=Sensor&q=" + encode("name~=G.n")).json()).as("the pattern is evaluated").hasSize(1);
        Http.Answer answer = get(ENTITIES + "type=Sensor&q=" + encode("name~=" + pattern));
        assertThat(answer.status()).as(pattern + ": " + answer.body()).isIn(200, 400);
    }
}
