package be.belfort.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What NGSI-LD (ETSI GS CIM 009 v1.8, clauses 4.5 and 5.5) refuses in an entity and what it allows: names of the core
 * that cannot name attributes, timestamps in UTC, unitCode on Properties only, notification-only members, language
 * tags, invisible characters, null in a batch — and datasetId {@code @none} and GeoJSON given as a string.
 */
class PayloadValidationTest {
    private static final String TENANT = "payloads";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    private static Http.Answer create(String id, String attributes) {
        return HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Thing:" + id + "\", \"type\": \"Thing\""
                + (attributes.isEmpty() ? "" : ", " + attributes) + "}", "Content-Type", "application/json",
                "NGSILD-Tenant", TENANT);
    }

    private static void refused(Http.Answer answer, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("type").asText()).isEqualTo("https://uri.etsi.org/ngsi-ld/errors/BadRequestData");
        assertThat(answer.json().get("detail").asText()).contains(detail);
    }

    @Test
    void membersOfTheCoreCannotNameAnAttribute() {
        refused(create("reserved-1", "\"observedAt\": {\"type\": \"Property\", \"value\": 1}"), "observedAt");
        refused(create("reserved-2", "\"instanceId\": {\"type\": \"Property\", \"value\": 1}"), "instanceId");
        refused(create("reserved-3", "\"https://uri.etsi.org/ngsi-ld/datasetId\": {\"type\": \"Property\", \"value\": 1}"),
                "datasetId");
        assertThat(create("reserved-ok", "\"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"Point\","
                + " \"coordinates\": [3.7, 51.05]}}, \"name\": \"x\"").status()).isEqualTo(201);
    }

    /** Clause 4.7: a GeoProperty's value is a Point, MultiPoint, LineString, MultiLineString, Polygon or MultiPolygon. */
    @Test
    void aGeometryCollectionIsNoGeoPropertyValueNorAGeoQueryGeometry() {
        refused(create("collection-1", "\"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"GeometryCollection\","
                + " \"geometries\": [{\"type\": \"Point\", \"coordinates\": [3.7, 51.05]}]}}"), "GeometryCollection");
        refused(create("collection-2", "\"location\": {\"type\": \"GeoProperty\", \"value\": \"{\\\"type\\\": \\\"GeometryCollection\\\","
                + " \\\"geometries\\\": []}\"}"), "GeometryCollection");
        assertThat(create("collection-ok", "\"location\": {\"type\": \"GeoProperty\", \"value\": {\"type\": \"MultiPoint\","
                + " \"coordinates\": [[3.7, 51.05], [3.71, 51.06]]}}").status()).isEqualTo(201);
        Http.Answer query = HTTP.get("/ngsi-ld/v1/entities?type=Thing&georel=intersects&geometry=GeometryCollection"
                + "&coordinates=%5B%5D", "NGSILD-Tenant", TENANT);
        refused(query, "GeometryCollection");
    }

    @Test
    void observedAtIsInUtcWithAZ() {
        refused(create("time-1", "\"a\": {\"type\": \"Property\", \"value\": 1, \"observedAt\": \"2026-01-01T10:00:00+02:00\"}"),
                "UTC");
        assertThat(create("time-ok", "\"a\": {\"type\": \"Property\", \"value\": 1,"
                + " \"observedAt\": \"2026-01-01T08:00:00Z\"}").status()).isEqualTo(201);
    }

    @Test
    void onlyAPropertyHasAUnitCode() {
        refused(create("unit-1", "\"a\": {\"type\": \"JsonProperty\", \"json\": {\"x\": 1}, \"unitCode\": \"CEL\"}"),
                "unitCode");
        refused(create("unit-2", "\"a\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Thing:x\", \"unitCode\": \"CEL\"}"),
                "unitCode");
        assertThat(create("unit-ok", "\"a\": {\"type\": \"Property\", \"value\": 21.5, \"unitCode\": \"CEL\"}").status())
                .isEqualTo(201);
    }

    @Test
    void previousValuesAreShownInNotificationsAndNeverWritten() {
        refused(create("previous-1", "\"a\": {\"type\": \"Property\", \"value\": 1, \"previousValue\": 0}"), "previousValue");
        refused(create("previous-2", "\"a\": {\"type\": \"Relationship\", \"object\": \"urn:ngsi-ld:Thing:x\","
                + " \"previousObject\": \"urn:ngsi-ld:Thing:y\"}"), "previousObject");
    }

    @Test
    void aLanguageMapIsKeyedByLanguageTags() {
        refused(create("lang-1", "\"a\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"\": \"x\"}}"), "language tag");
        refused(create("lang-2", "\"a\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"n l\": \"x\"}}"), "language tag");
        assertThat(create("lang-ok", "\"a\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"nl\": \"Gent\","
                + " \"en-GB\": \"Ghent\", \"@none\": \"Gent\"}}").status()).isEqualTo(201);
    }

    @Test
    void idsAndNamesWithInvisibleCharactersAreRefused() {
        refused(create("zero\u200bwidth", ""), "URI");
        refused(create("name-1", "\"na\u00a0me\": 1"), "forbidden character");
        refused(create("name-2", "\"\ufeffname\": 1"), "forbidden character");
    }

    @Test
    void aNullElementMakesTheWholeBatchABadRequest() {
        Http.Answer answer = HTTP.post("/ngsi-ld/v1/entityOperations/create",
                "[{\"id\": \"urn:ngsi-ld:Thing:batch-1\", \"type\": \"Thing\"}, null]", "Content-Type", "application/json",
                "NGSILD-Tenant", TENANT);
        refused(answer, "null");
        assertThat(HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Thing:batch-1", "NGSILD-Tenant", TENANT).status())
                .as("nothing of the batch was written").isEqualTo(404);
    }

    @Test
    void datasetIdNoneNamesTheDefaultInstance() {
        assertThat(create("none-1", "\"a\": {\"type\": \"Property\", \"value\": 7, \"datasetId\": \"@none\"}").status())
                .isEqualTo(201);
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Thing:none-1", "NGSILD-Tenant", TENANT);
        assertThat(answer.json().at("/a/value").asInt()).isEqualTo(7);
        assertThat(answer.json().at("/a").has("datasetId")).as("the default instance has no datasetId").isFalse();
    }

    @Test
    void aGeometryMayBeGivenAsAStringOfGeoJson() {
        assertThat(create("geo-string", "\"location\": {\"type\": \"GeoProperty\","
                + " \"value\": \"{\\\"type\\\": \\\"Point\\\", \\\"coordinates\\\": [3.72, 51.05]}\"}").status()).isEqualTo(201);
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities/urn:ngsi-ld:Thing:geo-string", "NGSILD-Tenant", TENANT);
        assertThat(answer.json().at("/location/value/type").asText()).isEqualTo("Point");
        refused(create("geo-bad", "\"location\": {\"type\": \"GeoProperty\", \"value\": \"POINT (3.7 51.05)\"}"), "GeoJSON");
    }
}
