package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background jobs keep their units apart: a dataset whose event-stream members cannot be rendered (a stored
 * value nested deeper than anything can read back, put there through SQL since the API refuses it) does not
 * stop the pages of any other dataset, in another tenant, from closing; its failure is counted.
 */
class BackgroundIsolationTest {
    private static final String POISONED = "iso-a-poisoned";
    private static final String HEALTHY = "iso-b-healthy";

    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() throws SQLException {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withEventStreams(2, Duration.ofMillis(200)).withAuth(false, null));
        http = new Http(platform.port());
        writeChanges(POISONED);
        poison(POISONED, "urn:ngsi-ld:Sensor:0");
        // The poisoned dataset is declared first, so the page closer meets it before the healthy one.
        open(POISONED);
        writeChanges(HEALTHY);
        open(HEALTHY);
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static void writeChanges(String tenant) {
        for (int i = 0; i < 2; i++) {
            Http.Answer created = http.post("/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:Sensor:%d", "type": "Sensor", "count": {"type": "Property", "value": 0}}"""
                    .formatted(i), "NGSILD-Tenant", tenant);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            for (int round = 1; round <= 2; round++) {
                Http.Answer patched = http.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:" + i + "/attrs",
                        "{\"count\": {\"type\": \"Property\", \"value\": " + round + "}}", "NGSILD-Tenant", tenant);
                assertThat(patched.status()).as(patched.body()).isEqualTo(204);
            }
        }
    }

    /** Replaces an entity's history values with one nested 2,000 levels deep. */
    private static void poison(String tenant, String entityId) throws SQLException {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        try (Connection connection = platform.dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("""
                     UPDATE attribute_instances SET instance = jsonb_set(instance, '{value}', ?::jsonb)
                     WHERE tenant = ? AND entity_id = ?""")) {
            update.setString(1, deep);
            update.setString(2, tenant);
            update.setString(3, entityId);
            assertThat(update.executeUpdate()).isPositive();
        }
    }

    private static void open(String tenant) {
        assertThat(http.put("/admin/datasets/" + tenant + "/Sensor", "{\"accessLevel\": \"open\", "
                + OpenDataTest.METADATA + "}").status()).isIn(200, 201);
    }

    private static boolean isClosed(String tenant, int page) {
        Http.Answer answer = http.get("/datasets/" + tenant + "/Sensor/ldes/pages/" + page);
        return answer.status() == 200 && answer.header("Cache-Control").contains("immutable");
    }

    @Test
    void aDatasetThatCannotBeRenderedDoesNotStopThePagesOfAnotherTenant() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !isClosed(HEALTHY, 2)) {
            Thread.sleep(200);
        }
        assertThat(isClosed(HEALTHY, 2)).as("the healthy tenant's pages were closed").isTrue();
        assertThat(isClosed(POISONED, 0)).as("the poisoned stream's first page cannot close").isFalse();

        String metrics = http.get("/metrics").body();
        Matcher failures = Pattern.compile("belfort_background_failures_total\\{job=\"close event stream pages\"} (\\S+)")
                .matcher(metrics);
        assertThat(failures.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(failures.group(1))).isPositive();
        assertThat(metrics).contains("belfort_background_failing_units{job=\"close event stream pages\"} 1.0");
    }
}
