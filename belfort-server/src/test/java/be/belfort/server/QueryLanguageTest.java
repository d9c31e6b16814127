package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The q language, type expressions, scopeQ and the projections of GET /entities and POST /entityOperations/query. */
class QueryLanguageTest {
    private static final String TENANT = "q-language";
    private static final Http HTTP = new Http(TestPlatform.shared().port());
    private static final String A = "urn:ngsi-ld:OffStreetParking:a";
    private static final String B = "urn:ngsi-ld:OffStreetParking:b";
    private static final String C = "urn:ngsi-ld:OffStreetParking:c";
    private static final String X = "urn:ngsi-ld:Building:x";
    private static final String HUB = "urn:ngsi-ld:Hub:1";

    @BeforeAll
    static void load() {
        String entities = """
            [{"id": "%s", "type": "OffStreetParking", "scope": "/Gent/Centrum",
              "free": {"type": "Property", "value": 120, "observedAt": "2024-05-01T10:00:00Z", "unitCode": "C62"},
              "name": {"type": "Property", "value": "Sint-Pieters"},
              "category": {"type": "Property", "value": ["public", "underground"]},
              "refTown": {"type": "Relationship", "object": "urn:ngsi-ld:Town:gent"},
              "address": {"type": "Property", "value": {"city": "Gent", "zip": "9000"}},
              "opened": {"type": "Property", "value": {"@type": "DateTime", "@value": "2019-03-01T00:00:00Z"}},
              "open": {"type": "Property", "value": true},
              "parkingMode": {"type": "VocabProperty", "vocab": "underground"},
              "label": {"type": "LanguageProperty", "languageMap": {"nl": "Zuid", "en": "South"}}},
             {"id": "%s", "type": "OffStreetParking", "scope": "/Gent/Zuid/Station",
              "free": [{"type": "Property", "value": 40},
                       {"type": "Property", "value": 400, "datasetId": "urn:ngsi-ld:Dataset:forecast"}],
              "name": {"type": "Property", "value": "Vrijdagmarkt"},
              "category": {"type": "Property", "value": ["public"]},
              "refTown": {"type": "Relationship", "object": "urn:ngsi-ld:Town:gent"},
              "address": {"type": "Property", "value": {"city": "Gent", "zip": "9000"}},
              "open": {"type": "Property", "value": false}},
             {"id": "%s", "type": "OffStreetParking", "scope": "/Leuven/Centrum",
              "free": {"type": "Property", "value": 0},
              "name": {"type": "Property", "value": "Leuven Ladeuze"},
              "refTown": {"type": "Relationship", "object": "urn:ngsi-ld:Town:leuven"},
              "address": {"type": "Property", "value": {"city": "Leuven"}},
              "open": {"type": "Property", "value": true}},
             {"id": "%s", "type": "Building", "name": {"type": "Property", "value": "Belfort"}},
             {"id": "%s", "type": ["OffStreetParking", "Building"], "name": {"type": "Property", "value": "Mobility hub"}}]
            """.formatted(A, B, C, X, HUB);
        assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/create", entities, "NGSILD-Tenant", TENANT).status())
                .isEqualTo(201);
    }

    @Test
    void numbersRangesAndLists() {
        assertThat(q("free>100")).containsExactly(A, B);
        assertThat(q("free<=40")).containsExactly(B, C);
        assertThat(q("free==0..50")).containsExactly(B, C);
        assertThat(q("free==120,0")).containsExactly(A, C);
        assertThat(q("free!=0..200")).as("any instance outside the range").containsExactly(B);
    }

