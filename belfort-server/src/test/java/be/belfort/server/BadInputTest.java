package be.belfort.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear 4xx problem-details answer, never a 5xx, and the server keeps serving. */
class BadInputTest {
    private static final String TENANT = "bad-input";
    private final Http http = new Http(TestPlatform.shared().port());

    private Http.Answer create(String body) {
        return http.post("/ngsi-ld/v1/entities", body, "NGSILD-Tenant", TENANT);
    }

    private void assertProblem(Http.Answer answer, int status, String errorType) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.errorType()).isEqualTo(errorType);
        assertThat(answer.json().get("title").asText()).isNotBlank();
        assertThat(answer.json().get("detail").asText()).isNotBlank();
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    }

    @Test
    void malformedJsonIsAnInvalidRequest() {
        assertProblem(create("{\"id\": "), 400, "InvalidRequest");
        assertProblem(create("{\"id\": \"urn:a:b\"} trailing"), 400, "InvalidRequest");
        assertProblem(create("{\"id\": \"urn:a:b\", \"id\": \"urn:a:c\", \"type\": \"T\"}"), 400, "InvalidRequest");
    }

    @Test
    void aJsonLdArrayWhereOneObjectIsTakenIsBadRequestData() {
        String array = "[{\"id\": \"urn:ngsi-ld:Sensor:1\", \"type\": \"Sensor\"}]";
        for (String[] route : new String[][] {{"POST", "/ngsi-ld/v1/entities"},
                {"PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:1/attrs/count"},
                {"PATCH", "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:1/attrs"},
                {"POST", "/ngsi-ld/v1/entityOperations/query"}, {"POST", "/ngsi-ld/v1/subscriptions"}}) {
            assertProblem(http.send(route[0], route[1], array, "Content-Type", "application/ld+json",
                    "NGSILD-Tenant", TENANT), 400, "BadRequestData");
        }
    }

    @Test
    void wrongMediaTypesAreUnsupported() {
        assertProblem(http.send("POST", "/ngsi-ld/v1/entities", "{}", "Content-Type", "text/plain"), 415,
                "UnsupportedMediaType");
        assertProblem(http.send("POST", "/ngsi-ld/v1/entities", "{}"), 415, "UnsupportedMediaType");
    }

    @Test
    void idsMustBeUrisAndTypesPresent() {
        assertProblem(create("{\"id\": \"not a uri\", \"type\": \"T\"}"), 400, "BadRequestData");
        assertProblem(create("{\"id\": \"abc\", \"type\": \"T\"}"), 400, "BadRequestData");
        assertProblem(create("{\"id\": 5, \"type\": \"T\"}"), 400, "BadRequestData");
        assertProblem(create("{\"type\": \"T\"}"), 400, "BadRequestData");
        assertProblem(create("{\"id\": \"urn:ngsi-ld:T:1\"}"), 400, "BadRequestData");
        assertProblem(create("[{\"id\": \"urn:ngsi-ld:T:1\", \"type\": \"T\"}]"), 400, "BadRequestData");
        assertProblem(http.get("/ngsi-ld/v1/entities/not-a-uri", "NGSILD-Tenant", TENANT), 400, "BadRequestData");
    }

    @Test
    void attributesOfTheWrongShapeAreBadRequestData() {
        for (String attribute : List.of(
                "{\"type\": \"Property\"}",
                "{\"type\": \"Property\", \"value\": null}",
                "{\"type\": \"Relationship\", \"object\": \"not a uri\"}",
                "{\"type\": \"Relationship\", \"value\": \"urn:a:b\"}",
                "{\"type\": \"Foo\", \"value\": 1}",
                "{\"type\": \"Property\", \"value\": 1, \"observedAt\": \"yesterday\"}",
                "{\"type\": \"Property\", \"value\": 1, \"datasetId\": \"no uri\"}",
                "{\"type\": \"Property\", \"value\": 1, \"unitCode\": 5}",
                "{\"type\": \"LanguageProperty\", \"languageMap\": \"nl\"}",
                "{\"type\": \"ListProperty\", \"valueList\": 5}",
                "{\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [3]}}",
                "{\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\", \"coordinates\": [3, 200]}}",
                "{\"type\": \"GeoProperty\", \"value\": {\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,0],[1,1],[0,2]]]}}",
                "{\"type\": \"GeoProperty\", \"value\": {\"type\": \"Circle\", \"coordinates\": [3, 51]}}",
                "null")) {
            Http.Answer answer = create("{\"id\": \"urn:ngsi-ld:T:shape\", \"type\": \"T\", \"a\": " + attribute + "}");
            assertThat(answer.status()).as(attribute).isEqualTo(400);
            assertThat(answer.errorType()).as(attribute).isEqualTo("BadRequestData");
        }
    }

    @Test
    void reservedGeoNamesMustBeGeoProperties() {
        assertProblem(create("{\"id\": \"urn:ngsi-ld:T:geo\", \"type\": \"T\", \"location\": {\"type\": \"Property\", \"value\": 1}}"),
                400, "BadRequestData");
    }

    @Test
    void forbiddenCharactersInNamesAreRejected() {
        assertProblem(create("{\"id\": \"urn:ngsi-ld:T:n\", \"type\": \"T\", \"a<b\": 1}"), 400, "BadRequestData");
        assertProblem(create("{\"id\": \"urn:ngsi-ld:T:n\", \"type\": \"T(1)\"}"), 400, "BadRequestData");
    }

    @Test
    void oversizedBodiesAreRefusedWithProblemDetails() throws Exception {
        String big = "{\"id\": \"urn:ngsi-ld:T:big\", \"type\": \"T\", \"a\": \""
                + "x".repeat((int) TestPlatform.MAX_BODY_BYTES) + "\"}";
        // Asking first (Expect: 100-continue), the client learns of the refusal before it sends the body. Sent at
        // once, the server's refusal and close can race with the body still arriving, and the client may then see
        // the connection reset instead of the answer: HTTP allows that, so that case is not asserted here.
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + TestPlatform.shared().port() + "/ngsi-ld/v1/entities"))
                    .expectContinue(true).header("Content-Type", "application/json").header("NGSILD-Tenant", TENANT)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(big)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(answer.body()).contains("PayloadTooLarge").contains("--max-body-size");
        }
    }

    @Test
    void oversizedUrisAndHeadersAreRefusedWithProblemDetails() {
        assertProblem(http.get("/ngsi-ld/v1/entities?type=T&q=" + "a".repeat(20_000)), 414, "InvalidRequest");
        assertProblem(http.get("/ngsi-ld/v1/entities?type=T", "X-Padding", "a".repeat(20_000)), 431, "InvalidRequest");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        assertProblem(http.get("/ngsi-ld/v1/nothing"), 404, "ResourceNotFound");
        Http.Answer wrongMethod = http.put("/ngsi-ld/v1/entities", "{}");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("status").asInt()).isEqualTo(405);
    }

    @Test
    void badQueryParametersAreBadRequestData() {
        create("{\"id\": \"urn:ngsi-ld:T:params\", \"type\": \"T\"}");
        assertProblem(http.delete("/ngsi-ld/v1/entities/urn:ngsi-ld:T:params/attrs/a?deleteAll=maybe",
                "NGSILD-Tenant", TENANT), 400, "BadRequestData");
        assertProblem(http.delete("/ngsi-ld/v1/entities/urn:ngsi-ld:T:params/attrs/a?datasetId=no%20uri",
                "NGSILD-Tenant", TENANT), 400, "BadRequestData");
        assertProblem(http.get("/ngsi-ld/v1/entities/urn:ngsi-ld:T:params?attrs=a%3Cb", "NGSILD-Tenant", TENANT),
                400, "BadRequestData");
    }

    @Test
    void manyBadRequestsNeverGiveAServerErrorAndTheServerKeepsServing() {
        List<String> bodies = List.of("", "{", "[]", "[1]", "\"text\"", "42", "{\"id\": null}",
                "{\"id\": \"urn:a:b\", \"type\": []}", "{\"id\": \"urn:a:b\", \"type\": [5]}",
                "{\"id\": \"urn:a:b\", \"type\": \"T\", \"scope\": 5}", "{\"id\": \"urn:a:b\", \"type\": \"T\", \"@context\": {}}",
                "{\"id\": \"urn:a:b\", \"type\": \"T\", \"a\": [{\"type\": \"Property\", \"value\": 1}, "
                        + "{\"type\": \"Property\", \"value\": 2}]}",
                "{\"id\": \"urn:a:b\", \"type\": \"T\", \"a\": {\"type\": \"Property\", \"value\": 1, \"b\": null}}",
                "{\"id\": \"urn:a:b\", \"type\": \"T\", \"a\": {\"type\": \"VocabProperty\", \"vocab\": 3}}");
        List<String> paths = List.of("/ngsi-ld/v1/entities", "/ngsi-ld/v1/entities/urn:a:b/attrs",
                "/ngsi-ld/v1/entities/urn:a:b/attrs/a", "/ngsi-ld/v1/entityOperations/upsert",
                "/ngsi-ld/v1/entityOperations/delete", "/ngsi-ld/v1/jsonldContexts", "/ngsi-ld/v1/entities/urn:a:b");
        List<String> methods = List.of("POST", "PATCH", "PUT");
        List<String> serverErrors = new ArrayList<>();
        int sent = 0;
        for (String path : paths) {
            for (String method : methods) {
                for (String body : bodies) {
                    Http.Answer answer = http.send(method, path, body, "Content-Type", "application/json",
                            "NGSILD-Tenant", TENANT);
                    sent++;
                    if (answer.status() >= 500) {
                        serverErrors.add(method + " " + path + " " + body + " -> " + answer.status() + " " + answer.body());
                    }
                    assertThat(answer.status()).as(method + " " + path + " " + body).isBetween(200, 499);
                }
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(200);
        assertThat(serverErrors).isEmpty();
        assertThat(http.get("/health").status()).isEqualTo(200);
        assertThat(create("{\"id\": \"urn:ngsi-ld:T:after\", \"type\": \"T\"}").status()).isEqualTo(201);
    }
}
