package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers and request targets that cannot mean one thing are refused with problem details: a tenant name
 * that path-based routes cannot address, a tenant or credential header sent twice, an asterisk-form target.
 */
class RequestHeadersTest {
    private final int port = TestPlatform.shared().port();
    private final Http http = new Http(port);

    private static void assertProblem(Http.Answer answer, String type) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo(type);
    }

    @Test
    void tenantNamesThatPathsCannotAddressAreRefused() {
        for (String tenant : new String[] {"a/b", "gent/../antwerpen", "a..b", "..", "gent/"}) {
            assertProblem(http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:T:1\", \"type\": \"T\"}",
                    "NGSILD-Tenant", tenant), "BadRequestData");
        }
        for (String tenant : new String[] {"gent", "sint-niklaas", "city_2", "urn:city:gent", "v1.2"}) {
            Http.Answer answer = http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:T:tenant-name\", \"type\": \"T\"}",
                    "NGSILD-Tenant", tenant);
            assertThat(answer.status()).as(tenant + ": " + answer.body()).isIn(201, 409);
        }
    }

    @Test
    void aTenantOrKeyHeaderSentTwiceIsRefused() throws IOException {
        for (String header : new String[] {"NGSILD-Tenant", "X-API-Key"}) {
            try (RawHttp raw = new RawHttp(port)) {
                raw.send("GET /ngsi-ld/v1/entities?type=T HTTP/1.1\r\nHost: localhost\r\n" + header + ": first\r\n"
                        + header + ": second\r\n\r\n");
                RawHttp.Answer answer = raw.read();
                assertThat(answer.status()).as(answer.body()).isEqualTo(400);
                JsonNode problem = Http.JSON.readTree(answer.body());
                assertThat(problem.path("detail").asText()).contains(header);
            }
        }
    }

    @Test
    void anAsteriskFormTargetGetsProblemDetails() throws IOException {
        for (String method : new String[] {"GET", "OPTIONS", "POST"}) {
            try (RawHttp raw = new RawHttp(port)) {
                raw.send(method + " * HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
                RawHttp.Answer answer = raw.read();
                assertThat(answer.status()).as(answer.headers() + answer.body()).isBetween(400, 499);
                assertThat(answer.headers().toLowerCase()).contains("content-type: application/json");
                assertThat(Http.JSON.readTree(answer.body()).path("type").asText()).startsWith("https://uri.etsi.org/ngsi-ld/errors/");
            }
        }
    }
}
