package be.belfort.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParkingPayloadsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void entitiesAreNormalizedOffStreetParkingsInsideFlanders() throws Exception {
        JsonNode batch = new ObjectMapper().readTree(new ParkingPayloads(7, "t-").batch(0, 50, NOW));
        assertThat(batch).hasSize(50);
        for (JsonNode entity : batch) {
            assertThat(entity.path("type").asText()).isEqualTo("OffStreetParking");
            assertThat(entity.path("id").asText()).startsWith("urn:ngsi-ld:OffStreetParking:t-");
            assertThat(entity.path("availableSpotNumber").path("observedAt").asText()).isEqualTo(NOW.toString());
            int available = entity.path("availableSpotNumber").path("value").asInt();
            assertThat(available).isBetween(0, entity.path("totalSpotNumber").path("value").asInt());
            JsonNode coordinates = entity.path("location").path("value").path("coordinates");
            assertThat(coordinates.get(0).asDouble()).isBetween(ParkingPayloads.MIN_LON, ParkingPayloads.MAX_LON);
            assertThat(coordinates.get(1).asDouble()).isBetween(ParkingPayloads.MIN_LAT, ParkingPayloads.MAX_LAT);
        }
    }

    @Test
    void theSameSeedGivesTheSameEntitiesAndAnotherSeedOthers() {
        assertThat(new ParkingPayloads(7, "a").batch(0, 10, NOW)).isEqualTo(new ParkingPayloads(7, "a").batch(0, 10, NOW));
        assertThat(new ParkingPayloads(8, "a").batch(0, 10, NOW)).isNotEqualTo(new ParkingPayloads(7, "a").batch(0, 10, NOW));
    }

    @Test
    void durationsReadShortAndIsoForms() {
        assertThat(Durations.parse("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> Durations.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
