package be.belfort.server;

import be.belfort.api.RequestReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payloads may nest objects and arrays {@link RequestReader#MAX_DEPTH} levels deep and no deeper, and the
 * deepest value a payload can carry is served by every read, query and open-data representation: nothing
 * accepted can fail later.
 */
class JsonDepthTest {
    private static final String TENANT = "json-depth";
    private static final String ID = "urn:ngsi-ld:Deep:1";
    private static final String LOCATION = "\"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\","
            + " \"coordinates\": [3.72, 51.05]}}";

    private static Platform platform;
    private static Http http;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withEventStreams(1, Duration.ofMillis(200)).withAuth(false, null));
        http = new Http(platform.port());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    /** A value of objects and arrays nested {@code depth} levels deep, with a number at the bottom. */
    static String nested(int depth) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            open.append(level % 2 == 0 ? "{\"a\": " : "[");
            close.insert(0, level % 2 == 0 ? "}" : "]");
        }
        return open + "1" + close;
    }

    private static Http.Answer create(String id, int valueDepth) {
        // The entity and its attribute are two levels; the value is the rest.
        return http.post("/ngsi-ld/v1/entities", "{\"id\": \"" + id + "\", \"type\": \"Deep\", " + LOCATION
                + ", \"deep\": {\"type\": \"Property\", \"value\": " + nested(valueDepth) + "}}", "NGSILD-Tenant", TENANT);
    }

    @Test
    void aPayloadDeeperThanTheLimitIsBadRequestData() {
        for (int valueDepth : new int[] {RequestReader.MAX_DEPTH - 1, 998, 5000}) {
            Http.Answer answer = create("urn:ngsi-ld:Deep:refused", valueDepth);
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.errorType()).isEqualTo("BadRequestData");
            assertThat(answer.json().path("detail").asText()).contains(Integer.toString(RequestReader.MAX_DEPTH));
        }
        assertThat(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Deep:refused", "NGSILD-Tenant", TENANT).status())
                .isEqualTo(404);
    }

    @Test
    void theDeepestAcceptedValueIsServedEverywhere() throws InterruptedException {
        assertThat(create(ID, RequestReader.MAX_DEPTH - 2).status()).isEqualTo(201);
        // Alone in its payload, an attribute is one level; its value may be one deeper than in an entity.
        Http.Answer patched = http.patch("/ngsi-ld/v1/entities/" + ID + "/attrs/deep",
                "{\"type\": \"Property\", \"value\": " + nested(RequestReader.MAX_DEPTH - 1) + "}", "NGSILD-Tenant", TENANT);
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        Http.Answer appended = http.post("/ngsi-ld/v1/entities/" + ID + "/attrs",
                "{\"deeper\": " + nested(RequestReader.MAX_DEPTH - 1) + "}", "NGSILD-Tenant", TENANT);
        assertThat(appended.status()).as(appended.body()).isIn(204, 207, 400);

        for (String path : new String[] {
                "/ngsi-ld/v1/entities/" + ID,
                "/ngsi-ld/v1/entities/" + ID + "?options=keyValues",
                "/ngsi-ld/v1/entities?type=Deep",
                "/ngsi-ld/v1/entities?type=Deep&q=deep",
                "/ngsi-ld/v1/entities?type=Deep&options=keyValues",
                "/ngsi-ld/v1/temporal/entities/" + ID,
                "/ngsi-ld/v1/temporal/entities?type=Deep",
                "/ngsi-ld/v1/types?details=true",
                "/ngsi-ld/v1/attributes?details=true"}) {
            for (String accept : new String[] {"application/json", "application/ld+json", "application/geo+json"}) {
                Http.Answer answer = http.get(path, "NGSILD-Tenant", TENANT, "Accept", accept);
                // 406: that representation is not offered there (GeoJSON of one entity, of history).
                assertThat(answer.status()).as(path + " as " + accept + ": " + answer.body()).isIn(200, 406);
            }
        }
        for (String accept : new String[] {"application/json", "application/ld+json"}) {
            assertThat(http.get("/ngsi-ld/v1/entities/" + ID, "NGSILD-Tenant", TENANT, "Accept", accept).status())
                    .isEqualTo(200);
            assertThat(http.get("/ngsi-ld/v1/temporal/entities/" + ID, "NGSILD-Tenant", TENANT, "Accept", accept).status())
                    .isEqualTo(200);
        }
        Http.Answer geoJson = http.get("/ngsi-ld/v1/entities?type=Deep", "NGSILD-Tenant", TENANT,
                "Accept", "application/geo+json");
        assertThat(geoJson.status()).isEqualTo(200);
        assertThat(geoJson.body()).contains(ID);

        assertThat(http.put("/admin/datasets/" + TENANT + "/Deep", "{\"accessLevel\": \"open\", "
                + OpenDataTest.METADATA + "}").status()).isIn(200, 201);
        for (String path : new String[] {"/datasets/" + TENANT + "/Deep/latest.geojson",
                "/datasets/" + TENANT + "/Deep/latest.csv", "/datasets/" + TENANT + "/Deep/ldes"}) {
            Http.Answer answer = http.get(path);
            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        }
        // Each change is a member of its own page once it settled; the background job renders and stores them.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Http.Answer page = http.get("/datasets/" + TENANT + "/Deep/ldes/pages/1");
        while (System.nanoTime() < deadline && !String.valueOf(page.header("Cache-Control")).contains("immutable")) {
            Thread.sleep(200);
            page = http.get("/datasets/" + TENANT + "/Deep/ldes/pages/1");
        }
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).as("the page with the deepest value was closed").contains("immutable");
    }
}
