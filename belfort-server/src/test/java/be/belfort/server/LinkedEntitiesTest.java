package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linked entity retrieval (ETSI GS CIM 009 v1.8.1: the {@code join}, {@code joinLevel} and {@code containedBy}
 * parameters of Retrieve Entity and Query Entities): "inline" shows the linked entity inside the Relationship
 * that points at it ({@code entity}, {@code entityList} for a ListRelationship, the entity itself in place of
 * the object in the simplified representation); "flat" lists the linked entities after the answer's own.
 */
class LinkedEntitiesTest {
    private static final String TENANT = "linked";
    private static final String ENTITIES = "/ngsi-ld/v1/entities";
    private static final String PARK = "urn:ngsi-ld:OffStreetParking:linked-1";
    private static final String OPERATOR = "urn:ngsi-ld:Organization:linked-operator";
    private static final String CITY = "urn:ngsi-ld:City:linked-ghent";
    private static final String SENSOR_A = "urn:ngsi-ld:Device:linked-a";
    private static final String SENSOR_B = "urn:ngsi-ld:Device:linked-b";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void aParkItsOperatorAndTheOperatorsCity() {
        create("{\"id\": \"" + CITY + "\", \"type\": \"City\", \"name\": {\"type\": \"Property\", \"value\": \"Gent\"},"
                + " \"operatorOf\": {\"type\": \"Relationship\", \"object\": \"" + PARK + "\"}}");
        create("{\"id\": \"" + OPERATOR + "\", \"type\": \"Organization\", \"name\": {\"type\": \"Property\","
                + " \"value\": \"Mobiliteitsbedrijf\"}, \"seatedIn\": {\"type\": \"Relationship\", \"object\": \"" + CITY + "\"}}");
        create("{\"id\": \"" + SENSOR_A + "\", \"type\": \"Device\", \"name\": {\"type\": \"Property\", \"value\": \"A\"}}");
        create("{\"id\": \"" + SENSOR_B + "\", \"type\": \"Device\", \"name\": {\"type\": \"Property\", \"value\": \"B\"}}");
        create("{\"id\": \"" + PARK + "\", \"type\": \"OffStreetParking\", \"name\": {\"type\": \"Property\", \"value\": \"Kouter\"},"
                + " \"operatedBy\": {\"type\": \"Relationship\", \"object\": \"" + OPERATOR + "\"},"
                + " \"owner\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Person:linked-nobody\"},"
                + " \"sensors\": {\"type\": \"ListRelationship\", \"objectList\": [\"" + SENSOR_A + "\", \"" + SENSOR_B + "\"]}}");
    }

