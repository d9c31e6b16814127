package be.belfort.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The demo's federated city: Brugge keeps its car parks in its own NGSI-LD broker (a second platform the demo
 * starts), and registers that broker with the region, so that the region answers for Brugge from the city's broker.
 */
public final class FederatedCity {
    public static final String TENANT = "brugge";
    static final String REGISTRATION_NAME = "Brugge city broker";
    private static final Logger LOG = LoggerFactory.getLogger(FederatedCity.class);
    /** The historic centre of Brugge, where its car parks are. */
    private static final String AREA = "{\"type\": \"Polygon\", \"coordinates\": [[[3.20,51.19],[3.25,51.19],"
            + "[3.25,51.22],[3.20,51.22],[3.20,51.19]]]}";
    private static final List<Places.CarPark> CAR_PARKS = List.of(
            new Places.CarPark(TENANT, "centrum-zand", "Parking Centrum-Zand", 3.2165, 51.2035, 1400),
            new Places.CarPark(TENANT, "pandreitje", "Parking Pandreitje", 3.2250, 51.2050, 400),
            new Places.CarPark(TENANT, "station", "Parking Station", 3.2170, 51.1960, 1500));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Writes Brugge's car parks to the city's broker and registers that broker with the region (replacing a
     * registration an earlier start left, whose key is no longer valid). Returns whether it all went well.
     *
     * @param regionAdminKey the region's admin key, null when the region runs without access control
     * @param cityAdminKey   the city broker's admin key, which the region sends it (contextSourceInfo)
     */
    public boolean join(URI region, String regionAdminKey, URI city, String cityAdminKey) {
        try {
            ArrayNode parks = Demo.JSON.createArrayNode();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (Places.CarPark park : CAR_PARKS) {
                int available = park.capacity() / 3;
                parks.add(new Payload("urn:ngsi-ld:OffStreetParking:" + TENANT + "-" + park.key(), "OffStreetParking")
                        .property("name", park.name())
                        .property("availableSpotNumber", available, now)
                        .property("totalSpotNumber", park.capacity())
                        .property("occupiedSpotNumber", park.capacity() - available, now)
                        .point(park.longitude(), park.latitude()).build());
            }
            send(city, cityAdminKey, "POST", "/ngsi-ld/v1/entityOperations/upsert", parks.toString());
            JsonNode earlier = Demo.JSON.readTree(send(region, regionAdminKey, "GET",
                    "/ngsi-ld/v1/csourceRegistrations?csf=" + URLEncoder.encode("registrationName==\""
                            + REGISTRATION_NAME + "\"", StandardCharsets.UTF_8).replace("+", "%20"), null));
            for (JsonNode registration : earlier) {
                send(region, regionAdminKey, "DELETE", "/ngsi-ld/v1/csourceRegistrations/"
                        + URLEncoder.encode(registration.get("id").asText(), StandardCharsets.UTF_8), null);
            }
            ObjectNode registration = (ObjectNode) Demo.JSON.readTree("""
                    {"type": "ContextSourceRegistration", "registrationName": "%s",
                     "description": "Brugge keeps its car parks in its own broker",
                     "information": [{"entities": [{"type": "OffStreetParking"}]}],
                     "operations": ["federationOps", "redirectionOps"], "location": %s}"""
                    .formatted(REGISTRATION_NAME, AREA));
            registration.put("endpoint", city.toString());
            if (cityAdminKey != null) {
                registration.putArray("contextSourceInfo").addObject().put("key", "X-API-Key").put("value", cityAdminKey);
            }
            send(region, regionAdminKey, "POST", "/ngsi-ld/v1/csourceRegistrations", registration.toString());
            send(region, regionAdminKey, "PUT", "/admin/datasets/" + TENANT + "/OffStreetParking", dataset().toString());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("The demo's federated city could not join the region: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Brugge's car parks as an open dataset of the region: declared in the region (which says who may read them and
     * describes them in its catalogue) while the data stays in the city's broker.
     */
    private static ObjectNode dataset() {
        ObjectNode dataset = DemoDatasets.of(TENANT).get("OffStreetParking");
        dataset.putObject("description")
                .put("nl", "Vrije en totale plaatsen van de parkeergarages van Brugge, realtime, uit de eigen broker"
                        + " van de stad.")
                .put("en", "Free and total spaces of Brugge's car parks, in real time, from the city's own broker.");
        return dataset;
    }

    private String send(URI base, String key, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("NGSILD-Tenant", TENANT).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
