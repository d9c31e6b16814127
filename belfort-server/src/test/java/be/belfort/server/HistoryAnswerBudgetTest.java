package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A temporal answer holds at most a set number of instances or aggregated periods over all its entities, each
 * series getting an equal share, and says with 206 and Content-Range how far it goes; following the ranges gives
 * every instance and every period exactly once.
 */
class HistoryAnswerBudgetTest {
    private static final String BASE = "/ngsi-ld/v1/temporal/entities";
    private static final String TENANT = "budget";
    private static final int ENTITIES = 3;
    private static final int HOURS = 24;
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        // 30 values per answer: 3 meters of one attribute get 10 each
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withMaxHistoryValues(30)
                .withAuth(false, null));
        http = new Http(platform.port());
        for (int meter = 0; meter < ENTITIES; meter++) {
            StringBuilder instances = new StringBuilder();
            for (int hour = 0; hour < HOURS; hour++) {
                instances.append(hour == 0 ? "" : ",").append("{\"type\": \"Property\", \"value\": ").append(hour)
                        .append(", \"observedAt\": \"").append(Instant.parse("2026-03-01T00:30:00Z").plusSeconds(3600L * hour))
                        .append("\"}");
            }
            assertThat(http.post(BASE, "{\"id\": \"urn:ngsi-ld:Meter:" + meter + "\", \"type\": \"Meter\", \"power\": ["
                    + instances + "]}", "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void instancesOfManyEntitiesArePagedByTimeAndAllArrive() {
        Http.Answer first = get("?type=Meter&options=temporalValues&timerel=after&timeAt=2026-01-01T00:00:00Z");
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.header("Content-Range")).isEqualTo("date-time 2026-03-01T00:30:00Z-2026-03-01T09:30:00Z/*");
        first.json().forEach(meter -> assertThat(meter.path("power").path("values")).hasSize(10));

        Map<String, List<Integer>> seen = new HashMap<>();
        String timeAt = "2026-01-01T00:00:00Z";
        for (int page = 0; page < 10; page++) {
            Http.Answer answer = get("?type=Meter&options=temporalValues&timerel=after&timeAt=" + timeAt);
            assertThat(answer.status()).isIn(200, 206);
            for (JsonNode meter : answer.json()) {
                meter.path("power").path("values").forEach(value -> seen.computeIfAbsent(meter.path("id").asText(),
                        id -> new ArrayList<>()).add(value.get(0).asInt()));
            }
            if (answer.status() == 200) {
                break;
            }
            timeAt = Instant.parse(end(answer)).plusSeconds(1).toString();
        }
        assertThat(seen).hasSize(ENTITIES);
        seen.values().forEach(values -> assertThat(values).as("every hour once, in order")
                .containsExactlyElementsOf(hours()));
    }

    @Test
    void aggregationsFromTimeAtComputeOnlyThePageAndAllPeriodsArrive() {
        String window = "&timerel=between&endTimeAt=2026-03-02T00:00:00Z&timeAt=";
        Http.Answer first = get("?type=Meter&options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=PT1H"
                + window + "2026-03-01T00:00:00Z");
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.header("Content-Range")).isEqualTo("date-time 2026-03-01T00:00:00Z-2026-03-01T10:00:00Z/*");

        Map<String, List<Integer>> sums = new HashMap<>();
        String timeAt = "2026-03-01T00:00:00Z";
        for (int page = 0; page < 10; page++) {
            Http.Answer answer = get("?type=Meter&options=aggregatedValues&aggrMethods=sum&aggrPeriodDuration=PT1H"
                    + window + timeAt);
            assertThat(answer.status()).isIn(200, 206);
            for (JsonNode meter : answer.json()) {
                JsonNode periods = meter.path("power").path("sum");
                assertThat(periods.size()).isLessThanOrEqualTo(10);
                periods.forEach(period -> sums.computeIfAbsent(meter.path("id").asText(), id -> new ArrayList<>())
                        .add(period.get(0).asInt()));
            }
            if (answer.status() == 200) {
                break;
            }
            timeAt = end(answer);
        }
        assertThat(sums).hasSize(ENTITIES);
        sums.values().forEach(values -> assertThat(values).containsExactlyElementsOf(hours()));
    }

    @Test
    void aggregationsFromEachEntitysFirstInstanceAreCutInTheDatabase() {
        Http.Answer answer = get("?type=Meter&options=aggregatedValues&aggrMethods=totalCount&aggrPeriodDuration=PT1H"
                + "&timerel=before&timeAt=2026-03-05T00:00:00Z");
        assertThat(answer.status()).isEqualTo(206);
        assertThat(answer.header("Content-Range")).isEqualTo("date-time 2026-03-01T00:30:00Z-2026-03-01T10:30:00Z/*");
        answer.json().forEach(meter -> assertThat(meter.path("power").path("totalCount")).hasSize(10));
    }

    @Test
    void oneEntityAloneGetsTheWholeBudget() {
        Http.Answer answer = http.get(BASE + "/urn:ngsi-ld:Meter:1?options=temporalValues", "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("power").path("values")).hasSize(HOURS);
    }

    private static Http.Answer get(String query) {
        return http.get(BASE + query, "NGSILD-Tenant", TENANT);
    }

    /** The end of the range a partial answer covers. */
    private static String end(Http.Answer answer) {
        String range = answer.header("Content-Range").substring("date-time ".length());
        return range.substring(range.indexOf("Z-") + 2, range.length() - 2);
    }

    private static List<Integer> hours() {
        List<Integer> hours = new ArrayList<>();
        for (int hour = 0; hour < HOURS; hour++) {
            hours.add(hour);
        }
        return hours;
    }
}
