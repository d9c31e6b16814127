package be.belfort.storage.entities;

import be.belfort.storage.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rewrite of a group of entities reads only the rows it rewrites, even with the plan PostgreSQL keeps from
 * when the table was almost empty and had no statistics: a fresh platform that loads its first entities and then
 * updates them ran at a third of its speed until the table was analysed, each group joining the whole tenant.
 */
class RewritePlanTest {
    private static TestDatabase db;

    @BeforeAll
    static void start() {
        db = new TestDatabase("rewrite-plan");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aPlanMadeOnAnAlmostEmptyTableStillReadsOnlyTheRewrittenRows() throws Exception {
        try (Connection connection = db.database().dataSource().getConnection();
             Statement sql = connection.createStatement()) {
            // A table of this session only, never analysed, that the statement's unqualified name resolves to.
            sql.execute("CREATE TEMP TABLE entities (LIKE public.entities INCLUDING ALL)");
            sql.execute(insert(1, 3));
            sql.execute("SET plan_cache_mode = force_generic_plan");
            sql.execute("PREPARE rewrite AS " + numbered(RowRewrite.REWRITE));
            String twoEntities = "EXECUTE rewrite(ARRAY['e1', 'e2'], ARRAY['{T}', '{T}'], ARRAY[NULL, NULL]::text[],"
                    + " '[{}, {}]', ARRAY[now(), now()], ARRAY[NULL, NULL]::timestamptz[],"
                    + " ARRAY[NULL, NULL]::timestamptz[], 'bench', ARRAY['e1', 'e2'])";
            try (ResultSet rewritten = sql.executeQuery(twoEntities)) {
                assertThat(rewritten.next() && rewritten.next() && !rewritten.next()).as("two rows rewritten").isTrue();
            }
            sql.execute(insert(4, 10_000));

            JsonNode plan;
            try (ResultSet explained = sql.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + twoEntities)) {
                explained.next();
                plan = TestDatabase.JSON.readTree(explained.getString(1)).get(0).get("Plan");
            }
            assertThat(rowsScanned(plan)).as("rows of entities read for two ids, in %s", plan).isEqualTo(2L);
        }
    }

    private static String insert(int from, int to) {
        return "INSERT INTO entities (tenant, id, types, attrs, created_at, modified_at)"
                + " SELECT 'bench', 'e' || n, '{T}', '{}', now(), now() FROM generate_series(" + from + ", " + to
                + ") n";
    }

    /** The JDBC placeholders as PREPARE's numbered parameters. */
    private static String numbered(String statement) {
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : statement.toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(++parameter);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }

    /** Rows that the plan's scans of the entities table returned, over all their loops. */
    private static long rowsScanned(JsonNode node) {
        long rows = 0;
        if (node.path("Node Type").asText().contains("Scan") && "entities".equals(node.path("Relation Name").asText())) {
            rows += node.path("Actual Rows").asLong() * node.path("Actual Loops").asLong();
        }
        for (JsonNode child : node.path("Plans")) {
            rows += rowsScanned(child);
        }
        return rows;
    }
}