    @Test
    void stringsPatternsArraysAndRelationships() {
        assertThat(q("name==\"Sint-Pieters\"")).containsExactly(A);
        assertThat(q("name!=\"Vrijdagmarkt\"")).containsExactly(X, HUB, A, C);
        assertThat(q("name~=^V")).containsExactly(B);
        assertThat(q("name!~=Leuven|name==\"Belfort\"")).containsExactly(X, HUB, A, B);
        assertThat(q("category==\"underground\"")).containsExactly(A);
        assertThat(q("category==\"public\"")).containsExactly(A, B);
        assertThat(q("refTown==urn:ngsi-ld:Town:gent")).containsExactly(A, B);
        assertThat(q("label==\"Zuid\"")).containsExactly(A);
        assertThat(q("parkingMode==\"underground\"")).as("vocab terms are expanded like the stored ones")
                .containsExactly(A);
        assertThat(q("parkingMode==https://uri.etsi.org/ngsi-ld/default-context/underground")).containsExactly(A);
        assertThat(q("open==true")).containsExactly(A, C);
        assertThat(q("open==false")).containsExactly(B);
    }

    @Test
    void pathsIntoJsonValuesAndSubAttributes() {
        assertThat(q("address[city]==\"Leuven\"")).containsExactly(C);
        assertThat(q("address[zip]==\"9000\";free>50")).containsExactly(A, B);
        assertThat(q("free.observedAt>=2024-05-01T00:00:00Z")).containsExactly(A);
        assertThat(q("free.observedAt<2024-05-01")).isEmpty();
        assertThat(q("free.unitCode==\"C62\"")).containsExactly(A);
        assertThat(q("opened<2020-01-01T00:00:00Z")).containsExactly(A);
        assertThat(q("opened<\"2020-01-01T00:00:00Z\"")).as("a quoted date-time compares as a time").containsExactly(A);
        assertThat(q("free.observedAt==\"2024-05-01T12:00:00+02:00\"")).as("the same instant").containsExactly(A);
        assertThat(q("address[zip]")).containsExactly(A, B);
    }

    @Test
    void existenceAndLogic() {
        assertThat(q("refTown")).containsExactly(A, B, C);
        assertThat(q("!refTown")).containsExactly(X, HUB);
        assertThat(q("(free>100|free==0);open==true")).containsExactly(A, C);
        assertThat(q("name==\"Belfort\"|free>100;open==false")).as("; binds tighter than |").containsExactly(X, B);
    }

    @Test
    void typeExpressionsAndScopes() {
        assertThat(ids(query("type=OffStreetParking;Building"))).containsExactly(HUB);
        assertThat(ids(query("type=" + encode("(OffStreetParking;Building)|Building")))).containsExactly(X, HUB);
        assertThat(ids(query("type=Building,OffStreetParking&q=open==true"))).containsExactly(A, C);
        assertThat(ids(query("scopeQ=/Gent/%23"))).containsExactly(A, B);
        assertThat(ids(query("scopeQ=/%2B/Centrum"))).containsExactly(A, C);
        assertThat(ids(query("scopeQ=/Gent/Centrum,/Leuven/%23"))).containsExactly(A, C);
        assertThat(ids(query("scopeQ=/Gent/%23;/%2B/Zuid/%23"))).containsExactly(B);
    }

    @Test
    void projectionsPickOmitAndDatasetId() {
        JsonNode forecast = query("id=" + B + "&datasetId=urn:ngsi-ld:Dataset:forecast").json().get(0);
        assertThat(forecast.get("free").get("value").asInt()).isEqualTo(400);
        assertThat(forecast.has("name")).as("attributes without that dataset are left out").isFalse();
        JsonNode defaults = query("id=" + B + "&datasetId=@none&attrs=free").json().get(0);
        assertThat(defaults.get("free").get("value").asInt()).isEqualTo(40);
        JsonNode omitted = query("id=" + A + "&omit=name,free").json().get(0);
        assertThat(omitted.has("name")).isFalse();
        assertThat(omitted.has("free")).isFalse();
        assertThat(omitted.has("refTown")).isTrue();
        JsonNode picked = query("id=" + A + "&pick=name&options=keyValues").json().get(0);
        assertThat(picked.get("name").asText()).isEqualTo("Sint-Pieters");
        assertThat(picked.has("free")).isFalse();
    }

