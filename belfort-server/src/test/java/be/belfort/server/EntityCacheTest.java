package be.belfort.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrieval by id answers from memory on the embedded database, and always with the last acknowledged write;
 * with an external database the memory is off unless a size is given.
 */
class EntityCacheTest {
    private static final String TENANT = "NGSILD-Tenant";
    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = TestPlatform.shared();
        http = new Http(platform.port());
    }

    private static long cacheReads(String result) {
        return http.metric("belfort_entities_cache_reads_total{result=\"" + result + "\"}");
    }

    private static long spots(String id) {
        Http.Answer answer = http.get("/ngsi-ld/v1/entities/" + id, TENANT, "cache");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().path("availableSpotNumber").path("value").asLong();
    }

    @Test
    void everyReadAfterAnAcknowledgedWriteShowsIt() {
        String id = "urn:ngsi-ld:OffStreetParking:cache-1";
        assertThat(http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 0}}"""
                .formatted(id), TENANT, "cache").status()).isEqualTo(201);
        long hits = cacheReads("hit");
        for (int spots = 1; spots <= 20; spots++) {
            assertThat(http.patch("/ngsi-ld/v1/entities/" + id + "/attrs/availableSpotNumber",
                    "{\"value\": " + spots + "}", TENANT, "cache").status()).isEqualTo(204);
            assertThat(spots(id)).isEqualTo(spots);
            assertThat(spots(id)).isEqualTo(spots);
        }
        assertThat(cacheReads("hit")).as("the second read after each write came from memory").isGreaterThanOrEqualTo(hits + 20);

        assertThat(http.delete("/ngsi-ld/v1/entities/" + id, TENANT, "cache").status()).isEqualTo(204);
        assertThat(http.get("/ngsi-ld/v1/entities/" + id, TENANT, "cache").status()).isEqualTo(404);
    }

    @Test
    void everyKeptAnswerFormShowsTheLastAcknowledgedWrite() {
        String id = "urn:ngsi-ld:OffStreetParking:cache-forms";
        String path = "/ngsi-ld/v1/entities/" + id;
        Http.Answer hosted = http.post("/ngsi-ld/v1/jsonldContexts",
                "{\"@context\": {\"spots\": \"https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber\"}}");
        assertThat(hosted.status()).isEqualTo(201);
        String userContext = "<http://localhost:" + platform.port() + hosted.header("Location")
                + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"";
        assertThat(http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 0}}"""
                .formatted(id), TENANT, "cache").status()).isEqualTo(201);
        for (int spots = 1; spots <= 5; spots++) {
            assertThat(http.patch(path + "/attrs/availableSpotNumber", "{\"value\": " + spots + "}", TENANT, "cache")
                    .status()).isEqualTo(204);
            for (int read = 0; read < 3; read++) {
                Http.Answer json = http.get(path, TENANT, "cache");
                assertThat(json.raw().headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(json.raw().headers().firstValue("Link")).get().asString().contains("ngsi-ld-core-context");
                assertThat(json.json().has("@context")).isFalse();
                assertThat(json.json().path("availableSpotNumber").path("value").asLong()).isEqualTo(spots);

                Http.Answer jsonLd = http.get(path, TENANT, "cache", "Accept", "application/ld+json");
                // the bare media type, as NGSI-LD names it (no charset parameter)
                assertThat(jsonLd.raw().headers().firstValue("Content-Type")).hasValue("application/ld+json");
                assertThat(jsonLd.json().has("@context")).isTrue();
                assertThat(jsonLd.json().path("availableSpotNumber").path("value").asLong()).isEqualTo(spots);

                // compacted with the reuser's own context: its term for the attribute
                Http.Answer linked = http.get(path, TENANT, "cache", "Link", userContext);
                assertThat(linked.status()).isEqualTo(200);
                assertThat(linked.json().has("availableSpotNumber")).isFalse();
                assertThat(linked.json().path("spots").path("value").asLong()).isEqualTo(spots);
            }
        }
    }

    @Test
    void theMemoryIsOnWhereThisNodeMakesEveryChange() {
        Path data = Path.of("/tmp/unused");
        Settings embedded = Settings.embedded(data, 0);
        Settings external = embedded.with(copy -> copy.dbUrl = "jdbc:postgresql://db.internal:5432/belfort");

        assertThat(embedded.entityCacheBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 32);
        assertThat(embedded.historyCacheBytes()).as("a quarter of the heap").isEqualTo(Runtime.getRuntime().maxMemory() / 4);
        assertThat(embedded.with(copy -> copy.dbReadUrl = "jdbc:postgresql://replica:5432/belfort").historyCacheBytes())
                .as("a replica's lag would put old answers under new generations").isZero();
        assertThat(external.entityCacheBytes()).as("other nodes may write").isZero();
        assertThat(external.with(copy -> copy.entityCacheMb = 16).entityCacheBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(embedded.with(copy -> copy.entityCacheMb = 0).entityCacheBytes()).isZero();
    }

    @Test
    void aSecondNodeOnTheEmbeddedDatabaseTurnsTheMemoryOff() throws Exception {
        Platform first = TestPlatform.start(TestPlatform.temporaryDirectory());
        Http firstHttp = new Http(first.port());
        Matcher port = Pattern.compile("port (\\d+)").matcher(first.databaseDescription());
        assertThat(port.find()).as(first.databaseDescription()).isTrue();
        String id = "urn:ngsi-ld:OffStreetParking:cache-shared";
        assertThat(firstHttp.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "availableSpotNumber": {"type": "Property", "value": 1}}"""
                .formatted(id), TENANT, "cache").status()).isEqualTo(201);
        assertThat(firstHttp.get("/ngsi-ld/v1/entities/" + id, TENANT, "cache").status()).isEqualTo(200);
        assertThat(firstHttp.get("/metrics").body()).contains("belfort_entities_cache_rows 1.0");

        Settings second = TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(false, null)
                .with(copy -> {
                    copy.dbUrl = "jdbc:postgresql://localhost:" + port.group(1) + "/postgres";
                    copy.dbUser = "postgres";
                    copy.dbPassword = "";
                });
        try (Platform other = Platform.start(second)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!firstHttp.get("/metrics").body().contains("belfort_entities_cache_rows 0.0")
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(firstHttp.get("/metrics").body()).as("the first node forgot what it kept")
                    .contains("belfort_entities_cache_rows 0.0");

            assertThat(new Http(other.port()).patch("/ngsi-ld/v1/entities/" + id + "/attrs/availableSpotNumber",
                    "{\"value\": 7}", TENANT, "cache").status()).isEqualTo(204);
            assertThat(firstHttp.get("/ngsi-ld/v1/entities/" + id, TENANT, "cache").json()
                    .path("availableSpotNumber").path("value").asLong()).isEqualTo(7);
            assertThat(firstHttp.get("/metrics").body()).contains("belfort_entities_cache_rows 0.0");
        } finally {
            first.close();
        }
    }
}
