package be.belfort.storage.entities;

import be.belfort.model.Entity;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import be.belfort.query.Ordering;
import be.belfort.query.QueryTerms;
import be.belfort.storage.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * orderBy as PostgreSQL answers it ({@link OrderSql}): the first value of the attribute path, compared as JSONB
 * compares; entities without it last in either direction; ties by id.
 */
class OrderSqlTest {
    private static final String TENANT = "ordering";
    private static TestDatabase db;
    private static PostgresEntityFinder finder;

    @BeforeAll
    static void writeEntities() {
        db = new TestDatabase("ordering");
        finder = new PostgresEntityFinder(db.database().dataSource(), db.tenants(), TestDatabase.JSON);
        parking("o1", """
                "spots": {"type": "Property", "value": 30, "observedAt": "2026-01-03T00:00:00Z"},
                "name": {"type": "Property", "value": "b"},
                "opening": {"type": "Property", "value": {"from": "08:00"}},
                "inspected": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-01-02T00:00:00Z"}}""");
        parking("o2", """
                "spots": {"type": "Property", "value": 5, "observedAt": "2026-01-01T00:00:00Z"},
                "name": {"type": "Property", "value": "a"},
                "opening": {"type": "Property", "value": {"from": "06:00"}},
                "inspected": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-01-03T00:00:00Z"}}""");
        parking("o3", """
                "spots": {"type": "Property", "value": 30, "observedAt": "2026-01-02T00:00:00Z"},
                "name": {"type": "Property", "value": "c"},
                "inspected": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-01-01T00:00:00Z"}}""");
        parking("o4", """
                "name": {"type": "Property", "value": "d"}""");
        parking("o5", """
                "spots": {"type": "Property", "value": "many"},
                "name": {"type": "Property", "value": "e"}""");
    }

    private static void parking(String id, String attributes) {
        db.create(TENANT, "{\"id\": \"urn:ngsi-ld:P:" + id + "\", \"type\": \"P\", " + attributes + "}");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void withoutAnOrderEntitiesComeInIdOrder() {
        assertThat(ordered(null)).containsExactly("o1", "o2", "o3", "o4", "o5");
    }

    @Test
    void valuesCompareAsJsonbWithTiesByIdAndMissingValuesLast() {
        // JSONB orders a string before any number.
        assertThat(ordered("spots")).containsExactly("o5", "o2", "o1", "o3", "o4");
        assertThat(ordered("spots;desc")).containsExactly("o1", "o3", "o2", "o5", "o4");
    }

    @Test
    void laterKeysBreakTiesOfEarlierOnes() {
        assertThat(ordered("spots;desc,name;desc")).containsExactly("o3", "o1", "o2", "o5", "o4");
    }

    @Test
    void pathsLeadIntoCoreMembersAndJsonValues() {
        assertThat(ordered("spots.observedAt")).containsExactly("o2", "o3", "o1", "o4", "o5");
        assertThat(ordered("opening[from];desc")).containsExactly("o1", "o2", "o3", "o4", "o5");
    }

    @Test
    void aTypedValueOrdersByItsValue() {
        assertThat(ordered("inspected")).containsExactly("o3", "o1", "o2", "o4", "o5");
    }

    @Test
    void entityMembersOrderByTheirColumns() {
        assertThat(ordered("id;desc")).containsExactly("o5", "o4", "o3", "o2", "o1");
        assertThat(ordered("createdAt")).containsExactly("o1", "o2", "o3", "o4", "o5");
    }

    @Test
    void pagesOfAnOrderedQueryNeitherOverlapNorSkip() {
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 5; offset += 2) {
            paged.addAll(ordered("spots;desc", offset, 2));
        }
        assertThat(paged).containsExactly("o1", "o3", "o2", "o5", "o4");
    }

    private List<String> ordered(String orderBy) {
        return ordered(orderBy, 0, 100);
    }

    private List<String> ordered(String orderBy, int offset, int limit) {
        EntityQuery query = new EntityQuery(List.of(new EntitySelector(List.of(), null,
                QueryTerms.type("P", db.core()::expand))), List.of(), null, null, null, limit, offset, false);
        if (orderBy != null) {
            query = query.ordered(Ordering.parse(orderBy, db.core()::expand));
        }
        return finder.find(TENANT, query).entities().stream().map(Entity::id)
                .map(id -> id.substring(id.lastIndexOf(':') + 1)).toList();
    }
}
