package be.belfort.server;

import be.belfort.temporal.RetentionRule;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.threeten.extra.PeriodDuration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limits of history on a platform of its own: retention rules remove expired history per tenant and
 * per entity type, and nothing else; answers hold at most a set number of instances per attribute and
 * say with 206 and Content-Range how far they go.
 */
class HistoryLimitsTest {
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = Platform.start(be.belfort.server.TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withRetention(List.of("city:AirQualityObserved=P30D", "town=P365D")).withMaxHistoryInstances(2)
                .withAuth(false, null));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static void record(String tenant, String id, String type) {
        assertThat(http.post("/ngsi-ld/v1/temporal/entities", """
                {"id": "%s", "type": "%s", "v": [
                  {"type": "Property", "value": 1, "observedAt": "2026-01-01T00:00:00Z"},
                  {"type": "Property", "value": 2, "observedAt": "2026-10-30T00:00:00Z"},
                  {"type": "Property", "value": 3, "observedAt": "2026-11-20T00:00:00Z"}]}""".formatted(id, type),
                "NGSILD-Tenant", tenant).status()).isEqualTo(201);
    }

    /** Counted by the database, as answers hold only two instances here. */
    private static int instances(String tenant, String id) {
        JsonNode count = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?options=aggregatedValues"
                + "&aggrMethods=totalCount", "NGSILD-Tenant", tenant).json().path("v").path("totalCount");
        return count.isEmpty() ? 0 : count.get(0).get(0).asInt();
    }

    @Test
    void expiredInstancesGoByTenantAndType() {
        record("city", "urn:ngsi-ld:AirQualityObserved:a", "AirQualityObserved");
        record("city", "urn:ngsi-ld:OffStreetParking:a", "OffStreetParking");
        record("town", "urn:ngsi-ld:AirQualityObserved:b", "AirQualityObserved");
        record("village", "urn:ngsi-ld:AirQualityObserved:c", "AirQualityObserved");
        assertThat(instances("city", "urn:ngsi-ld:AirQualityObserved:a")).as("before retention (an answer kept in memory)")
                .isEqualTo(3);

        long removed = platform.applyRetention(Instant.parse("2026-11-23T00:00:00Z"));

        assertThat(instances("city", "urn:ngsi-ld:AirQualityObserved:a")).as("30 days of air quality").isEqualTo(2);
        assertThat(instances("city", "urn:ngsi-ld:OffStreetParking:a")).as("no rule for parkings").isEqualTo(3);
        assertThat(instances("town", "urn:ngsi-ld:AirQualityObserved:b")).as("a year in town").isEqualTo(3);
        assertThat(instances("village", "urn:ngsi-ld:AirQualityObserved:c")).as("no rule").isEqualTo(3);
        assertThat(removed).isEqualTo(1);
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:AirQualityObserved:a", "NGSILD-Tenant", "city").status())
                .as("the entity itself stays").isEqualTo(200);
        assertThat(platform.applyRetention(Instant.parse("2027-11-23T00:00:00Z"))).isEqualTo(5);
        assertThat(instances("town", "urn:ngsi-ld:AirQualityObserved:b")).isZero();
        assertThat(instances("city", "urn:ngsi-ld:AirQualityObserved:a")).isZero();
    }

    @Test
    void longHistoriesArePaged() {
        record("paged", "urn:ngsi-ld:Sensor:p", "Sensor");
        Http.Answer first = http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Sensor:p?options=temporalValues",
                "NGSILD-Tenant", "paged");
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.header("Content-Range")).isEqualTo("date-time 2026-01-01T00:00:00Z-2026-10-30T00:00:00Z/*");
        assertThat(first.json().get("v").get("values")).hasSize(2);
        Http.Answer rest = http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Sensor:p?options=temporalValues"
                + "&timerel=after&timeAt=2026-10-30T00:00:01Z", "NGSILD-Tenant", "paged");
        assertThat(rest.status()).isEqualTo(200);
        assertThat(rest.header("Content-Range")).isNull();
        assertThat(rest.json().get("v").get("values").toString()).isEqualTo("[[3,\"2026-11-20T00:00:00Z\"]]");
        Http.Answer newest = http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Sensor:p?lastN=3", "NGSILD-Tenant",
                "paged");
        assertThat(newest.status()).as("lastN beyond the limit pages backwards").isEqualTo(206);
        assertThat(newest.header("Content-Range")).isEqualTo("date-time 2026-10-30T00:00:00Z-2026-11-20T00:00:00Z/*");
        assertThat(http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Sensor:p?lastN=2", "NGSILD-Tenant", "paged")
                .status()).isEqualTo(200);
        for (int asked = 0; asked < 2; asked++) {
            Http.Answer daily = http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:Sensor:p?attrs=v"
                    + "&options=aggregatedValues&aggrMethods=max&aggrPeriodDuration=P1D", "NGSILD-Tenant", "paged");
            assertThat(daily.status()).as("asked again, the answer kept").isEqualTo(206);
            // two of the three days with data
            assertThat(daily.header("Content-Range")).isEqualTo("date-time 2026-01-01T00:00:00Z-2026-10-31T00:00:00Z/*");
            assertThat(daily.json().get("v").get("max").toString()).isEqualTo("[[1.0,\"2026-01-01T00:00:00Z\","
                    + "\"2026-01-02T00:00:00Z\"],[2.0,\"2026-10-30T00:00:00Z\",\"2026-10-31T00:00:00Z\"]]");
        }
    }

    @Test
    void rulesAreReadStrictly() {
        assertThat(RetentionRule.parse("-=P1D", type -> type)).isEqualTo(new RetentionRule("", null,
                PeriodDuration.parse("P1D")));
        assertThat(RetentionRule.parse("gent:Parking=PT12H", type -> "https://x.org/" + type))
                .isEqualTo(new RetentionRule("gent", "https://x.org/Parking", PeriodDuration.parse("PT12H")));
        assertThat(RetentionRule.parse("gent=P2Y", type -> type).cutoff(Instant.parse("2026-11-23T00:00:00Z")))
                .isEqualTo(Instant.parse("2024-11-23T00:00:00Z"));
        assertThatThrownBy(() -> RetentionRule.parse("gent", t -> t)).hasMessageContaining("TENANT[:TYPE]=DURATION");
        assertThatThrownBy(() -> RetentionRule.parse("gent=1 year", t -> t)).hasMessageContaining("ISO 8601");
        assertThatThrownBy(() -> RetentionRule.parse("gent=P0D", t -> t)).hasMessageContaining("positive");
        assertThatThrownBy(() -> RetentionRule.parse("gent=-P1D", t -> t)).hasMessageContaining("positive");
        assertThatThrownBy(() -> RetentionRule.parse(":T=P1D", t -> t)).hasMessageContaining("names a tenant");
    }
}
