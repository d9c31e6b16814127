package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side request forgery: the platform does not call loopback, private, link-local or metadata
 * addresses for notification endpoints or remote @contexts unless the operator allows private ones.
 */
class OutboundTest {
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(false, null));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static Http.Answer subscribe(String uri) {
        return http.post("/ngsi-ld/v1/subscriptions", """
                {"type": "Subscription", "entities": [{"type": "Sensor"}], "notification": {"endpoint": {"uri": "%s"}}}"""
                .formatted(uri));
    }

    @Test
    void notificationEndpointsMayNotPointInside() {
        for (String uri : new String[] {"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/x",
                "http://localhost/x", "http://10.1.2.3/x", "http://192.168.1.1/x", "http://[::1]/x",
                "http://[fe80::1]/x", "http://0.0.0.0/x", "mqtt://127.0.0.1:1883/topic", "http://[::ffff:127.0.0.1]/x"}) {
            Http.Answer refused = subscribe(uri);
            assertThat(refused.status()).as(uri).isEqualTo(400);
            assertThat(refused.body()).as(uri).contains("may not be used");
        }
        assertThat(subscribe("http://receiver.example.invalid/notify").status())
                .as("a name that resolves nowhere cannot reach inside either").isEqualTo(201);
    }

    @Test
    void remoteContextsMayNotPointInside() {
        Http.Answer refused = http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Sensor:1\", \"type\": \"Sensor\"}",
                "Link", "<http://127.0.0.1:9/context.jsonld>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        // The client named a URL the platform may not fetch: its request is at fault, nothing is unavailable.
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorType()).isEqualTo("BadRequestData");
        assertThat(refused.body()).contains("may not be fetched");
        Http.Answer metadata = http.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Sensor:1\", \"type\": \"Sensor\"}",
                "Link", "<http://169.254.169.254/latest/meta-data/>; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
        assertThat(metadata.status()).isEqualTo(400);
        assertThat(metadata.body()).contains("link-local");
    }
}
