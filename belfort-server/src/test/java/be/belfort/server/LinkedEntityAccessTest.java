package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linked entity retrieval (join) never shows a linked entity that the reader may not read: a Relationship to an
 * entity of a restricted dataset stays a link for an anonymous reader, and one to personal data stays a link for a
 * reader, on retrieval and queries, inline and flat.
 */
class LinkedEntityAccessTest {
    private static final String ADMIN_KEY = "linked-admin-key-0123456789";
    private static final String TENANT = "linkedaccess";
    private static final String BUILDING = "urn:ngsi-ld:Building:access-1";
    private static final String OWNER = "urn:ngsi-ld:Organization:access-owner";
    private static final String KEEPER = "urn:ngsi-ld:Person:access-keeper";
    private static Platform platform;
    private static Http http;
    private static String reader;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, ADMIN_KEY));
        http = new Http(platform.port());
        String publisher = key("publisher");
        reader = key("reader");
        for (String body : List.of(
                "{\"id\": \"" + OWNER + "\", \"type\": \"Organization\", \"name\": {\"type\": \"Property\", \"value\": \"Stad\"}}",
                "{\"id\": \"" + KEEPER + "\", \"type\": \"Person\", \"name\": {\"type\": \"Property\", \"value\": \"Jan\"}}",
                "{\"id\": \"" + BUILDING + "\", \"type\": \"Building\", \"ownedBy\": {\"type\": \"Relationship\", \"object\": \""
                        + OWNER + "\"}, \"keptBy\": {\"type\": \"Relationship\", \"object\": \"" + KEEPER + "\"}}")) {
            Http.Answer created = http.post("/ngsi-ld/v1/entities", body, "Content-Type", "application/json",
                    "NGSILD-Tenant", TENANT, "X-API-Key", publisher);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        dataset("Building", "{\"accessLevel\": \"open\", " + OpenDataTest.METADATA + "}");
        dataset("Organization", "{\"accessLevel\": \"restricted\"}");
        dataset("Person", "{\"accessLevel\": \"personal\"}");
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String key(String role) {
        Http.Answer answer = http.post("/admin/keys", "{\"tenant\": \"" + TENANT + "\", \"role\": \"" + role + "\"}",
                "X-API-Key", ADMIN_KEY);
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("key").asText();
    }

    private static void dataset(String type, String body) {
        Http.Answer answer = http.put("/admin/datasets/" + TENANT + "/" + type, body, "X-API-Key", ADMIN_KEY);
        assertThat(answer.status()).as(answer.body()).isIn(200, 201);
    }

    private static JsonNode read(String path, String key) {
        List<String> headers = new ArrayList<>(List.of("NGSILD-Tenant", TENANT));
        if (key != null) {
            headers.addAll(List.of("X-API-Key", key));
        }
        Http.Answer answer = http.get(path, headers.toArray(String[]::new));
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void anAnonymousReaderSeesNoLinkedEntityOfARestrictedDataset() {
        JsonNode building = read("/ngsi-ld/v1/entities/" + BUILDING + "?join=inline", null);
        assertThat(building.at("/ownedBy/object").asText()).isEqualTo(OWNER);
        assertThat(building.get("ownedBy").has("entity")).isFalse();
        assertThat(building.get("keptBy").has("entity")).isFalse();
        JsonNode flat = read("/ngsi-ld/v1/entities?type=Building&join=flat", null);
        assertThat(flat).extracting(entity -> entity.get("id").asText()).containsExactly(BUILDING);
        assertThat(flat.toString()).doesNotContain("Stad").doesNotContain("Jan");
    }

    @Test
    void aReaderSeesTheRestrictedLinkedEntityButNotThePersonalOne() {
        JsonNode building = read("/ngsi-ld/v1/entities/" + BUILDING + "?join=inline", reader);
        assertThat(building.at("/ownedBy/entity/name/value").asText()).isEqualTo("Stad");
        assertThat(building.get("keptBy").has("entity")).isFalse();
        JsonNode flat = read("/ngsi-ld/v1/entities/" + BUILDING + "?join=flat", reader);
        assertThat(flat).extracting(entity -> entity.get("id").asText()).containsExactly(BUILDING, OWNER);
        assertThat(flat.toString()).doesNotContain("Jan");
    }

    @Test
    void qOverLinkedEntitiesDoesNotSeeWhatTheReaderMayNotRead() {
        String byOwner = "/ngsi-ld/v1/entities?type=Building&join=inline&q=ownedBy%7Bname%7D==%22Stad%22";
        assertThat(read(byOwner, null)).as("anonymous: the restricted owner is not searched").isEmpty();
        assertThat(read(byOwner, reader)).extracting(entity -> entity.get("id").asText()).containsExactly(BUILDING);
        assertThat(read("/ngsi-ld/v1/entities?type=Building&join=inline&q=keptBy%7Bname%7D==%22Jan%22", reader))
                .as("a reader: the personal keeper is not searched").isEmpty();
    }
}
