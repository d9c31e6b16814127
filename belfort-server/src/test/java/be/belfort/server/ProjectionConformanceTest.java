package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The v1.8 projection (ETSI GS CIM 009 v1.8 clause 4.21, pick and omit; clause 6.3.18 query parameters) on
 * Retrieve Entity, Query Entities by URL and the Query body: id and type are projected like any other member,
 * at most one of attrs, pick and omit, malformed lists are 400 BadRequestData, and a retrieval that would
 * show nothing is 404.
 */
class ProjectionConformanceTest {
    private static final String TENANT = "projection";
    private static final String ID = "urn:ngsi-ld:Building:projection";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void createEntity() {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Building", "scope": "/Gent",
                 "name": {"type": "Property", "value": "Stadhuis"},
                 "floors": {"type": "Property", "value": 4}}""".formatted(ID), "NGSILD-Tenant", TENANT);
        assertThat(created.status()).isIn(201, 409);
    }

    private static Http.Answer retrieve(String query) {
        return HTTP.get("/ngsi-ld/v1/entities/" + ID + "?" + query, "NGSILD-Tenant", TENANT);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void pickShowsOnlyTheNamedMembersIdAndTypeLikeAnyOther() {
        JsonNode picked = retrieve("pick=name").json();
        assertThat(picked.fieldNames()).toIterable().containsExactly("name");
        assertThat(retrieve("pick=" + encode("id|name")).json().fieldNames()).toIterable()
                .containsExactlyInAnyOrder("id", "name");
        assertThat(retrieve("pick=id,type,scope,floors&options=keyValues").json().toString())
                .isEqualTo("{\"id\":\"" + ID + "\",\"type\":\"Building\",\"scope\":\"/Gent\",\"floors\":4}");
    }

    @Test
    void omitLeavesOutTheNamedMembersIdAndTypeLikeAnyOther() {
        assertThat(retrieve("omit=id,type,floors").json().fieldNames()).toIterable()
                .containsExactlyInAnyOrder("scope", "name");
    }

    @Test
    void aRetrievalWithNothingLeftToShowIsResourceNotFound() {
        Http.Answer nothing = retrieve("pick=missing");
        assertThat(nothing.status()).isEqualTo(404);
        assertThat(nothing.errorType()).isEqualTo("ResourceNotFound");
        assertThat(retrieve("attrs=missing").status()).as("attrs naming nothing the entity has").isEqualTo(404);
        assertThat(retrieve("attrs=missing,name").status()).isEqualTo(200);
    }

    @Test
    void twoProjectionsOrMalformedListsAreBadRequestData() {
        for (String query : new String[] {"pick=name&omit=floors", "attrs=name&pick=name", "attrs=name&omit=floors",
                "pick=" + encode("name,,floors"), "pick=" + encode("{}"), "omit=" + encode("name{floors"), "pick="}) {
            Http.Answer answer = retrieve(query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.errorType()).as(query).isEqualTo("BadRequestData");
        }
        Http.Answer queried = HTTP.get("/ngsi-ld/v1/entities?type=Building&pick=name&omit=floors",
                "NGSILD-Tenant", TENANT);
        assertThat(queried.status()).isEqualTo(400);
    }

    @Test
    void queriesProjectTheSameWayByUrlAndByBody() {
        JsonNode byUrl = HTTP.get("/ngsi-ld/v1/entities?type=Building&pick=id,floors&options=keyValues",
                "NGSILD-Tenant", TENANT).json();
        assertThat(byUrl.toString()).isEqualTo("[{\"id\":\"" + ID + "\",\"floors\":4}]");

        Http.Answer byBody = HTTP.post("/ngsi-ld/v1/entityOperations/query?options=keyValues",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Building\"}], \"pick\": [\"id\", \"floors\"]}",
                "NGSILD-Tenant", TENANT);
        assertThat(byBody.status()).as(byBody.body()).isEqualTo(200);
        assertThat(byBody.json()).isEqualTo(byUrl);

        Http.Answer omitted = HTTP.post("/ngsi-ld/v1/entityOperations/query?options=keyValues",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Building\"}], \"omit\": \"type,scope,name\"}",
                "NGSILD-Tenant", TENANT);
        assertThat(omitted.json()).isEqualTo(byUrl);

        Http.Answer both = HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Building\"}], \"pick\": [\"id\"], \"omit\": [\"name\"]}",
                "NGSILD-Tenant", TENANT);
        assertThat(both.status()).isEqualTo(400);
        Http.Answer emptyAttrs = HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"Building\"}], \"attrs\": []}", "NGSILD-Tenant", TENANT);
        assertThat(emptyAttrs.status()).as("an empty attrs array").isEqualTo(400);
    }
}
