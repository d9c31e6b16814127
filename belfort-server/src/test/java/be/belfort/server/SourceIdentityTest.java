package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Context source identity (ETSI GS CIM 009 v1.8.1, {@code GET /info/sourceIdentity}): a ContextSourceIdentity
 * with the broker's id, its alias, uptime (ISO 8601 duration), current time and extras, as JSON or JSON-LD.
 */
class SourceIdentityTest {
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @Test
    void theBrokerTellsWhoItIs() {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/info/sourceIdentity");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode identity = answer.json();
        assertThat(identity.get("id").asText()).matches("urn:ngsi-ld:ContextSource:[0-9a-f-]{36}");
        assertThat(identity.get("type").asText()).isEqualTo("ContextSourceIdentity");
        assertThat(identity.get("contextSourceAlias").asText()).startsWith("http://localhost:");
        assertThat(Duration.parse(identity.get("contextSourceUptime").asText()).isNegative()).isFalse();
        Instant timeAt = Instant.parse(identity.get("contextSourceTimeAt").asText());
        assertThat(Duration.between(timeAt, Instant.now()).abs()).isLessThan(Duration.ofSeconds(30));
        assertThat(identity.get("contextSourceTimeAt").asText()).endsWith("Z");
        assertThat(identity.get("contextSourceExtras").isObject()).isTrue();
        assertThat(HTTP.get("/ngsi-ld/v1/info/sourceIdentity").json().get("id")).as("the same id every time")
                .isEqualTo(identity.get("id"));
    }

    @Test
    void asJsonLdTheContextIsInTheBodyAndOtherMediaTypesAreNotAcceptable() {
        Http.Answer jsonLd = HTTP.get("/ngsi-ld/v1/info/sourceIdentity", "Accept", "application/ld+json");
        assertThat(jsonLd.status()).isEqualTo(200);
        assertThat(jsonLd.header("Content-Type")).startsWith("application/ld+json");
        assertThat(jsonLd.json().has("@context")).isTrue();
        assertThat(jsonLd.json().get("type").asText()).isEqualTo("ContextSourceIdentity");
        Http.Answer html = HTTP.get("/ngsi-ld/v1/info/sourceIdentity", "Accept", "text/html");
        assertThat(html.status()).isEqualTo(406);
    }

    @Test
    void theIdSurvivesARestartAndDiffersBetweenInstallations() {
        Path data = TestPlatform.temporaryDirectory();
        String first;
        try (Platform platform = TestPlatform.start(data)) {
            first = new Http(platform.port()).get("/ngsi-ld/v1/info/sourceIdentity").json().get("id").asText();
        }
        try (Platform restarted = TestPlatform.start(data)) {
            assertThat(new Http(restarted.port()).get("/ngsi-ld/v1/info/sourceIdentity").json().get("id").asText())
                    .isEqualTo(first);
        }
        assertThat(HTTP.get("/ngsi-ld/v1/info/sourceIdentity").json().get("id").asText()).isNotEqualTo(first);
    }
}
