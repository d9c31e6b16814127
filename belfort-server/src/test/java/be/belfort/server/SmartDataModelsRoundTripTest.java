package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Smart Data Models OffStreetParking examples go in and come out unchanged in every
 * representation. Their @context (dataModel.Parking) is hosted on the platform, because its public
 * URL cannot be reached from here; the terms expand exactly as under the published context.
 */
class SmartDataModelsRoundTripTest {
    private static final String TENANT = "sdm-roundtrip";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static String contextUrl;

    @BeforeAll
    static void hostTheParkingContext() throws IOException {
        JsonNode context = resource("dataModel.Parking.context.jsonld");
        Http.Answer hosted = HTTP.post("/ngsi-ld/v1/jsonldContexts", context.toString());
        assertThat(hosted.status()).isEqualTo(201);
        contextUrl = "http://localhost:" + TestPlatform.shared().port() + hosted.header("Location");
    }

    @Test
    void theNormalizedExampleRoundTripsInNormalizedForm() throws IOException {
        ObjectNode example = withHostedContext(resource("example-normalized.jsonld"), "normalized-1");
        assertThat(HTTP.post("/ngsi-ld/v1/entities", example.toString(), "Content-Type", "application/ld+json",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);

        Http.Answer read = HTTP.get("/ngsi-ld/v1/entities/" + example.get("id").asText(), "Link", link(),
                "Accept", "application/ld+json", "NGSILD-Tenant", TENANT);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("@context").asText()).isEqualTo(contextUrl);
        assertThat(withoutContext(read.json())).isEqualTo(withoutContext(example));
    }

    @Test
    void theNormalizedExampleStoresSmartDataModelIris() throws IOException {
        ObjectNode example = withHostedContext(resource("example-normalized.jsonld"), "normalized-2");
        HTTP.post("/ngsi-ld/v1/entities", example.toString(), "Content-Type", "application/ld+json",
                "NGSILD-Tenant", TENANT);

        JsonNode coreView = HTTP.get("/ngsi-ld/v1/entities/" + example.get("id").asText(),
                "NGSILD-Tenant", TENANT).json();

        assertThat(coreView.get("type").asText()).isEqualTo("https://smartdatamodels.org/dataModel.Parking/OffStreetParking");
        assertThat(coreView.has("https://smartdatamodels.org/dataModel.Parking/availableSpotNumber")).isTrue();
        assertThat(coreView.has("location")).isTrue();
    }

    @Test
    void theKeyValuesExampleRoundTripsInKeyValuesAndConciseForms() throws IOException {
        ObjectNode example = withHostedContext(resource("example.jsonld"), "keyvalues-1");
        assertThat(HTTP.post("/ngsi-ld/v1/entities", example.toString(), "Content-Type", "application/ld+json",
                "NGSILD-Tenant", TENANT).status()).isEqualTo(201);
        String path = "/ngsi-ld/v1/entities/" + example.get("id").asText();

        JsonNode keyValues = HTTP.get(path + "?options=keyValues", "Link", link(), "NGSILD-Tenant", TENANT).json();
        JsonNode concise = HTTP.get(path + "?format=concise", "Link", link(), "NGSILD-Tenant", TENANT).json();

        assertThat(keyValues).isEqualTo(withoutContext(example));
        assertThat(concise).isEqualTo(withoutContext(example));
    }

    @Test
    void theConciseFormOfTheNormalizedExampleReadsBackToTheSameEntity() throws IOException {
        ObjectNode example = withHostedContext(resource("example-normalized.jsonld"), "concise-1");
        HTTP.post("/ngsi-ld/v1/entities", example.toString(), "Content-Type", "application/ld+json",
                "NGSILD-Tenant", TENANT);
        String id = example.get("id").asText();
        JsonNode concise = HTTP.get("/ngsi-ld/v1/entities/" + id + "?options=concise", "Link", link(),
                "NGSILD-Tenant", TENANT).json();
        assertThat(concise.get("availableSpotNumber")).isEqualTo(
                Http.JSON.createObjectNode().put("value", 132).put("observedAt", "2018-09-21T12:00:00Z"));

        ObjectNode copy = ((ObjectNode) concise).deepCopy();
        copy.put("id", id + "-copy");
        assertThat(HTTP.post("/ngsi-ld/v1/entities", copy.toString(), "Link", link(), "NGSILD-Tenant", TENANT)
                .status()).isEqualTo(201);
        JsonNode normalizedCopy = HTTP.get("/ngsi-ld/v1/entities/" + id + "-copy", "Link", link(),
                "NGSILD-Tenant", TENANT).json();

        ObjectNode expected = (ObjectNode) withoutContext(example);
        expected.put("id", id + "-copy");
        assertThat(normalizedCopy).isEqualTo(expected);
    }

    private static ObjectNode withHostedContext(JsonNode example, String idSuffix) {
        ObjectNode copy = (ObjectNode) example.deepCopy();
        copy.put("id", example.get("id").asText() + "-" + idSuffix);
        copy.putArray("@context").add(contextUrl);
        return copy;
    }

    private static JsonNode withoutContext(JsonNode entity) {
        ObjectNode copy = (ObjectNode) entity.deepCopy();
        copy.remove("@context");
        return copy;
    }

    private static String link() {
        return "<" + contextUrl + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = SmartDataModelsRoundTripTest.class.getResourceAsStream("/OffStreetParking/" + name)) {
            return Http.JSON.readTree(in);
        }
    }
}
