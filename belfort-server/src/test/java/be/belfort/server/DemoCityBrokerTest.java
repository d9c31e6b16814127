package be.belfort.server;

import be.belfort.demo.FederatedCity;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's federated city: Brugge's car parks live in a second platform that the region answers from. */
class DemoCityBrokerTest {
    @Test
    void theRegionAnswersForBruggeFromTheCitysOwnBroker() {
        try (Platform region = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withAuth(true, null).withPrivateOutbound(true));
             Platform city = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                     .withAuth(true, null))) {
            URI regionUri = URI.create("http://127.0.0.1:" + region.port());
            URI cityUri = URI.create("http://127.0.0.1:" + city.port());
            assertThat(new FederatedCity().join(regionUri, region.adminKey(), cityUri, city.adminKey())).isTrue();
            assertThat(new FederatedCity().join(regionUri, region.adminKey(), cityUri, city.adminKey()))
                    .as("a restart of the demo joins again").isTrue();

            Http http = new Http(region.port());
            String[] asAdmin = {"X-API-Key", region.adminKey(), "NGSILD-Tenant", FederatedCity.TENANT};
            assertThat(http.get("/ngsi-ld/v1/csourceRegistrations", asAdmin).json())
                    .as("the registration an earlier start left is replaced").hasSize(1);
            Http.Answer parks = http.get("/ngsi-ld/v1/entities?type=OffStreetParking&options=keyValues", asAdmin);
            assertThat(parks.status()).as(parks.body()).isEqualTo(200);
            assertThat(parks.header("Warning")).isNull();
            assertThat(parks.json()).extracting(park -> park.get("name").asText())
                    .contains("Parking Centrum-Zand", "Parking Station").hasSize(3);
            assertThat(http.get("/ngsi-ld/v1/entities?type=OffStreetParking&local=true", asAdmin).status())
                    .as("nothing of Brugge is kept in the region: the tenant is the city's alone").isEqualTo(404);
            JsonNode near = http.get("/ngsi-ld/v1/entities?type=OffStreetParking&georel=near;maxDistance==500"
                    + "&geometry=Point&coordinates=%5B3.2170,51.1960%5D&options=keyValues", asAdmin).json();
            assertThat(near).singleElement().satisfies(park ->
                    assertThat(park.get("name").asText()).isEqualTo("Parking Station"));
        }
    }
}
