package be.belfort.query;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EntityQueryIdsTest {
    private static final TypeExpression SENSOR = TypeExpression.parse("https://example.org/Sensor");

    private static EntityQuery query(EntitySelector... selectors) {
        return new EntityQuery(List.of(selectors), List.of(), null, null, null, 20, 40, true);
    }

    @Test
    void aQueryForSomeEntitiesKeepsItsFiltersAndNamesOnlyThoseIds() {
        EntityQuery narrowed = query(new EntitySelector(List.of(), "urn:.*", SENSOR)).forIds(List.of("urn:a", "urn:b"));
        assertThat(narrowed.selectors()).containsExactly(new EntitySelector(List.of("urn:a", "urn:b"), "urn:.*", SENSOR));
        assertThat(narrowed.limit()).isEqualTo(20);
        assertThat(query().forIds(List.of("urn:a")).selectors()).containsExactly(
                new EntitySelector(List.of("urn:a"), null, null));
    }

    @Test
    void aSelectorThatNamesIdsKeepsOnlyThoseOfThemAndOneThatNamesNoneOfThemIsDropped() {
        EntityQuery narrowed = query(new EntitySelector(List.of("urn:a", "urn:c"), null, SENSOR),
                new EntitySelector(List.of("urn:d"), null, null)).forIds(List.of("urn:a", "urn:b"));
        assertThat(narrowed.selectors()).containsExactly(new EntitySelector(List.of("urn:a"), null, SENSOR));
        assertThat(query(new EntitySelector(List.of("urn:d"), null, null)).forIds(List.of("urn:a"))).isNull();
    }

    @Test
    void aPageOfTheSameQuery() {
        EntityQuery paged = query().paged(5, 10);
        assertThat(paged.limit()).isEqualTo(5);
        assertThat(paged.offset()).isEqualTo(10);
        assertThat(paged.count()).isTrue();
    }
}
