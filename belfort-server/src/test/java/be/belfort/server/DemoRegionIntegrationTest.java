package be.belfort.server;

import be.belfort.datamodels.DataModels;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo feeder fills a real platform, through the public API, with valid Smart Data Models entities. */
class DemoRegionIntegrationTest {
    private static final Instant NOW = Instant.parse("2026-11-21T14:30:00Z");

    @Test
    void everyTenantGetsItsEntitiesWithTheValuesOfTheRegionAndValidShapes() throws InterruptedException {
        Platform platform = TestPlatform.shared();
        Http http = new Http(platform.port());
        DemoSettings settings = new DemoSettings(Duration.ofMillis(200), 100, 42, Clock.fixed(NOW, ZoneOffset.UTC));
        try (DemoFeeder feeder = new DemoFeeder(URI.create("http://127.0.0.1:" + platform.port()), settings).start()) {
            for (int i = 0; i < 300 && feeder.status().rounds() < 2; i++) {
                Thread.sleep(100);
            }
            assertThat(feeder.status().rounds()).isGreaterThanOrEqualTo(2);
            assertThat(feeder.status().failedRequests()).isZero();
        }

        DemoRegion region = new DemoRegion(42);
        DataModels schemas = DataModels.bundled();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (String tenant : DemoRegion.tenants()) {
            List<ObjectNode> expected = new ArrayList<>(region.liveEntities(tenant, NOW));
            expected.addAll(region.buildings(tenant));
            assertThat(expected).as(tenant).isNotEmpty();
            for (ObjectNode entity : expected) {
                if (tenant.equals("antwerpen") && entity.path("type").asText().equals("AirQualityObserved")) {
                    // Arrived as LoRaWAN uplinks: ingestion stamps every measure of a message with its time.
                    ((ObjectNode) entity.get("dateObserved")).set("observedAt", entity.get("no2").get("observedAt"));
                }
                Http.Answer answer = http.get("/ngsi-ld/v1/entities/" + entity.get("id").asText(), "NGSILD-Tenant", tenant);
                assertThat(answer.status()).as(entity.get("id").asText()).isEqualTo(200);
                JsonNode stored = answer.json();
                assertThat(stored).as(entity.get("id").asText()).isEqualTo(entity);
                schemas.problems((ObjectNode) stored).forEach(p -> problems.add(entity.get("id").asText() + ": " + p));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(40);
        assertThat(problems).isEmpty();

        JsonNode p1 = http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:gent-P1?options=keyValues",
                "NGSILD-Tenant", "gent").json();
        assertThat(p1.get("totalSpotNumber").asInt()).isEqualTo(647);
        assertThat(p1.get("availableSpotNumber").asInt()).isBetween(0, 647);

        // The cities' parking, air quality and buildings are open data; crowdedness is not.
        String catalog = http.get("/catalog", "Accept", "application/n-triples").body();
        for (String tenant : DemoRegion.tenants()) {
            for (String open : new String[] {"OffStreetParking", "AirQualityObserved", "Building"}) {
                assertThat(catalog).contains("/datasets/" + tenant + "/" + open + "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>");
            }
        }
        assertThat(catalog).doesNotContain("CrowdFlowObserved");
        assertThat(http.get("/datasets/gent/CrowdFlowObserved/latest.csv").status()).isEqualTo(404);
        assertThat(http.get("/datasets/gent/OffStreetParking/latest.csv").body()).contains("urn:ngsi-ld:OffStreetParking:gent-P1");

        // History grows: a later round adds an instance of each live attribute that changed.
        DemoSettings later = new DemoSettings(Duration.ofMillis(200), 100, 42,
                Clock.fixed(NOW.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        try (DemoFeeder feeder = new DemoFeeder(URI.create("http://127.0.0.1:" + platform.port()), later).start()) {
            for (int i = 0; i < 300 && feeder.status().rounds() < 1; i++) {
                Thread.sleep(100);
            }
        }
        JsonNode history = http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:AirQualityObserved:kampenhout-centrum"
                + "?attrs=no2", "NGSILD-Tenant", "kampenhout").json();
        assertThat(history.get("no2").size()).isGreaterThanOrEqualTo(2);
        JsonNode lorawan = http.get("/ngsi-ld/v1/temporal/entities/urn:ngsi-ld:AirQualityObserved:antwerpen-groenplaats"
                + "?attrs=no2", "NGSILD-Tenant", "antwerpen").json();
        assertThat(lorawan.get("no2").size()).as("through the LoRaWAN webhook too").isGreaterThanOrEqualTo(2);
        assertThat(http.get("/iot/devices/groenplaats", "fiware-service", "antwerpen").json().path("status")
                .path("accepted").asLong()).isGreaterThanOrEqualTo(2);
    }
}
