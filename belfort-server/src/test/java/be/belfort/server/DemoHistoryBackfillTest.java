package be.belfort.server;

import be.belfort.demo.DemoFeeder;
import be.belfort.demo.DemoRegion;
import be.belfort.demo.DemoSettings;
import be.belfort.demo.HistoryBackfill;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's simulated past, written through the public temporal API once, on its first start. */
class DemoHistoryBackfillTest {
    private static Platform platform;
    private static Http http;
    private static URI base;

    @BeforeAll
    static void startWithTheDemoRegion() throws InterruptedException {
        platform = TestPlatform.start(TestPlatform.temporaryDirectory());
        base = URI.create("http://localhost:" + platform.port());
        http = new Http(platform.port());
        try (DemoFeeder feeder = new DemoFeeder(base, new DemoSettings(Duration.ofMillis(200), 200, 42,
                Clock.systemUTC())).start()) {
            for (int i = 0; i < 600 && feeder.status().rounds() < 1; i++) {
                Thread.sleep(100);
            }
            assertThat(feeder.status().rounds()).isPositive();
        }
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theSensorsGetTheirPastOnceWithDailyPatternsAndTheCurrentValuesStay() throws InterruptedException {
        String carPark = "urn:ngsi-ld:OffStreetParking:gent-P1";
        JsonNode before = http.get("/ngsi-ld/v1/entities/" + carPark + "?options=keyValues", "NGSILD-Tenant", "gent").json();
        Instant now = Instant.now();
        HistoryBackfill backfill = new HistoryBackfill(base, new DemoRegion(42), null, Duration.ofDays(3),
                Duration.ofHours(1));
        HistoryBackfill.Outcome outcome = backfill.run(now);
        assertThat(outcome.skipped()).isFalse();
        assertThat(outcome.failures()).isZero();
        assertThat(outcome.values()).isGreaterThan(1000);

        Instant dayAgo = now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        Http.Answer history = http.get("/ngsi-ld/v1/temporal/entities/" + carPark + "?attrs=availableSpotNumber"
                + "&timerel=between&timeAt=" + dayAgo.minus(Duration.ofDays(1)) + "&endTimeAt=" + dayAgo
                + "&options=temporalValues", "NGSILD-Tenant", "gent");
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        JsonNode values = history.json().path("availableSpotNumber").path("values");
        assertThat(values.size()).isBetween(23, 25);
        // The day has a shape: a car park is fuller by day than at night.
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        values.forEach(value -> distinct.add(value.get(0).asLong()));
        assertThat(distinct.size()).isGreaterThan(5);
        // Only the history grew: the car park's current state is the feeder's.
        JsonNode after = http.get("/ngsi-ld/v1/entities/" + carPark + "?options=keyValues", "NGSILD-Tenant", "gent").json();
        assertThat(after.path("availableSpotNumber")).isEqualTo(before.path("availableSpotNumber"));

        assertThat(backfill.run(Instant.now()).skipped()).isTrue();
    }
}
