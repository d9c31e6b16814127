package be.belfort.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each month of history has its partition, and each partition the statistics that tell the planner a series' size. */
class HistoryPartitionsTest {
    private static TestDatabase db;

    @BeforeAll
    static void start() {
        db = new TestDatabase("partitions");
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void aNewMonthsPartitionComesWithTheDependenciesOfItsSeriesColumns() throws SQLException {
        HistoryPartitions partitions = new HistoryPartitions(db.database().dataSource());
        partitions.ensure(Instant.parse("2031-05-10T12:00:00Z"));
        partitions.ensure(Instant.parse("2031-05-20T12:00:00Z"));

        List<String> withoutStatistics = rows("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'attribute_instances'::regclass AND NOT EXISTS (SELECT 1 FROM pg_statistic_ext s"
                + " WHERE s.stxrelid = c.oid AND 'f' = ANY (s.stxkind) AND s.stxname = c.relname || '_series')");
        List<String> partitionNames = rows("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'attribute_instances'::regclass");
        assertThat(partitionNames).contains("attribute_instances_y2031m05").hasSizeGreaterThan(1);
        assertThat(withoutStatistics).isEmpty();
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = db.database().dataSource().getConnection();
             Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                rows.add(row.getString(1));
            }
        }
        return rows;
    }
}
