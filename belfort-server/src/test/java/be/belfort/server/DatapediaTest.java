package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datapedia end to end, with access control on: questions checked and written by the cities' admins, diagnoses
 * computed from real datasets and entities (a stale entity, one missing an attribute, a restricted dataset, a city
 * without any source), an external DCAT catalogue harvested from a local server, and one that breaks (malformed,
 * then unreachable) keeping its last good harvest with the error.
 */
class DatapediaTest {
    private static final String API = "/datapedia/api";
    private static final AtomicReference<String> CATALOGUE = new AtomicReference<>();
    private static Platform platform;
    private static Http http;
    private static String admin;
    private static HttpServer catalogueServer;

    @BeforeAll
    static void start() throws IOException {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, null)
                .withPrivateOutbound(true));
        http = new Http(platform.port());
        admin = platform.adminKey();
        catalogueServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        catalogueServer.createContext("/catalog.ttl", exchange -> {
            byte[] body = CATALOGUE.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/turtle");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        catalogueServer.start();
        CATALOGUE.set(catalogue("https://kortrijk.example/ds/parking"));

        declare("dp-gent", "OffStreetParking", "open");
        declare("dp-leuven", "CrowdFlowObserved", "restricted");
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String old = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        upsert("dp-gent", "[" + parking("p1", 10, now) + "," + parking("p2", 20, now) + "," + parking("p3", 30, old)
                + ",{\"id\": \"urn:ngsi-ld:OffStreetParking:p4\", \"type\": \"OffStreetParking\","
                + " \"name\": {\"type\": \"Property\", \"value\": \"no count\"}}]");
        upsert("dp-leuven", "[{\"id\": \"urn:ngsi-ld:CrowdFlowObserved:c1\", \"type\": \"CrowdFlowObserved\","
                + " \"peopleCount\": {\"type\": \"Property\", \"value\": 12, \"observedAt\": \"" + now + "\"}}]");
        upsert("dp-kortrijk", "[{\"id\": \"urn:ngsi-ld:Building:b1\", \"type\": \"Building\","
                + " \"name\": {\"type\": \"Property\", \"value\": \"Stadhuis\"}}]");
    }

    @AfterAll
    static void stop() {
        catalogueServer.stop(0);
        platform.close();
    }

    private static String catalogue(String dataset) {
        return """
                @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
                @prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
                <%s> a dcat:Dataset ; dct:title "Parkeergarages Kortrijk"@nl ; dcat:keyword "OffStreetParking" ;
                  dct:publisher [ foaf:name "Stad Kortrijk" ] ; dcat:contactPoint [ vcard:hasEmail "open@kortrijk.example" ] ;
                  dct:license <https://creativecommons.org/licenses/by/4.0/> ;
                  dcat:distribution [ dcat:downloadURL <https://kortrijk.example/parking.csv> ; dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ] .
                """.formatted(dataset);
    }

    private static void declare(String tenant, String type, String access) {
        String body = "{\"accessLevel\": \"" + access + "\", \"title\": {\"nl\": \"" + type + " " + tenant + "\"},"
                + " \"description\": {\"nl\": \"test\"}, \"publisher\": {\"id\": \"https://data.vlaanderen.be/id/organisatie/"
                + tenant + "\", \"name\": \"Stad " + tenant + "\"}, \"contactPoint\": \"mailto:data@" + tenant
                + ".example\", \"license\": \"cc0\"}";
        Http.Answer answer = http.put("/admin/datasets/" + tenant + "/" + type, body, "X-API-Key", admin);
        assertThat(answer.status()).as(answer.body()).isIn(200, 201);
    }

    private static void upsert(String tenant, String entities) {
        Http.Answer answer = http.post("/ngsi-ld/v1/entityOperations/upsert", entities, "NGSILD-Tenant", tenant,
                "X-API-Key", admin);
        assertThat(answer.status()).as(answer.body()).isIn(201, 204);
    }

    private static String parking(String key, int available, String observedAt) {
        return "{\"id\": \"urn:ngsi-ld:OffStreetParking:" + key + "\", \"type\": \"OffStreetParking\","
                + " \"availableSpotNumber\": {\"type\": \"Property\", \"value\": " + available + ", \"observedAt\": \""
                + observedAt + "\"}, \"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\","
                + " \"coordinates\": [3.72, 51.05]}}}";
    }

    private static String question(String cities, String needs) {
        return "{\"title\": {\"nl\": \"Waar is er nu een vrije parkeerplaats?\", \"en\": \"Where is a free parking space?\"},"
                + " \"description\": {\"nl\": \"Vrije plaatsen per stad\"}, \"domain\": \"mobility\", \"cities\": " + cities
                + ", \"needs\": " + needs + "}";
    }

    private static final String NEEDS = "[{\"id\": \"parking\", \"entityType\": \"OffStreetParking\", \"attributes\":"
            + " [\"availableSpotNumber\"], \"freshness\": \"PT15M\"}, {\"id\": \"crowd\", \"entityType\": \"CrowdFlowObserved\","
            + " \"attributes\": [\"peopleCount\"], \"freshness\": \"PT15M\"}]";

    private static JsonNode cell(JsonNode diagnosis, String need, String city) {
        for (JsonNode cell : diagnosis.path("cells")) {
            if (cell.path("need").asText().equals(need) && cell.path("city").asText().equals(city)) {
                return cell;
            }
        }
        throw new AssertionError("No cell " + need + " × " + city + " in " + diagnosis);
    }

    private static JsonNode score(JsonNode cell, String dimension) {
        for (JsonNode score : cell.path("scores")) {
            if (score.path("dimension").asText().equals(dimension)) {
                return score;
            }
        }
        throw new AssertionError("No " + dimension + " in " + cell);
    }

    private static JsonNode diagnosis(String id, String... credentials) {
        Http.Answer answer = http.get(API + "/questions/" + id + "/diagnosis", credentials);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void aQuestionIsDiagnosedPerNeedAndCityWithItsEvidence() {
        Http.Answer created = http.put(API + "/questions/parking-now", question("[\"dp-gent\", \"dp-leuven\", \"dp-kortrijk\"]",
                NEEDS), "X-API-Key", admin);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo(API + "/questions/parking-now");

        JsonNode diagnosis = diagnosis("parking-now", "X-API-Key", admin);
        assertThat(diagnosis.path("cells")).hasSize(6);

        JsonNode gent = cell(diagnosis, "parking", "dp-gent");
        assertThat(gent.path("level").asText()).isEqualTo("partial");
        assertThat(score(gent, "availability").path("figures").path("entities").asLong()).isEqualTo(4);
        JsonNode timeliness = score(gent, "timeliness");
        assertThat(timeliness.path("reason").asText()).as(timeliness.toString()).isEqualTo("someStale");
        assertThat(timeliness.path("figures").path("stale").asLong()).isEqualTo(1);
        assertThat(timeliness.path("figures").path("staleEntities").toString()).contains("urn:ngsi-ld:OffStreetParking:p3");
        JsonNode completeness = score(gent, "completeness");
        assertThat(completeness.path("level").asText()).isEqualTo("partial");
        assertThat(completeness.path("figures").path("complete").asLong()).isEqualTo(3);
        assertThat(completeness.path("figures").path("missing").path("availableSpotNumber").asLong()).isEqualTo(1);
        // p4 has no location, which the OffStreetParking schema requires: checked, invalid, named with its first problem.
        assertThat(completeness.path("figures").path("schemaChecked").asInt()).isEqualTo(4);
        assertThat(completeness.path("figures").path("schemaValid").asInt()).isEqualTo(3);
        assertThat(completeness.path("figures").path("schemaSampled").asBoolean()).isFalse();
        assertThat(completeness.path("figures").path("schemaProblems").get(0).asText())
                .startsWith("urn:ngsi-ld:OffStreetParking:p4 — location");
        assertThat(score(gent, "accessibility").path("reason").asText()).isEqualTo("open");
        assertThat(gent.path("gaps").findValuesAsText("contact")).contains("mailto:data@dp-gent.example");

        JsonNode kortrijk = cell(diagnosis, "parking", "dp-kortrijk");
        assertThat(kortrijk.path("level").asText()).isEqualTo("missing");
        assertThat(score(kortrijk, "availability").path("reason").asText()).isEqualTo("none");
        assertThat(kortrijk.path("gaps").get(0).path("partner").path("role").asText()).isEqualTo("cityDataTeam");
        assertThat(kortrijk.path("gaps").get(0).path("partner").path("name").asText()).isEqualTo("Dp-Kortrijk");

        assertThat(http.get("/datapedia/questions/parking-now").body()).contains("Waar is er nu een vrije parkeerplaats?")
                .contains("cell-parking-dp-kortrijk");
        assertThat(http.get("/datapedia").body()).contains("/datapedia/questions/parking-now");
        assertThat(http.get(API + "/questions/parking-now/diagnosis/history").json().get(0).path("cells").path("missing")
                .asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theDepthOfHistoryIsTheOldestObservationOfAnyEntityOfTheType() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        StringBuilder early = new StringBuilder("[");
        for (int i = 0; i < 25; i++) {
            early.append(i == 0 ? "" : ",").append(parking("depth-" + i, i, now));
        }
        upsert("dp-depth", early.append("]").toString());
        // Created last, with the oldest history: its observations were recorded long before it reached the platform.
        Instant longAgo = Instant.now().minus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Http.Answer temporal = http.post("/ngsi-ld/v1/temporal/entities", "{\"id\": \"urn:ngsi-ld:OffStreetParking:depth-late\","
                + " \"type\": \"OffStreetParking\", \"availableSpotNumber\": [{\"type\": \"Property\", \"value\": 7,"
                + " \"observedAt\": \"" + longAgo + "\"}, {\"type\": \"Property\", \"value\": 8, \"observedAt\": \"" + now + "\"}]}",
                "NGSILD-Tenant", "dp-depth", "X-API-Key", admin);
        assertThat(temporal.status()).as(temporal.body()).isEqualTo(201);
        String needs = "[{\"id\": \"parking\", \"entityType\": \"OffStreetParking\", \"attributes\": [\"availableSpotNumber\"],"
                + " \"history\": \"P1Y\"}]";
        assertThat(http.put(API + "/questions/depth", question("[\"dp-depth\"]", needs), "X-API-Key", admin).status())
                .isEqualTo(201);

        JsonNode coverage = score(cell(diagnosis("depth", "X-API-Key", admin), "parking", "dp-depth"), "coverage");
        assertThat(coverage.path("reason").asText()).as(coverage.toString()).isEqualTo("covered");
        assertThat(Instant.parse(coverage.path("figures").path("oldestHistory").asText())).isEqualTo(longAgo);
    }

    @Test
    void aRestrictedDatasetExistsForEveryoneButOnlyItsReadersSeeItsFigures() {
        assertThat(http.put(API + "/questions/crowd-leuven", question("[\"dp-leuven\"]", NEEDS), "X-API-Key", admin).status())
                .isEqualTo(201);

        JsonNode anonymous = cell(diagnosis("crowd-leuven"), "crowd", "dp-leuven");
        JsonNode publisher = cell(diagnosis("crowd-leuven", "X-API-Key", admin), "crowd", "dp-leuven");

        assertThat(score(anonymous, "availability").path("reason").asText()).isEqualTo("restrictedExists");
        assertThat(score(anonymous, "availability").path("figures").has("entities")).isFalse();
        assertThat(score(anonymous, "accessibility").path("reason").asText()).isEqualTo("restricted");
        assertThat(score(anonymous, "timeliness").path("level").asText()).isEqualTo("hidden");
        assertThat(score(anonymous, "completeness").path("figures").isEmpty()).isTrue();
        assertThat(anonymous.path("sources").get(0).path("contact").asText()).isEqualTo("mailto:data@dp-leuven.example");
        assertThat(score(publisher, "timeliness").path("level").asText()).isEqualTo("good");
        assertThat(score(publisher, "completeness").path("figures").path("entities").asLong()).isEqualTo(1);
    }

    @Test
    void anExternalCatalogueIsHarvestedAndKeepsItsLastGoodHarvestWhenItBreaks() {
        assertThat(http.put(API + "/questions/parking-kortrijk", question("[\"dp-kortrijk\"]", NEEDS), "X-API-Key", admin)
                .status()).isEqualTo(201);
        String url = "http://127.0.0.1:" + catalogueServer.getAddress().getPort() + "/catalog.ttl";
        Http.Answer added = http.post(API + "/sources", "{\"url\": \"" + url + "\", \"city\": \"dp-kortrijk\"}",
                "X-API-Key", admin);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String source = added.json().path("id").asText();
        assertThat(added.json().path("datasets")).hasSize(1);
        assertThat(added.json().path("lastError").isNull()).isTrue();

        JsonNode kortrijk = cell(diagnosis("parking-kortrijk"), "parking", "dp-kortrijk");
        assertThat(score(kortrijk, "availability").path("reason").asText()).isEqualTo("externalOnly");
        assertThat(kortrijk.path("sources").get(0).path("kind").asText()).isEqualTo("external");
        assertThat(kortrijk.path("sources").get(0).path("publisher").asText()).isEqualTo("Stad Kortrijk");
        assertThat(kortrijk.path("gaps").findValuesAsText("contact")).contains("mailto:open@kortrijk.example");

        CATALOGUE.set("@prefix broken <");
        JsonNode malformed = http.post(API + "/sources/" + source + "/harvest", "", "X-API-Key", admin).json();
        assertThat(malformed.path("lastError").asText()).contains("Turtle");
        assertThat(malformed.path("datasets")).hasSize(1);

        catalogueServer.stop(0);
        JsonNode unreachable = http.post(API + "/sources/" + source + "/harvest", "", "X-API-Key", admin).json();
        assertThat(unreachable.path("lastError").asText()).contains("unreachable");
        assertThat(unreachable.path("datasets").get(0).path("iri").asText()).isEqualTo("https://kortrijk.example/ds/parking");
        assertThat(score(cell(diagnosis("parking-kortrijk"), "parking", "dp-kortrijk"), "availability").path("reason").asText())
                .isEqualTo("externalOnly");
        assertThat(http.get("/datapedia").body()).contains("unreachable");
    }

    @Test
    void invalidQuestionsAreRefusedNamingTheField() {
        assertRefused(question("[\"dp-nowhere\"]", NEEDS), "cities[0]");
        assertRefused(question("[\"dp-gent\"]", "[]"), "needs");
        assertRefused(question("[\"dp-gent\"]", "[{\"entityType\": \"NoSuchThing\"}]"), "needs[0].entityType");
        assertRefused(question("[\"dp-gent\"]", "[{\"entityType\": \"OffStreetParking\", \"history\": \"a year\"}]"),
                "needs[0].history");
        assertThat(http.put(API + "/questions/Not%20An%20Id", question("[\"dp-gent\"]", NEEDS), "X-API-Key", admin).status())
                .isEqualTo(400);
        assertThat(http.get(API + "/questions/no-such-question").status()).isEqualTo(404);
    }

    @Test
    void onlyTheAdminsOfEveryCityOfAQuestionMayWriteIt() {
        assertThat(http.put(API + "/questions/anonymous", question("[\"dp-gent\"]", NEEDS)).status()).isEqualTo(401);
        Http.Answer key = http.post("/admin/keys", "{\"tenant\": \"dp-gent\", \"role\": \"tenant-admin\"}", "X-API-Key", admin);
        String gentAdmin = key.json().path("key").asText();
        assertThat(http.put(API + "/questions/gent-only", question("[\"dp-gent\"]", NEEDS), "X-API-Key", gentAdmin).status())
                .isEqualTo(201);
        assertThat(http.put(API + "/questions/two-cities", question("[\"dp-gent\", \"dp-leuven\"]", NEEDS), "X-API-Key",
                gentAdmin).status()).isEqualTo(403);
        assertThat(http.delete(API + "/questions/gent-only").status()).isEqualTo(401);
        assertThat(http.delete(API + "/questions/gent-only", "X-API-Key", gentAdmin).status()).isEqualTo(204);
        assertThat(http.post(API + "/sources", "{\"url\": \"https://example.org/catalog.ttl\"}", "X-API-Key", gentAdmin)
                .status()).as("a catalogue of the whole region: admins only").isEqualTo(403);
    }

    @Test
    void aHarvestUrlInsideThePlatformsNetworkIsRefusedByTheOutboundGuard() {
        Http.Answer refused = http.post(API + "/sources", "{\"url\": \"http://169.254.169.254/latest/meta-data\"}",
                "X-API-Key", admin);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("detail").asText()).contains("url:").contains("may not call");
        assertThat(http.post(API + "/sources", "{\"url\": \"file:///etc/passwd\"}", "X-API-Key", admin).status())
                .isEqualTo(400);
    }

    private static void assertRefused(String body, String field) {
        Http.Answer answer = http.put(API + "/questions/invalid", body, "X-API-Key", admin);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().path("detail").asText()).startsWith(field);
    }

}
