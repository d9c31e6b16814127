package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed-in person's console requests count against the rate limit of the key they signed in with, the
 * bucket its API calls take from too, not against the anonymous limit of their address.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleRateLimitTest {
    private static final String ADMIN_KEY = "test-admin-key-console-limits";
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        Settings settings = Settings.embedded(TestPlatform.temporaryDirectory(), 0).withAuth(true, ADMIN_KEY);
        // An address may make two requests at once (signing in takes both); a key one, refilled only after 10 s.
        platform = Platform.start(settings.withSecurity(settings.security().withRateLimits(1, 0.1)));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    @Order(1)
    void aSignedInPersonIsLimitedAsTheirKeyNotAsAnAnonymousAddress() {
        ConsoleSession browser = new ConsoleSession(platform.port());
        HttpResponse<String> signedIn = browser.signIn(ADMIN_KEY, "/console");
        assertThat(signedIn.statusCode()).as("the sign-in page and its post: the address's two requests").isEqualTo(303);

        assertThat(browser.get("/console").statusCode()).as("the key's one request").isEqualTo(200);
        assertThat(http.get("/ngsi-ld/v1/types", "X-API-Key", ADMIN_KEY).status())
                .as("the console's request came out of the key's bucket").isEqualTo(429);
        HttpResponse<String> limited = browser.get("/console");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
    }

    @Test
    @Order(2)
    void withoutASessionTheConsoleCountsAgainstTheAddressAsTheApiDoes() {
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            if (new ConsoleSession(platform.port()).get("/console/sign-in").statusCode() == 429) {
                refused++;
            }
        }
        assertThat(refused).as("twenty requests at once from one address, at one a second").isPositive();
    }
}