    private static void create(String body) {
        Http.Answer created = HTTP.post(ENTITIES, body, "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static JsonNode get(String path) {
        Http.Answer answer = HTTP.get(path, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void inlineShowsTheLinkedEntityInsideTheRelationshipOneLevelDeepByDefault() {
        JsonNode park = get(ENTITIES + "/" + PARK + "?join=inline");
        JsonNode operator = park.at("/operatedBy/entity");
        assertThat(park.at("/operatedBy/object").asText()).isEqualTo(OPERATOR);
        assertThat(operator.get("id").asText()).isEqualTo(OPERATOR);
        assertThat(operator.at("/name/value").asText()).isEqualTo("Mobiliteitsbedrijf");
        assertThat(operator.at("/seatedIn/object").asText()).isEqualTo(CITY);
        assertThat(operator.at("/seatedIn").has("entity")).as("joinLevel 1 stops at the operator").isFalse();
        assertThat(park.get("owner").has("entity")).as("a link to nothing shows no entity").isFalse();
        assertThat(park.at("/sensors/entityList")).extracting(sensor -> sensor.get("id").asText())
                .containsExactly(SENSOR_A, SENSOR_B);
        assertThat(get(ENTITIES + "/" + PARK).get("operatedBy").has("entity")).as("without join").isFalse();
    }

    @Test
    void joinLevelFollowsLinksDeeperAndACycleEnds() {
        JsonNode park = get(ENTITIES + "/" + PARK + "?join=inline&joinLevel=2");
        assertThat(park.at("/operatedBy/entity/seatedIn/entity/name/value").asText()).isEqualTo("Gent");
        JsonNode deep = get(ENTITIES + "/" + PARK + "?join=inline&joinLevel=4");
        // park -> operator -> city -> park -> operator: four levels, then the links stay links
        assertThat(deep.at("/operatedBy/entity/seatedIn/entity/operatorOf/entity/operatedBy/entity/id").asText())
                .isEqualTo(OPERATOR);
        assertThat(deep.at("/operatedBy/entity/seatedIn/entity/operatorOf/entity/operatedBy/entity/seatedIn")
                .has("entity")).isFalse();
    }

    @Test
    void inlineInTheSimplifiedRepresentationPutsTheEntityInPlaceOfItsId() {
        JsonNode park = get(ENTITIES + "/" + PARK + "?join=inline&options=keyValues");
        assertThat(park.at("/operatedBy/id").asText()).isEqualTo(OPERATOR);
        assertThat(park.at("/operatedBy/name").asText()).isEqualTo("Mobiliteitsbedrijf");
        assertThat(park.at("/operatedBy/seatedIn").asText()).isEqualTo(CITY);
        assertThat(park.get("owner").asText()).isEqualTo("urn:ngsi-ld:Person:linked-nobody");
        assertThat(park.at("/sensors/1/name").asText()).isEqualTo("B");
        JsonNode concise = get(ENTITIES + "/" + PARK + "?join=inline&options=concise");
        assertThat(concise.at("/operatedBy/entity/name").asText()).isEqualTo("Mobiliteitsbedrijf");
    }

    @Test
    void flatAnswersTheEntityThenEveryEntityItsLinksReach() {
        JsonNode graph = get(ENTITIES + "/" + PARK + "?join=flat");
        assertThat(graph.isArray()).isTrue();
        assertThat(graph.get(0).get("id").asText()).isEqualTo(PARK);
        assertThat(graph).extracting(entity -> entity.get("id").asText())
                .containsExactlyInAnyOrder(PARK, OPERATOR, SENSOR_A, SENSOR_B);
        JsonNode deeper = get(ENTITIES + "/" + PARK + "?join=flat&joinLevel=3");
        assertThat(deeper).extracting(entity -> entity.get("id").asText()).as("the park is not repeated")
                .containsExactlyInAnyOrder(PARK, OPERATOR, SENSOR_A, SENSOR_B, CITY);
        assertThat(deeper.get(4).get("id").asText()).as("level by level").isEqualTo(CITY);
        Http.Answer ld = HTTP.get(ENTITIES + "/" + PARK + "?join=flat", "NGSILD-Tenant", TENANT,
                "Accept", "application/ld+json");
        assertThat(ld.json().get(0).has("@context")).isTrue();
    }

    @Test
    void containedByNamesEntitiesAlreadySeenThatAreNotFetchedAgain() {
        JsonNode graph = get(ENTITIES + "/" + PARK + "?join=flat&containedBy=" + OPERATOR + "," + SENSOR_A);
        assertThat(graph).extracting(entity -> entity.get("id").asText()).containsExactly(PARK, SENSOR_B);
    }

    @Test
    void aQueryJoinsEveryEntityOfItsPage() {
        JsonNode flat = get(ENTITIES + "?type=OffStreetParking,Organization&join=flat");
        assertThat(flat).extracting(entity -> entity.get("id").asText()).as("the page, then what it links to")
                .containsExactlyInAnyOrder(PARK, OPERATOR, SENSOR_A, SENSOR_B, CITY);
        assertThat(flat.get(0).get("id").asText()).isEqualTo(PARK);
        assertThat(flat.get(1).get("id").asText()).isEqualTo(OPERATOR);
        Http.Answer counted = HTTP.get(ENTITIES + "?type=OffStreetParking&join=flat&count=true", "NGSILD-Tenant", TENANT);
        assertThat(counted.header("NGSILD-Results-Count")).as("the count is of the matches").isEqualTo("1");
        JsonNode both = get(ENTITIES + "?type=OffStreetParking,Organization&join=inline");
        assertThat(both.at("/0/operatedBy/entity/name/value").asText()).as("an entity of the page is inlined too")
                .isEqualTo("Mobiliteitsbedrijf");
        JsonNode inline = get(ENTITIES + "?type=OffStreetParking&join=inline&options=keyValues");
        assertThat(inline).hasSize(1);
        assertThat(inline.at("/0/operatedBy/name").asText()).isEqualTo("Mobiliteitsbedrijf");
        Http.Answer posted = HTTP.post("/ngsi-ld/v1/entityOperations/query?join=inline",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"OffStreetParking\"}]}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.json().at("/0/operatedBy/entity/id").asText()).isEqualTo(OPERATOR);
    }

    @Test
    void anUnknownJoinOrAJoinLevelThatIsNotAPositiveIntegerIsABadRequest() {
        for (String query : new String[]{"join=deep", "join=flat&joinLevel=0", "join=inline&joinLevel=two",
                "join=flat&containedBy=not%20an%20id"}) {
            Http.Answer answer = HTTP.get(ENTITIES + "/" + PARK + "?" + query, "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        }
        assertThat(get(ENTITIES + "/" + PARK + "?join=@none").has("id")).isTrue();
    }
}
