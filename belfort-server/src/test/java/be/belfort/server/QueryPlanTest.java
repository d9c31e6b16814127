package be.belfort.server;

import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import be.belfort.query.GeoQuery;
import be.belfort.query.QueryParser;
import be.belfort.query.TypeExpression;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries of the performance targets can be answered from indexes: with sequential scans priced
 * out, PostgreSQL's plan names the index it uses. (With realistic data the planner picks these plans by
 * itself; docs/query-performance.md shows them on 100,000 entities.)
 */
class QueryPlanTest {
    private static final String PARKING = "https://uri.etsi.org/ngsi-ld/default-context/OffStreetParking";
    private static final String FREE = "https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber";
    /** The id-order indexes: the primary key, and the same order with the types and expiry included (index-only). */
    private static final String[] TYPE_OR_ID_INDEXES = {"entities_types", "entities_pkey", "entities_type_order"};

    @Test
    void typeAndQUseTheTypeIndexOrTheIdOrder() {
        String plan = explain(new EntityQuery(List.of(new EntitySelector(List.of(), null,
                TypeExpression.parse(PARKING))), List.of(), QueryParser.parse("q", "free>100")
                .expand(name -> FREE), null, null, 20, 0, true));
        assertThat(plan).doesNotContain("Seq Scan on entities").containsAnyOf(TYPE_OR_ID_INDEXES);
    }

    @Test
    void nearUsesTheBoundingBoxIndex() {
        GeoQuery near = GeoQuery.of("near;maxDistance==2000", "Point", TextNode.valueOf("[3.72,51.05]"), null)
                .withGeoproperty("https://uri.etsi.org/ngsi-ld/location");
        String plan = explain(new EntityQuery(List.of(new EntitySelector(List.of(), null,
                TypeExpression.parse(PARKING))), List.of(), null, near, null, 20, 0, false));
        // On a handful of rows the planner may rightly prefer the tenant index to the bounding boxes; which one
        // wins depends on the table's statistics at that moment. docs/query-performance.md shows the bounding-box
        // plan on 100,000 entities.
        assertThat(plan).doesNotContain("Seq Scan on entity_geometries")
                .containsAnyOf("entity_geometries_bbox", "entity_geometries_entity");
    }

    @Test
    void aCountOverATypeUsesTheTypeIndex() {
        String plan = explain(new EntityQuery(List.of(new EntitySelector(List.of(), null,
                TypeExpression.parse(PARKING))), List.of(), null, null, null, 0, 0, true));
        assertThat(plan).doesNotContain("Seq Scan on entities").containsAnyOf(TYPE_OR_ID_INDEXES);
    }

    private static String explain(EntityQuery query) {
        return TestPlatform.shared().finder().explain("query-plan", query, true);
    }
}
