package be.belfort.server;

import be.belfort.api.CorsPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a web page and a cache see on every open-data path and on the NGSI-LD API: CORS preflights answered
 * 204 with the platform's methods and headers, the headers a script may read, HEAD with the headers of GET
 * and no body, ETags that stay put while the data does, 304s, and compressed answers with their own ETag.
 */
class BrowserAccessTest {
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final String TENANT = "browser-city";
    private static final String DATASET = "/datasets/" + TENANT + "/OffStreetParking";
    private static final String PAGE = "https://dashboard.example.be";

    /** Every GET path of the open data, and the API's query as the catalogue publishes it. */
    static final List<String> OPEN_PATHS = List.of("/", "/catalog", "/catalog/" + TENANT, DATASET,
            DATASET + "/distributions/csv", DATASET + "/latest.csv", DATASET + "/latest.geojson", DATASET + "/ldes",
            DATASET + "/ldes/view", DATASET + "/ldes/pages/0", DATASET + "/ldes/latest/pages/0");
    static final String API_QUERY = "/ngsi-ld/v1/entities?type=OffStreetParking";

    @BeforeAll
    static void declare() {
        for (int i = 0; i < 30; i++) {
            Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:OffStreetParking:browser-%d", "type": "OffStreetParking",
                     "name": {"type": "Property", "value": "Garage %d"},
                     "availableSpotNumber": {"type": "Property", "value": %d, "observedAt": "2026-01-01T10:00:00Z"},
                     "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.72, 51.05]}}}"""
                    .formatted(i, i, 100 + i), "NGSILD-Tenant", TENANT);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        assertThat(HTTP.put("/admin/datasets/" + TENANT + "/OffStreetParking",
                "{\"accessLevel\": \"open\", " + OpenDataTest.METADATA + "}").status()).isIn(200, 201);
    }

    private static List<String> everyPath() {
        List<String> paths = new java.util.ArrayList<>(OPEN_PATHS);
        paths.add(API_QUERY);
        return paths;
    }

    private static String[] tenantFor(String path) {
        return path.startsWith("/ngsi-ld/") ? new String[] {"NGSILD-Tenant", TENANT} : new String[0];
    }

    private static String[] with(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    private static String vary(Http.Answer answer) {
        return String.join(", ", answer.raw().headers().allValues("Vary"));
    }

    @Test
    void aPreflightIsAnswered204WithTheMethodsAndHeadersAPageMaySend() {
        for (String path : everyPath()) {
            Http.Answer preflight = HTTP.send("OPTIONS", path, null, "Origin", PAGE,
                    "Access-Control-Request-Method", "GET",
                    "Access-Control-Request-Headers", "if-none-match, ngsild-tenant, link, authorization, x-api-key");
            assertThat(preflight.status()).as(path).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).as(path).isEqualTo("*");
            assertThat(preflight.header("Access-Control-Allow-Credentials")).as(path).isNull();
            assertThat(preflight.header("Access-Control-Allow-Methods")).as(path).contains("GET", "HEAD", "POST", "PATCH");
            assertThat(preflight.header("Access-Control-Allow-Headers")).as(path)
                    .contains("NGSILD-Tenant", "Link", "If-None-Match", "Authorization", "X-API-Key", "Content-Type",
                            "NGSILD-EntityMap");
            assertThat(Long.parseLong(preflight.header("Access-Control-Max-Age"))).as(path).isPositive();
        }
    }

