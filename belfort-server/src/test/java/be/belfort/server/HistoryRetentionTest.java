package be.belfort.server;

import be.belfort.temporal.RetentionRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retention rules remove expired history per tenant and per entity type, and nothing else. */
class HistoryRetentionTest {
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = Platform.start(be.belfort.server.Settings.embedded(TestPlatform.temporaryDirectory(), 0)
                .withRetention(List.of("city:AirQualityObserved=P30D", "town=P365D")));
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

    private static int instances(String tenant, String id) {
        return http.get("/ngsi-ld/v1/temporal/entities/" + id, "NGSILD-Tenant", tenant).json().path("v").size();
    }

    @Test
    void expiredInstancesGoByTenantAndType() {
        record("city", "urn:ngsi-ld:AirQualityObserved:a", "AirQualityObserved");
        record("city", "urn:ngsi-ld:OffStreetParking:a", "OffStreetParking");
        record("town", "urn:ngsi-ld:AirQualityObserved:b", "AirQualityObserved");
        record("village", "urn:ngsi-ld:AirQualityObserved:c", "AirQualityObserved");

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
    void rulesAreReadStrictly() {
        assertThat(RetentionRule.parse("-=P1D", type -> type)).isEqualTo(new RetentionRule("", null, Duration.ofDays(1)));
        assertThat(RetentionRule.parse("gent:Parking=PT12H", type -> "https://x.org/" + type))
                .isEqualTo(new RetentionRule("gent", "https://x.org/Parking", Duration.ofHours(12)));
        assertThatThrownBy(() -> RetentionRule.parse("gent", t -> t)).hasMessageContaining("TENANT[:TYPE]=DURATION");
        assertThatThrownBy(() -> RetentionRule.parse("gent=1 year", t -> t)).hasMessageContaining("ISO 8601");
        assertThatThrownBy(() -> RetentionRule.parse("gent=-P1D", t -> t)).hasMessageContaining("positive");
        assertThatThrownBy(() -> RetentionRule.parse(":T=P1D", t -> t)).hasMessageContaining("names a tenant");
    }
}