    @Test
    void postQueryTakesSelectorsQAndAttrsFromTheBody() {
        Http.Answer answer = HTTP.post("/ngsi-ld/v1/entityOperations/query?count=true", """
                {"type": "Query", "entities": [{"type": "Building"}, {"type": "OffStreetParking", "idPattern": ".*:c$"}],
                 "q": "name~=e", "attrs": ["name"]}""", "NGSILD-Tenant", TENANT);
        assertThat(ids(answer)).containsExactly(X, C);
        assertThat(answer.header("NGSILD-Results-Count")).isEqualTo("2");
        assertThat(answer.json().get(1).has("free")).isFalse();
        Http.Answer jsonLd = HTTP.post("/ngsi-ld/v1/entityOperations/query", """
                {"type": "Query", "entities": [{"type": "Building"}], "@context": "%s"}"""
                .formatted("https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"),
                "NGSILD-Tenant", TENANT, "Content-Type", "application/ld+json");
        assertThat(ids(jsonLd)).containsExactly(X, HUB);
        assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/query", "{\"type\": \"Nope\"}", "NGSILD-Tenant", TENANT)
                .errorType()).isEqualTo("BadRequestData");
        assertThat(HTTP.post("/ngsi-ld/v1/entityOperations/query", "{\"type\": \"Query\", \"q\": \"a>\"}",
                "NGSILD-Tenant", TENANT).errorType()).isEqualTo("BadRequestData");
    }

    @Test
    void badQueriesNameTheParameterAndPosition() {
        Http.Answer badQ = query("q=" + encode("free>>3"));
        assertThat(badQ.status()).isEqualTo(400);
        assertThat(badQ.json().get("detail").asText()).contains("Invalid q at position 6");
        assertThat(query("type=" + encode("(A|B")).json().get("detail").asText()).contains("Invalid type at position 5");
        assertThat(query("scopeQ=Gent").json().get("detail").asText()).contains("Invalid scopeQ at position 1");
        assertThat(query("q=" + encode("name~=(")).status()).isEqualTo(400);
    }

    @Test
    void injectionThroughAnyParameterFindsNothingAndBreaksNothing() {
        List<String> attempts = List.of(
                "q=" + encode("name==\"x' OR '1'='1\""),
                "q=" + encode("name==\"a\\\") || true || (\\\"\""),
                "q=" + encode("name~=.*' ; DROP TABLE entities; --"),
                "q=" + encode("name==\"\\\\\"") ,
                "type=" + encode("Building' OR '1'='1"),
                "idPattern=" + encode("' OR 1=1 --"),
                "id=" + encode("urn:x:1'); DROP TABLE entities; --"),
                "attrs=" + encode("name'--"),
                "scopeQ=" + encode("/x') OR true --"),
                "georel=" + encode("near;maxDistance==1'") + "&geometry=Point&coordinates=%5B4,51%5D",
                "georel=within&geometry=" + encode("Polygon'--") + "&coordinates=%5B4,51%5D",
                "georel=intersects&geometry=Point&coordinates=" + encode("[4,51]); DROP TABLE entities; --"),
                "georel=intersects&geometry=Point&coordinates=%5B4,51%5D&geoproperty=" + encode("location' OR '1'='1"),
                "type=Building&pick=" + encode("name'--") + "&omit=" + encode("x') OR 1=1"),
                "type=Nothing&datasetId=" + encode("urn:x:1' OR '1'='1") + "&lang=" + encode("nl' --"),
                "type=Nothing&geometryProperty=" + encode("location'--"));
        for (String attempt : attempts) {
            Http.Answer answer = query(attempt);
            assertThat(answer.status()).as(attempt + " -> " + answer.body()).isIn(200, 400);
            if (answer.status() == 200) {
                assertThat(answer.json()).as(attempt).isEmpty();
            } else {
                assertThat(answer.body()).as(attempt).doesNotContainIgnoringCase("select ").doesNotContain("entities e");
            }
        }
        assertThat(ids(query("type=OffStreetParking"))).containsExactly(HUB, A, B, C);
    }

    private static List<String> q(String q) {
        return ids(query("q=" + encode(q)));
    }

    private static Http.Answer query(String parameters) {
        return HTTP.get("/ngsi-ld/v1/entities?" + parameters, "NGSILD-Tenant", TENANT);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static List<String> ids(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().forEach(entity -> ids.add(entity.get("id").asText()));
        return ids;
    }
}
