package be.belfort.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A purged tenant leaves no row in any table, and every other tenant keeps all of its own. */
class TenantPurgeTest {
    private static final String ENTITY = """
            {"id": "urn:ngsi-ld:Sensor:%d", "type": "Sensor", "temperature": {"type": "Property", "value": %d,
             "observedAt": "2026-11-30T10:00:00Z"}, "location": {"type": "GeoProperty",
             "value": {"type": "Point", "coordinates": [3.72, 51.05]}}}""";

    private static TestDatabase db;

    @BeforeAll
    static void start() {
        db = new TestDatabase("purge");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aPurgedTenantLeavesNoRowAndOthersKeepTheirs() throws SQLException {
        for (int i = 0; i < 3; i++) {
            db.create("warm", ENTITY.formatted(i, 20 + i));
            db.create("gent", ENTITY.formatted(i, 10 + i));
        }
        // Deleting history folds the waiting observations of every tenant into the rollups first: fold them here too.
        execute("SELECT history_rollups_fold()");
        Map<String, Long> gentBefore = rowsPerTable("gent");
        assertThat(rowsPerTable("warm")).as("the tenant's rows are spread over several tables").hasSizeGreaterThan(2);
        assertThat(db.tenants().exists("warm")).isTrue();

        long removed = new TenantPurge(db.database().dataSource(), db.tenants(), EntityCache.NONE).purge("warm");

        assertThat(rowsPerTable("warm")).isEmpty();
        assertThat(removed).isGreaterThanOrEqualTo(3 * 3 + 1);
        assertThat(db.tenants().isKnown("warm")).as("forgotten in memory as well").isFalse();
        assertThat(db.tenants().exists("warm")).isFalse();
        assertThat(rowsPerTable("gent")).isEqualTo(gentBefore);

        db.create("warm", ENTITY.formatted(7, 7));
        assertThat(db.tenants().exists("warm")).as("a later write creates the tenant again").isTrue();
    }

    @Test
    void theDefaultTenantIsNeverPurged() {
        assertThatThrownBy(() -> new TenantPurge(db.database().dataSource(), db.tenants(), EntityCache.NONE).purge(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenantsAreFoundByPrefixAndAge() throws SQLException {
        execute("INSERT INTO tenants (name, created_at) VALUES ('left-1', now() - interval '1 hour'),"
                + " ('left-2', now()), ('other', now() - interval '1 hour')");
        TenantPurge purge = new TenantPurge(db.database().dataSource(), db.tenants(), EntityCache.NONE);
        assertThat(purge.named("left-", Instant.now().minusSeconds(600))).containsExactly("left-1");
    }

    /** The rows of the tenant in every table that has a tenant column (or is the list of tenants), by table. */
    private static Map<String, Long> rowsPerTable(String tenant) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = db.database().dataSource().getConnection();
             Statement tables = connection.createStatement();
             ResultSet names = tables.executeQuery("SELECT table_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND column_name = 'tenant' ORDER BY table_name")) {
            while (names.next()) {
                count(connection, names.getString(1), "tenant", tenant, counts);
            }
            count(connection, "tenants", "name", tenant, counts);
        }
        return counts;
    }

    private static void count(Connection connection, String table, String column, String tenant,
                              Map<String, Long> counts) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM \"" + table + "\" WHERE " + column + " = ?")) {
            select.setString(1, tenant);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                if (row.getLong(1) > 0) {
                    counts.put(table, row.getLong(1));
                }
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = db.database().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
