package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosted @contexts (ETSI GS CIM 009 v1.8, clause 5.13, {@code /jsonldContexts}) belong to the tenant that added them
 * ({@code NGSILD-Tenant}): listed, described and deleted there only. Fetched without any tenant, as JSON-LD
 * processors fetch a @context URL, a hosted context is served, so that its URL works in a Link header.
 */
class ContextTenancyTest {
    private static final String CONTEXTS = "/ngsi-ld/v1/jsonldContexts";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @Test
    void aHostedContextBelongsToItsTenant() {
        Http.Answer hosted = HTTP.post(CONTEXTS, "{\"@context\": {\"plekken\": \"https://example.org/ns/spots\"}}",
                "Content-Type", "application/json", "NGSILD-Tenant", "ctx-city");
        assertThat(hosted.status()).as(hosted.body()).isEqualTo(201);
        String location = hosted.header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        JsonNode own = HTTP.get(CONTEXTS + "?kind=Hosted", "NGSILD-Tenant", "ctx-city").json();
        assertThat(own).extracting(JsonNode::asText).anyMatch(url -> url.endsWith("/" + id));
        JsonNode other = HTTP.get(CONTEXTS + "?kind=Hosted", "NGSILD-Tenant", "ctx-other").json();
        assertThat(other).extracting(JsonNode::asText).noneMatch(url -> url.endsWith("/" + id));
        JsonNode defaultTenant = HTTP.get(CONTEXTS + "?kind=Hosted").json();
        assertThat(defaultTenant).extracting(JsonNode::asText).noneMatch(url -> url.endsWith("/" + id));

        assertThat(HTTP.get(CONTEXTS + "/" + id, "NGSILD-Tenant", "ctx-other").status()).isEqualTo(404);
        assertThat(HTTP.get(CONTEXTS + "/" + id + "?details=true", "NGSILD-Tenant", "ctx-other").status()).isEqualTo(404);
        assertThat(HTTP.get(CONTEXTS + "/" + id, "NGSILD-Tenant", "ctx-city").status()).isEqualTo(200);
        Http.Answer processor = HTTP.get(CONTEXTS + "/" + id);
        assertThat(processor.status()).as("fetched without a tenant").isEqualTo(200);
        assertThat(processor.json().at("/@context/plekken").asText()).isEqualTo("https://example.org/ns/spots");

        // the tenant's entities use it through a Link header
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Parking:ctx-1\", \"type\": \"Parking\","
                + " \"plekken\": {\"type\": \"Property\", \"value\": 4}}", "Content-Type", "application/json",
                "NGSILD-Tenant", "ctx-city", "Link", "<http://localhost:" + TestPlatform.shared().port() + CONTEXTS + "/"
                        + id + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode expanded = HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Parking:ctx-1", "NGSILD-Tenant", "ctx-city").json();
        assertThat(expanded.has("https://example.org/ns/spots")).isTrue();

        assertThat(HTTP.delete(CONTEXTS + "/" + id, "NGSILD-Tenant", "ctx-other").status())
                .as("another tenant cannot delete it").isEqualTo(404);
        assertThat(HTTP.delete(CONTEXTS + "/" + id, "NGSILD-Tenant", "ctx-city").status()).isEqualTo(204);
        assertThat(HTTP.get(CONTEXTS + "/" + id).status()).isEqualTo(404);
    }
}
