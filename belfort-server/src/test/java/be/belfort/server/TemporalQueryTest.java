package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Temporal queries over many entities and the aggregated representation, checked against values
 * computed by hand from the recorded observations.
 */
class TemporalQueryTest {
    private static final String TENANT = "temporal-query";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final String GENT = "urn:ngsi-ld:AirQualityObserved:gent";
    private static final String LEUVEN = "urn:ngsi-ld:AirQualityObserved:leuven";

    /**
     * pm10 of Gent: 10 at 00:10, 20 at 00:40, 30 at 01:10, 50 at 01:50, 60 at 03:05 (1 January 2024).
     * pm10 of Leuven: 5 at 00:20, 7 at 02:30.
     */
    @BeforeAll
    static void record() {
        create(GENT, 10, "00:10", 51.05, 3.72);
        observe(GENT, 20, "00:40");
        observe(GENT, 30, "01:10");
        observe(GENT, 50, "01:50");
        observe(GENT, 60, "03:05");
        create(LEUVEN, 5, "00:20", 50.88, 4.70);
        observe(LEUVEN, 7, "02:30");
    }

    private static void create(String id, int pm10, String time, double latitude, double longitude) {
        assertThat(HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "AirQualityObserved",
                 "pm10": {"type": "Property", "value": %d, "observedAt": "2024-01-01T%s:00Z", "unitCode": "GQ"},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%s, %s]}}}"""
                .formatted(id, pm10, time, longitude, latitude), "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
    }

    private static void observe(String id, int pm10, String time) {
        assertThat(HTTP.patch("/ngsi-ld/v1/entities/" + id + "/attrs", """
                {"pm10": {"type": "Property", "value": %d, "observedAt": "2024-01-01T%s:00Z"}}""".formatted(pm10, time),
                "NGSILD-Tenant", TENANT).status()).isEqualTo(204);
    }

    private static JsonNode get(String path) {
        Http.Answer answer = HTTP.get(path, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void hourlyAggregatesOfOneEntity() {
        JsonNode pm10 = get("/ngsi-ld/v1/temporal/entities/" + GENT + "?attrs=pm10&options=aggregatedValues"
                + "&aggrMethods=totalCount,distinctCount,sum,avg,min,max,stddev,sumsq&aggrPeriodDuration=PT1H").get("pm10");
        assertThat(pm10.get("type").asText()).isEqualTo("Property");
        // without timeAt, the periods start at the entity's first instance (00:10)
        assertThat(triples(pm10.get("totalCount"))).containsExactly(
                "2 2024-01-01T00:10:00Z 2024-01-01T01:10:00Z", "2 2024-01-01T01:10:00Z 2024-01-01T02:10:00Z",
                "1 2024-01-01T02:10:00Z 2024-01-01T03:10:00Z");
        assertThat(values(pm10.get("sum"))).containsExactly(30.0, 80.0, 60.0);
        assertThat(values(pm10.get("avg"))).containsExactly(15.0, 40.0, 60.0);
        assertThat(values(pm10.get("min"))).containsExactly(10.0, 30.0, 60.0);
        assertThat(values(pm10.get("max"))).containsExactly(20.0, 50.0, 60.0);
        assertThat(values(pm10.get("sumsq"))).containsExactly(500.0, 3400.0, 3600.0);
        assertThat(pm10.get("stddev").get(0).get(0).asDouble()).isCloseTo(Math.sqrt(50), within(1e-9));
        assertThat(pm10.get("stddev").get(2).get(0).isNull()).as("one value has no sample deviation").isTrue();
        assertThat(values(pm10.get("distinctCount"))).containsExactly(2.0, 2.0, 1.0);
    }

    @Test
    void oneAggregateOverTheWholeRangeOrAWindow() {
        JsonNode whole = get("/ngsi-ld/v1/temporal/entities/" + GENT + "?options=aggregatedValues&aggrMethods=avg,max");
        assertThat(triples(whole.get("pm10").get("avg"))).containsExactly("34.0 2024-01-01T00:10:00Z 2024-01-01T03:05:00Z");
        JsonNode window = get("/ngsi-ld/v1/temporal/entities/" + GENT + "?options=aggregatedValues&aggrMethods=sum"
                + "&aggrPeriodDuration=PT2H&timerel=between&timeAt=2024-01-01T00:30:00Z&endTimeAt=2024-01-01T02:00:00Z");
        assertThat(triples(window.get("pm10").get("sum"))).as("periods start at timeAt")
                .containsExactly("100.0 2024-01-01T00:30:00Z 2024-01-01T02:30:00Z");
        JsonNode monthly = get("/ngsi-ld/v1/temporal/entities/" + GENT + "?options=aggregatedValues&aggrMethods=totalCount"
                + "&aggrPeriodDuration=P1M");
        assertThat(triples(monthly.get("pm10").get("totalCount"))).containsExactly(
                "5 2024-01-01T00:10:00Z 2024-02-01T00:10:00Z");
    }

    @Test
    void aQueryOverManyEntitiesAnswersEachWithItsHistory() {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/temporal/entities?type=AirQualityObserved&attrs=pm10&lastN=1"
                + "&options=temporalValues&count=true", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("NGSILD-Results-Count")).isEqualTo("2");
        JsonNode entities = answer.json();
        assertThat(entities.get(0).get("id").asText()).isEqualTo(GENT);
        assertThat(entities.get(0).get("pm10").get("values").toString()).isEqualTo("[[60,\"2024-01-01T03:05:00Z\"]]");
        assertThat(entities.get(1).get("pm10").get("values").toString()).isEqualTo("[[7,\"2024-01-01T02:30:00Z\"]]");

        JsonNode near = get("/ngsi-ld/v1/temporal/entities?georel=near%3BmaxDistance%3D%3D10000&geometry=Point"
                + "&coordinates=%5B4.70,50.88%5D&q=pm10%3C10&options=aggregatedValues&aggrMethods=avg");
        assertThat(near).hasSize(1);
        assertThat(triples(near.get(0).get("pm10").get("avg"))).containsExactly(
                "6.0 2024-01-01T00:20:00Z 2024-01-01T02:30:00Z");

        JsonNode picked = get("/ngsi-ld/v1/temporal/entities?id=" + GENT + "&pick=location");
        assertThat(picked.get(0).has("pm10")).isFalse();
        assertThat(picked.get(0).get("location")).hasSize(1);
        JsonNode omitted = get("/ngsi-ld/v1/temporal/entities?id=" + GENT + "&omit=location");
        assertThat(omitted.get(0).has("location")).isFalse();
        assertThat(omitted.get(0).get("pm10")).hasSize(5);

        JsonNode instances = get("/ngsi-ld/v1/temporal/entities?id=" + LEUVEN
                + "&timerel=after&timeAt=2024-01-01T01:00:00Z");
        assertThat(instances.get(0).get("pm10")).hasSize(1);
        assertThat(instances.get(0).get("pm10").get(0).get("value").asInt()).isEqualTo(7);
    }

    @Test
    void postQueryTakesTemporalQFromTheBody() {
        Http.Answer answer = HTTP.post("/ngsi-ld/v1/temporal/entityOperations/query?options=aggregatedValues"
                + "&aggrMethods=max&aggrPeriodDuration=P1D", """
                {"type": "Query", "entities": [{"type": "AirQualityObserved"}], "attrs": ["pm10"],
                 "temporalQ": {"timerel": "before", "timeAt": "2024-01-01T02:00:00Z"}}""", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(triples(answer.json().get(0).get("pm10").get("max"))).containsExactly(
                "50.0 2024-01-01T00:10:00Z 2024-01-02T00:10:00Z");
        assertThat(triples(answer.json().get(1).get("pm10").get("max"))).containsExactly(
                "5.0 2024-01-01T00:20:00Z 2024-01-02T00:20:00Z");
    }

    @Test
    void badAggregationsAreRefusedWithReasons() {
        String base = "/ngsi-ld/v1/temporal/entities/" + GENT + "?options=aggregatedValues";
        assertThat(detail(base)).contains("needs aggrMethods");
        assertThat(detail(base + "&aggrMethods=median")).contains("Unknown aggregation method 'median'");
        assertThat(detail(base + "&aggrMethods=avg&aggrPeriodDuration=1h")).contains("ISO 8601 duration");
        assertThat(detail(base + "&aggrMethods=avg&aggrPeriodDuration=P1M1D")).contains("not both");
        assertThat(detail(base + "&aggrMethods=avg&aggrPeriodDuration=PT0.1S")).contains("at least one second");
        assertThat(detail(base + "&aggrMethods=avg&aggrPeriodDuration=-PT1H")).contains("positive");
        assertThat(detail("/ngsi-ld/v1/temporal/entities/" + GENT + "?aggrMethods=avg")).contains("aggregatedValues");
        assertThat(detail("/ngsi-ld/v1/temporal/entities/" + GENT + "?options=aggregatedValues,temporalValues"
                + "&aggrMethods=avg")).contains("not both");
        assertThat(detail("/ngsi-ld/v1/temporal/entities?timerel=before&timeAt=2024-01-01T00:00:00Z"))
                .contains("at least one of");
        assertThat(detail("/ngsi-ld/v1/temporal/entities?type=AirQualityObserved&lastN=0")).contains("lastN");
        assertThat(detail("/ngsi-ld/v1/temporal/entities?type=AirQualityObserved&timerel=between"
                + "&timeAt=2024-01-02T00:00:00Z&endTimeAt=2024-01-01T00:00:00Z")).isNotEmpty();
    }

    private static String detail(String path) {
        Http.Answer answer = HTTP.get(path, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("BadRequestData");
        return answer.json().get("detail").asText();
    }

    private static List<String> triples(JsonNode array) {
        List<String> triples = new ArrayList<>();
        array.forEach(triple -> triples.add(triple.get(0).asText() + " " + triple.get(1).asText() + " "
                + triple.get(2).asText()));
        return triples;
    }

    private static List<Double> values(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(triple -> values.add(triple.get(0).asDouble()));
        return values;
    }
}
