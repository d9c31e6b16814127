package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits per client: a token bucket per anonymous address and per key, bursts of twice the rate, then
 * 429 problem details with Retry-After. Failed authentications count against the address.
 */
class RateLimitTest {
    private static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        Settings settings = Settings.embedded(TestPlatform.temporaryDirectory(), 0).withAuth(true, ADMIN_KEY);
        // Slow refills, so that the bursts below are what counts however slow the machine is.
        platform = Platform.start(settings.withSecurity(settings.security().withRateLimits(0.05, 0.1)));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static List<Integer> statuses(int requests, String... headers) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(http.get("/ngsi-ld/v1/types", headers).status());
        }
        return statuses;
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfterWhileOthersGoOn() {
        // An anonymous bucket holds 1 (twice 0.05, at least one); a key's holds 1 too (twice 0.1 is below one).
        assertThat(statuses(1)).containsOnly(200);
        Http.Answer limited = http.get("/ngsi-ld/v1/types");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorType()).isEqualTo("TooManyRequests");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 20L);
        assertThat(http.get("/ngsi-ld/v1/types", "X-API-Key", "blf_0000_guess").status())
                .as("guessing keys counts against the address").isEqualTo(429);
        assertThat(http.get("/ngsi-ld/v1/types", "X-Forwarded-For", "203.0.113.9").status())
                .as("X-Forwarded-For from a client that is not a trusted proxy changes nothing").isEqualTo(429);

        assertThat(statuses(1, "X-API-Key", ADMIN_KEY)).as("a key has a bucket of its own").containsOnly(200);
        assertThat(statuses(2, "X-API-Key", ADMIN_KEY)).containsOnly(429);
        assertThat(http.get("/health").status()).as("health is never limited").isEqualTo(200);
    }
}
