package be.belfort.server;

import be.belfort.demo.DemoDatex2Feed;
import be.belfort.demo.DemoFeeder;
import be.belfort.demo.DemoRegion;
import be.belfort.demo.DemoSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's simulated car parks of one city arrive through the platform's real DATEX II feed path: the demo serves
 * the publications, the feeder provisions the feed, the platform polls it and writes OffStreetParking entities.
 */
class DemoDatex2FeedTest {
    /** On a five-minute boundary: the status the demo publishes is the one of this time. */
    private static final Instant NOW = Instant.parse("2026-11-21T14:30:00Z");

    @Test
    void oneCitysCarParksArriveAsTheDatex2FeedTheDemoServes() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (Platform platform = TestPlatform.start(TestPlatform.temporaryDirectory());
             DemoDatex2Feed feed = DemoDatex2Feed.serve(42, clock);
             DemoFeeder feeder = new DemoFeeder(URI.create("http://127.0.0.1:" + platform.port()),
                     new DemoSettings(Duration.ofMillis(200), 100, 42, clock)).withDatex2Feed(feed).start()) {
            Http http = new Http(platform.port());
            List<ObjectNode> expected = new DemoRegion(42).liveEntities("kortrijk", NOW).stream()
                    .filter(entity -> entity.path("type").asText().equals("OffStreetParking")).toList();
            assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
            for (ObjectNode entity : expected) {
                String id = entity.path("id").asText();
                JsonNode stored = await(http, "/ngsi-ld/v1/entities/" + id);
                assertThat(stored.path("availableSpotNumber").path("value").asInt()).as(id)
                        .isEqualTo(entity.path("availableSpotNumber").path("value").asInt());
                assertThat(stored.path("availableSpotNumber").path("observedAt").asText()).isEqualTo(NOW.toString());
                assertThat(stored.path("totalSpotNumber").path("value").asInt()).as("from the table")
                        .isEqualTo(entity.path("totalSpotNumber").path("value").asInt());
                assertThat(stored.path("name").path("value").asText()).isEqualTo(entity.path("name").path("value").asText());
                assertThat(stored.path("location").path("value").path("coordinates"))
                        .isEqualTo(entity.path("location").path("value").path("coordinates"));
            }
            JsonNode device = http.get("/iot/devices/" + DemoDatex2Feed.DEVICE, "fiware-service", "kortrijk").json();
            assertThat(device.path("status").path("accepted").asLong()).isEqualTo(expected.size());
            assertThat(device.path("status").path("refused").asLong()).isZero();
            assertThat(feed.requests()[0]).as("the table and the status, fetched whole").isEqualTo(2);
            assertThat(feeder.status().entitiesByTenantAndType().get("kortrijk").get("OffStreetParking"))
                    .isEqualTo(expected.size());
        }
    }

    private static JsonNode await(Http http, String path) throws InterruptedException {
        return http.await(path, body -> body.has("name"), "NGSILD-Tenant", "kortrijk");
    }
}