    @Test
    void everyAnswerTellsAPageWhichHeadersItsScriptsMayRead() {
        for (String path : everyPath()) {
            Http.Answer answer = HTTP.get(path, with(tenantFor(path), "Origin", PAGE));
            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.header("Access-Control-Allow-Origin")).as(path).isEqualTo("*");
            assertThat(answer.header("Access-Control-Expose-Headers")).as(path)
                    .contains("ETag", "Link", "Location", "NGSILD-Results-Count", "Content-Range", "Retry-After",
                            "NGSILD-EntityMap");
            assertThat(answer.header("Access-Control-Allow-Credentials")).as(path).isNull();
        }
        Http.Answer problem = HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Nothing:1", "Origin", PAGE);
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.header("Access-Control-Allow-Origin")).as("a problem is readable too").isEqualTo("*");
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() {
        for (String path : everyPath()) {
            Http.Answer get = HTTP.get(path, tenantFor(path));
            Http.Answer head = HTTP.send("HEAD", path, null, tenantFor(path));
            assertThat(head.status()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            for (String header : List.of("Content-Type", "ETag", "Cache-Control", "Link", "NGSILD-Results-Count")) {
                assertThat(head.header(header)).as(path + " " + header).isEqualTo(get.header(header));
            }
            assertThat(vary(head)).as(path).isEqualTo(vary(get));
            String length = head.header("Content-Length");
            if (length != null) {
                assertThat(Integer.parseInt(length)).as(path).isEqualTo(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            }
        }
        assertThat(HTTP.send("HEAD", "/catalog/no-such-tenant", null).status()).isEqualTo(404);
    }

    @Test
    void etagsStayPutWhileTheDataDoesAndAKnownVersionIsA304() {
        for (String path : OPEN_PATHS) {
            Http.Answer first = HTTP.get(path);
            Http.Answer second = HTTP.get(path);
            String etag = first.header("ETag");
            assertThat(etag).as(path).isNotNull().startsWith("\"");
            assertThat(second.header("ETag")).as(path + " twice").isEqualTo(etag);
            assertThat(second.body()).as(path + " twice").isEqualTo(first.body());
            Http.Answer known = HTTP.get(path, "If-None-Match", "\"other\", " + etag);
            assertThat(known.status()).as(path).isEqualTo(304);
            assertThat(known.body()).isEmpty();
            assertThat(known.header("ETag")).as(path).isEqualTo(etag);
            assertThat(HTTP.get(path, "If-None-Match", "W/" + etag).status()).as(path + " weakly").isEqualTo(304);
            assertThat(HTTP.get(path, "If-None-Match", "*").status()).as(path + " *").isEqualTo(304);
            assertThat(HTTP.get(path, "If-None-Match", "\"other\"").status()).as(path).isEqualTo(200);
        }
        assertThat(HTTP.get("/catalog/no-such-tenant", "If-None-Match", "*").status()).isEqualTo(404);
    }

    @Test
    void aCompressedAnswerHasItsOwnEtagAndEveryAnswerVariesOnAcceptEncoding() {
        for (String path : OPEN_PATHS) {
            Http.Answer plain = HTTP.get(path);
            Http.Answer gzip = HTTP.get(path, "Accept-Encoding", "gzip");
            assertThat(vary(plain)).as(path).contains("Accept-Encoding");
            assertThat(vary(gzip)).as(path).contains("Accept-Encoding");
            if (!path.endsWith(".csv") && !path.endsWith(".geojson")) {
                assertThat(vary(plain)).as(path).contains("Accept");
            }
            if ("gzip".equals(gzip.header("Content-Encoding"))) {
                assertThat(gzip.header("ETag")).as(path).isNotEqualTo(plain.header("ETag"));
                assertThat(HTTP.get(path, "Accept-Encoding", "gzip", "If-None-Match", gzip.header("ETag")).status())
                        .as(path).isEqualTo(304);
            }
        }
        Http.Answer catalog = HTTP.get("/catalog", "Accept-Encoding", "gzip");
        assertThat(catalog.header("Content-Encoding")).as("the catalogue is large enough to be compressed").isEqualTo("gzip");
    }

    @Test
    void theApiAnswersOnlyTheConfiguredOriginsTheOpenDataEveryone() {
        try (Platform restricted = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withAuth(false, null).withCors(new CorsPolicy(List.of(PAGE))))) {
            Http http = new Http(restricted.port());
            Http.Answer allowed = http.send("OPTIONS", "/ngsi-ld/v1/entities", null, "Origin", PAGE,
                    "Access-Control-Request-Method", "POST");
            assertThat(allowed.status()).isEqualTo(204);
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(PAGE);
            assertThat(allowed.header("Vary")).contains("Origin");
            assertThat(allowed.header("Access-Control-Allow-Credentials")).isNull();
            Http.Answer other = http.get("/ngsi-ld/v1/entities?type=Thing", "Origin", "https://elsewhere.example.com");
            assertThat(other.header("Access-Control-Allow-Origin")).isNull();
            Http.Answer catalog = http.get("/catalog", "Origin", "https://elsewhere.example.com");
            assertThat(catalog.header("Access-Control-Allow-Origin")).isEqualTo("*");
        }
    }
}
