package be.belfort.storage.entities;

import be.belfort.model.Entity;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import be.belfort.model.ReadScope;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import be.belfort.query.QueryTerms;
import be.belfort.storage.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query language as PostgreSQL answers it: each q (clause 4.9) is translated by {@link QuerySql} and
 * {@link JsonPathCondition}, run by {@link PostgresEntityFinder} on entities written through the entity store.
 */
class QuerySqlTest {
    private static final String TENANT = "queries";
    private static TestDatabase db;
    private static PostgresEntityFinder finder;

    @BeforeAll
    static void writeEntities() {
        db = new TestDatabase("queries");
        finder = new PostgresEntityFinder(db.database().dataSource(), db.tenants(), TestDatabase.JSON);
        db.create(TENANT, """
                {"id": "urn:ngsi-ld:OffStreetParking:p1", "type": "OffStreetParking", "scope": "/Gent/Centrum",
                 "availableSpotNumber": {"type": "Property", "value": 120, "observedAt": "2026-01-10T10:00:00Z",
                     "reliability": {"type": "Property", "value": 0.9}},
                 "name": {"type": "Property", "value": "Vrijdagmarkt"},
                 "status": {"type": "Property", "value": "open"},
                 "category": {"type": "Property", "value": ["public", "underground"]},
                 "opening": {"type": "Property", "value": {"from": "07:00", "days": {"sunday": false}}},
                 "lastInspection": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-01-05T08:00:00Z"}},
                 "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Organisation:gent"}}
                """);
        db.create(TENANT, """
                {"id": "urn:ngsi-ld:OffStreetParking:p2", "type": "OffStreetParking", "scope": "/Gent/Zuid",
                 "availableSpotNumber": {"type": "Property", "value": 8, "observedAt": "2026-01-09T10:00:00Z",
                     "reliability": {"type": "Property", "value": 0.4}},
                 "name": {"type": "Property", "value": "Sint-Pieters"},
                 "status": {"type": "Property", "value": "closed"},
                 "category": {"type": "Property", "value": ["public"]},
                 "opening": {"type": "Property", "value": {"from": "06:00", "days": {"sunday": true}}},
                 "lastInspection": {"type": "Property", "value": {"@type": "DateTime", "@value": "2025-11-20T08:00:00Z"}},
                 "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Organisation:nmbs"}}
                """);
        db.create(TENANT, """
                {"id": "urn:ngsi-ld:OffStreetParking:p3", "type": "OffStreetParking",
                 "name": {"type": "Property", "value": "Zuid \\"P3\\", it's full"},
                 "status": {"type": "Property", "value": "open"}}
                """);
        db.create(TENANT, """
                {"id": "urn:ngsi-ld:Bench:b1", "type": ["Bench", "StreetFurniture"],
                 "name": {"type": "Property", "value": "Vrijdagmarkt"}}
                """);
        db.create("elsewhere", """
                {"id": "urn:ngsi-ld:OffStreetParking:p1", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 500}}
                """);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void numbersCompareAsNumbers() {
        assertThat(parkings("availableSpotNumber>100")).containsExactly("p1");
        assertThat(parkings("availableSpotNumber<=8")).containsExactly("p2");
        assertThat(parkings("availableSpotNumber>=8;availableSpotNumber<120")).containsExactly("p2");
        assertThat(parkings("availableSpotNumber==120.0")).containsExactly("p1");
    }

    @Test
    void unequalHoldsOnlyForEntitiesThatHaveTheAttribute() {
        assertThat(parkings("availableSpotNumber!=8")).containsExactly("p1");
    }

    @Test
    void listsAndRangesMatchAnyListedValueOrAnyValueInTheRange() {
        assertThat(parkings("availableSpotNumber==8,120")).containsExactly("p1", "p2");
        assertThat(parkings("availableSpotNumber==5..50")).containsExactly("p2");
        assertThat(parkings("availableSpotNumber==121..500")).isEmpty();
        assertThat(parkings("name==\"Sint-Pieters\",\"Vrijdagmarkt\"")).containsExactly("p1", "p2");
    }

    @Test
    void stringsCompareExactlyAndWithQuotesAndApostrophesInTheValue() {
        assertThat(parkings("name==\"Sint-Pieters\"")).containsExactly("p2");
        assertThat(parkings("name==\"sint-pieters\"")).isEmpty();
        assertThat(parkings("name==\"Zuid \\\"P3\\\", it's full\"")).containsExactly("p3");
        assertThat(parkings("availableSpotNumber==\"120\"")).as("a string is not the number").isEmpty();
    }

    @Test
    void patternsMatchAsRegularExpressions() {
        assertThat(parkings("name~=\"Vrij.*\"")).containsExactly("p1");
        assertThat(parkings("name!~=\"Vrij.*\"")).containsExactly("p2", "p3");
    }

    @Test
    void anElementOfAnArrayValueMatches() {
        assertThat(parkings("category==\"underground\"")).containsExactly("p1");
        assertThat(parkings("category==\"public\"")).containsExactly("p1", "p2");
    }

    @Test
    void datesAndTimesCompareAsTimesAlsoWhenTyped() {
        assertThat(parkings("lastInspection>2026-01-01T00:00:00Z")).containsExactly("p1");
        assertThat(parkings("lastInspection<2026-01-01T00:00:00+01:00")).containsExactly("p2");
        assertThat(parkings("availableSpotNumber.observedAt>=2026-01-10T00:00:00Z")).containsExactly("p1");
        assertThat(parkings("availableSpotNumber.observedAt<2026-01-10")).containsExactly("p2");
    }

    @Test
    void subAttributesAndKeysInsideValuesAreFollowed() {
        assertThat(parkings("availableSpotNumber.reliability>0.5")).containsExactly("p1");
        assertThat(parkings("opening[from]==\"06:00\"")).containsExactly("p2");
        assertThat(parkings("opening[days][sunday]==true")).containsExactly("p2");
        assertThat(parkings("opening[closes]")).isEmpty();
    }

    @Test
    void relationshipsCompareTheirObject() {
        assertThat(parkings("owner==\"urn:ngsi-ld:Organisation:gent\"")).containsExactly("p1");
        assertThat(parkings("owner==urn:ngsi-ld:Organisation:nmbs")).containsExactly("p2");
    }

    @Test
    void presenceAndAbsenceOfAnAttribute() {
        assertThat(parkings("availableSpotNumber")).containsExactly("p1", "p2");
        assertThat(parkings("!availableSpotNumber")).containsExactly("p3");
        assertThat(parkings("availableSpotNumber.reliability")).containsExactly("p1", "p2");
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        assertThat(parkings("status==\"closed\"|status==\"open\";availableSpotNumber>100")).containsExactly("p1", "p2");
        assertThat(parkings("(status==\"closed\"|status==\"open\");availableSpotNumber<100")).containsExactly("p2");
    }

    @Test
    void typeExpressionsIdsAndIdPatternsSelect() {
        assertThat(ids(query("Bench,OffStreetParking", null, null, null))).hasSize(4);
        assertThat(ids(query("Bench;StreetFurniture", null, null, null))).containsExactly("urn:ngsi-ld:Bench:b1");
        assertThat(ids(query("(Bench;OffStreetParking)|StreetFurniture", null, null, null)))
                .containsExactly("urn:ngsi-ld:Bench:b1");
        assertThat(ids(query("OffStreetParking", "urn:ngsi-ld:OffStreetParking:p[23]$", null, null)))
                .containsExactly("urn:ngsi-ld:OffStreetParking:p2", "urn:ngsi-ld:OffStreetParking:p3");
        assertThat(ids(new EntityQuery(List.of(new EntitySelector(List.of("urn:ngsi-ld:Bench:b1"), null, null)),
                List.of(), null, null, null, 10, 0, false))).containsExactly("urn:ngsi-ld:Bench:b1");
    }

    @Test
    void aQueryByAttributesFindsEntitiesWithAnyOfThem() {
        EntityQuery query = new EntityQuery(List.of(), List.of(expand("owner"), expand("category")), null, null, null,
                10, 0, false);
        assertThat(ids(query)).containsExactly("urn:ngsi-ld:OffStreetParking:p1", "urn:ngsi-ld:OffStreetParking:p2");
    }

    @Test
    void scopeQueriesMatchScopesAndTheirDescendants() {
        assertThat(ids(query(null, null, null, "/Gent/#"))).hasSize(2);
        assertThat(ids(query(null, null, null, "/Gent/Zuid"))).containsExactly("urn:ngsi-ld:OffStreetParking:p2");
        assertThat(ids(query(null, null, null, "/Gent/+"))).hasSize(2);
        assertThat(ids(query(null, null, null, "/Brugge"))).isEmpty();
    }

    @Test
    void pagesFollowIdOrderAndTheCountCoversAllMatches() {
        EntityQuery query = new EntityQuery(List.of(new EntitySelector(List.of(), null,
                QueryTerms.type("OffStreetParking", this::expand))), List.of(), null, null, null, 2, 1, true);
        EntityQuery.Page page = finder.find(TENANT, query);
        assertThat(page.entities()).extracting(Entity::id)
                .containsExactly("urn:ngsi-ld:OffStreetParking:p2", "urn:ngsi-ld:OffStreetParking:p3");
        assertThat(page.total()).isEqualTo(3);
    }

    @Test
    void aQueryNeverSeesAnotherTenant() {
        assertThat(parkings("availableSpotNumber>200")).isEmpty();
        assertThat(finder.find("elsewhere", query("OffStreetParking", null, "availableSpotNumber>200", null)).entities())
                .hasSize(1);
    }

    @Test
    void aReaderSeesOnlyTheTypesItMayRead() {
        EntityQuery query = new EntityQuery(List.of(), List.of(), QueryTerms.q("name==\"Vrijdagmarkt\"", this::expand),
                null, null, 10, 0, false);
        assertThat(ids(query)).hasSize(2);
        ReadScope parkingsOnly = new ReadScope(Set.of(expand("OffStreetParking")), Set.of());
        assertThat(finder.find(TENANT, query.readableBy(parkingsOnly)).entities()).extracting(Entity::id)
                .containsExactly("urn:ngsi-ld:OffStreetParking:p1");
    }

    @Test
    void aRegularExpressionPostgresCannotCompileIsBadRequestData() {
        assertThatThrownBy(() -> parkings("name~=\"(unclosed\""))
                .isInstanceOfSatisfying(NgsiLdException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
    }

    /** The parkings matching q, by the last segment of their id. */
    private List<String> parkings(String q) {
        return ids(query("OffStreetParking", null, q, null)).stream()
                .map(id -> id.substring(id.lastIndexOf(':') + 1)).toList();
    }

    private EntityQuery query(String type, String idPattern, String q, String scopeQ) {
        List<EntitySelector> selectors = type == null && idPattern == null ? List.of()
                : List.of(new EntitySelector(List.of(), idPattern, QueryTerms.type(type, this::expand)));
        return new EntityQuery(selectors, List.of(), QueryTerms.q(q, this::expand), null, QueryTerms.scope(scopeQ),
                100, 0, false);
    }

    private List<String> ids(EntityQuery query) {
        return finder.find(TENANT, query).entities().stream().map(Entity::id).toList();
    }

    private String expand(String term) {
        return db.core().expand(term);
    }
}
