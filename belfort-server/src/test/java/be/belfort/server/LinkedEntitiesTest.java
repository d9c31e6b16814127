package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
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
    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

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
        create(TENANT, body);
    }

    private static void create(String tenant, String body) {
        Http.Answer created = HTTP.post(ENTITIES, body, "Content-Type", "application/json", "NGSILD-Tenant", tenant);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** Braces are not allowed in a URI as they are: a client sends them percent-encoded. */
    private static String braces(String path) {
        return path.replace("{", "%7B").replace("}", "%7D");
    }

    private static JsonNode get(String path) {
        Http.Answer answer = HTTP.get(braces(path), "NGSILD-Tenant", TENANT);
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

    @Test
    void flatWithLinksThatReachNothingAnswersTheEntityAlone() {
        // ETSI test 018_14: a Relationship to an entity that does not exist leaves the entity as it is
        create("{\"id\": \"urn:ngsi-ld:Building:linked-lonely\", \"type\": \"Building\","
                + " \"locatedAt\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:City:linked-nowhere\"}}");
        for (String join : new String[]{"flat", "inline"}) {
            JsonNode building = get(ENTITIES + "/urn:ngsi-ld:Building:linked-lonely?join=" + join);
            assertThat(building.isObject()).as(join).isTrue();
            assertThat(building.at("/locatedAt/object").asText()).isEqualTo("urn:ngsi-ld:City:linked-nowhere");
            assertThat(building.get("locatedAt").has("entity")).isFalse();
        }
    }

    @Test
    void anEntityOfAnotherTenantIsNeverJoined() {
        // the same id exists in another tenant only: the link leads nowhere here
        create("linked-elsewhere", "{\"id\": \"urn:ngsi-ld:Person:linked-nobody\", \"type\": \"Person\","
                + " \"name\": {\"type\": \"Property\", \"value\": \"Elsewhere\"}}");
        JsonNode park = get(ENTITIES + "/" + PARK + "?join=inline");
        assertThat(park.get("owner").has("entity")).isFalse();
        JsonNode flat = get(ENTITIES + "/" + PARK + "?join=flat&joinLevel=2");
        assertThat(flat.toString()).doesNotContain("Elsewhere");
    }

    @Test
    void pickProjectsTheLinkedEntitiesThroughTheRelationshipThatLeadsToThem() {
        // ETSI tests 019_20 and 019_22: pick=id,rel{…} shows rel and only what the braces name of its entity
        JsonNode park = get(ENTITIES + "/" + PARK + "?join=inline&joinLevel=2&pick=id,operatedBy{id,seatedIn{name}}");
        assertThat(park.has("name")).isFalse();
        assertThat(park.has("type")).isFalse();
        JsonNode operator = park.at("/operatedBy/entity");
        assertThat(operator.get("id").asText()).isEqualTo(OPERATOR);
        assertThat(operator.has("name")).isFalse();
        assertThat(operator.has("type")).isFalse();
        assertThat(operator.at("/seatedIn/entity/name/value").asText()).isEqualTo("Gent");
        assertThat(operator.at("/seatedIn/entity").has("id")).isFalse();
        assertThat(operator.at("/seatedIn/entity").has("operatorOf")).isFalse();

        JsonNode flat = get(ENTITIES + "/" + PARK + "?join=flat&joinLevel=2&pick=id,operatedBy{id,seatedIn{name}}");
        assertThat(flat).as("the sensors are not picked, so not followed").hasSize(3);
        assertThat(flat.get(1).get("id").asText()).isEqualTo(OPERATOR);
        assertThat(flat.get(1).has("name")).isFalse();
        assertThat(flat.get(2).fieldNames()).toIterable().containsExactly("name");

        JsonNode unlinked = get(ENTITIES + "/" + PARK + "?join=flat&pick=id,name");
        assertThat(unlinked.isObject()).as("no relationship picked, nothing followed").isTrue();
    }

    @Test
    void omitLeavesMembersOutOfTheLinkedEntityButKeepsItsRelationship() {
        // ETSI tests 019_21 and 019_23: omit=rel{attr} keeps rel and leaves attr out of its entity
        JsonNode park = get(ENTITIES + "/" + PARK + "?join=inline&joinLevel=2&omit=type,operatedBy{name,seatedIn{name}}");
        assertThat(park.has("type")).isFalse();
        assertThat(park.has("name")).isTrue();
        JsonNode operator = park.at("/operatedBy/entity");
        assertThat(operator.get("type").asText()).isEqualTo("Organization");
        assertThat(operator.has("name")).isFalse();
        assertThat(operator.at("/seatedIn/entity").has("name")).isFalse();
        assertThat(operator.at("/seatedIn/entity/type").asText()).isEqualTo("City");
        assertThat(park.at("/sensors/entityList/0/name/value").asText()).as("not named: whole").isEqualTo("A");

        Http.Answer posted = HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"OffStreetParking\"}], \"join\": \"flat\","
                        + " \"omit\": [\"operatedBy{name}\"]}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.json()).extracting(entity -> entity.get("id").asText())
                .containsExactlyInAnyOrder(PARK, OPERATOR, SENSOR_A, SENSOR_B);
        JsonNode operatorAlone = java.util.stream.StreamSupport.stream(posted.json().spliterator(), false)
                .filter(entity -> entity.get("id").asText().equals(OPERATOR)).findFirst().orElseThrow();
        assertThat(operatorAlone.has("name")).isFalse();
        assertThat(operatorAlone.has("seatedIn")).isTrue();
        assertThat(java.util.stream.StreamSupport.stream(posted.json().spliterator(), false)
                .filter(entity -> entity.get("id").asText().equals(SENSOR_A)).findFirst().orElseThrow().has("name"))
                .as("a sensor, not named: whole").isTrue();
    }

    @Test
    void aNestedProjectionTheJoinCannotServeIsABadRequest() {
        // clause 5.7.2.4: linked entity projection without join, or deeper than joinLevel
        for (String query : new String[]{"pick=operatedBy{name}", "join=inline&pick=operatedBy{seatedIn{name}}",
                "join=flat&joinLevel=1&omit=operatedBy{seatedIn{name}}", "join=inline&pick=operatedBy{}",
                "join=inline&pick=operatedBy{name", "join=inline&attrs=operatedBy{name}", "join=inline&joinLevel=11"}) {
            Http.Answer answer = HTTP.get(braces(ENTITIES + "/" + PARK + "?" + query), "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        }
        Http.Answer body = HTTP.post("/ngsi-ld/v1/entityOperations/query",
                "{\"type\": \"Query\", \"entities\": [{\"type\": \"OffStreetParking\"}], \"join\": \"inline\","
                        + " \"joinLevel\": 0}", "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(body.status()).as(body.body()).isEqualTo(400);
    }

    @Test
    void notificationsCarryTheLinkedEntitiesInlineOrFlat() {
        // ETSI tests 046_23 to 046_30: notification.join and notification.joinLevel
        String inline = subscribe("urn:ngsi-ld:Subscription:linked-inline", "\"join\": \"inline\", \"joinLevel\": 2");
        String flat = subscribe("urn:ngsi-ld:Subscription:linked-flat",
                "\"join\": \"flat\", \"attributes\": [\"operatedBy\"], \"format\": \"keyValues\"");
        Http.Answer updated = HTTP.send("PATCH", ENTITIES + "/" + PARK + "/attrs",
                "{\"name\": {\"type\": \"Property\", \"value\": \"Kouter-Zuid\"}}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(updated.status()).as(updated.body()).isEqualTo(204);

        JsonNode inlineData = RECEIVER.await(1, r -> inline.equals(r.body().path("subscriptionId").asText()))
                .get(0).body().get("data");
        assertThat(inlineData).hasSize(1);
        assertThat(inlineData.at("/0/name/value").asText()).isEqualTo("Kouter-Zuid");
        assertThat(inlineData.at("/0/operatedBy/entity/name/value").asText()).isEqualTo("Mobiliteitsbedrijf");
        assertThat(inlineData.at("/0/operatedBy/entity/seatedIn/entity/name/value").asText()).isEqualTo("Gent");
        assertThat(inlineData.at("/0/sensors/entityList/1/id").asText()).isEqualTo(SENSOR_B);

        JsonNode flatData = RECEIVER.await(1, r -> flat.equals(r.body().path("subscriptionId").asText()))
                .get(0).body().get("data");
        assertThat(flatData).as("the attributes name the park's own; only operatedBy is followed")
                .extracting(entity -> entity.get("id").asText()).containsExactly(PARK, OPERATOR);
        assertThat(flatData.get(0).has("name")).isFalse();
        assertThat(flatData.at("/1/name").asText()).as("the linked entity whole, simplified").isEqualTo("Mobiliteitsbedrijf");
        assertThat(flatData.at("/1/seatedIn").asText()).isEqualTo(CITY);

        Http.Answer refused = HTTP.post("/ngsi-ld/v1/subscriptions", "{\"type\": \"Subscription\", \"entities\":"
                + " [{\"type\": \"OffStreetParking\"}], \"notification\": {\"endpoint\": {\"uri\": \""
                + RECEIVER.url() + "\"}, \"join\": \"deep\"}}", "NGSILD-Tenant", TENANT);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        for (String id : new String[]{inline, flat}) {
            assertThat(HTTP.send("DELETE", "/ngsi-ld/v1/subscriptions/" + id, null, "NGSILD-Tenant", TENANT).status())
                    .isEqualTo(204);
        }
    }

    private static String subscribe(String id, String notification) {
        Http.Answer created = HTTP.post("/ngsi-ld/v1/subscriptions", "{\"id\": \"" + id + "\", \"type\": \"Subscription\","
                + " \"entities\": [{\"type\": \"OffStreetParking\"}], \"watchedAttributes\": [\"name\"],"
                + " \"notification\": {\"endpoint\": {\"uri\": \"" + RECEIVER.url() + "\"}, " + notification + "}}",
                "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    @Test
    void qOverLinkedEntitiesSelectsByWhatTheRelationshipsLeadTo() {
        // v1.8.1 clause 4.9: rel{attr} names an attribute of the entity rel leads to
        String byOperator = ENTITIES + "?type=OffStreetParking&join=inline&q=operatedBy{name}==%22Mobiliteitsbedrijf%22";
        assertThat(get(byOperator)).extracting(entity -> entity.get("id").asText()).containsExactly(PARK);
        assertThat(get(ENTITIES + "?type=OffStreetParking&join=inline&q=operatedBy{name}==%22Elders%22")).isEmpty();
        assertThat(get(ENTITIES + "?type=OffStreetParking&join=flat&joinLevel=2&q=operatedBy{seatedIn{name}}==%22Gent%22"))
                .extracting(entity -> entity.get("id").asText()).contains(PARK);
        assertThat(get(ENTITIES + "?type=OffStreetParking&join=inline&q=sensors{name}==%22B%22;name"))
                .as("through a ListRelationship").hasSize(1);
        assertThat(get(ENTITIES + "?type=OffStreetParking&join=inline&q=owner{name}%7CoperatedBy{name}==%22x%22"))
                .as("a link to nothing matches nothing").isEmpty();
        Http.Answer posted = HTTP.post("/ngsi-ld/v1/entityOperations/query", "{\"type\": \"Query\", \"entities\":"
                + " [{\"type\": \"OffStreetParking\"}], \"q\": \"operatedBy{name}\", \"join\": \"inline\"}",
                "Content-Type", "application/json", "NGSILD-Tenant", TENANT);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.json()).hasSize(1);
    }

    @Test
    void qOverLinkedEntitiesTheJoinCannotServeIsABadRequest() {
        // clause 5.7.2.4: without join, or deeper than joinLevel; elsewhere than Query Entities
        for (String path : new String[]{ENTITIES + "?type=OffStreetParking&q=operatedBy{name}",
                ENTITIES + "?type=OffStreetParking&join=inline&q=operatedBy{seatedIn{name}}",
                ENTITIES + "?type=OffStreetParking&join=inline&q=!operatedBy{name}",
                "/ngsi-ld/v1/temporal/entities?type=OffStreetParking&join=inline&q=operatedBy{name}"}) {
            Http.Answer answer = HTTP.get(braces(path), "NGSILD-Tenant", TENANT);
            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        }
        Http.Answer subscription = HTTP.post("/ngsi-ld/v1/subscriptions", "{\"type\": \"Subscription\", \"entities\":"
                + " [{\"type\": \"OffStreetParking\"}], \"q\": \"operatedBy{name}\", \"notification\": {\"endpoint\":"
                + " {\"uri\": \"" + RECEIVER.url() + "\"}, \"join\": \"inline\"}}", "NGSILD-Tenant", TENANT);
        assertThat(subscription.status()).as(subscription.body()).isEqualTo(400);
    }

    @Test
    void periodicNotificationsCarryTheLinkedEntitiesToo() {
        String id = "urn:ngsi-ld:Subscription:linked-periodic";
        Http.Answer created = HTTP.post("/ngsi-ld/v1/subscriptions", "{\"id\": \"" + id + "\", \"type\": \"Subscription\","
                + " \"entities\": [{\"id\": \"" + PARK + "\", \"type\": \"OffStreetParking\"}], \"timeInterval\": 1, \"notification\": {\"endpoint\":"
                + " {\"uri\": \"" + RECEIVER.url() + "\"}, \"join\": \"inline\"}}", "NGSILD-Tenant", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode data = RECEIVER.await(1, r -> id.equals(r.body().path("subscriptionId").asText())).get(0).body().get("data");
        assertThat(data.at("/0/operatedBy/entity/name/value").asText()).isEqualTo("Mobiliteitsbedrijf");
        assertThat(HTTP.send("DELETE", "/ngsi-ld/v1/subscriptions/" + id, null, "NGSILD-Tenant", TENANT).status())
                .isEqualTo(204);
    }
}
