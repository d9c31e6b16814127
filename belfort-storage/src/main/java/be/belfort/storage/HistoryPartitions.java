package be.belfort.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the monthly partitions of the history table before the first write of a month. Creating
 * is idempotent, so platforms sharing a database may race without harm.
 */
public final class HistoryPartitions {
    private final DataSource dataSource;
    private final Set<YearMonth> ready = ConcurrentHashMap.newKeySet();

    public HistoryPartitions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Makes sure the month of {@code instant} has its partition (outside any caller's transaction). */
    public void ensure(Instant instant) throws SQLException {
        YearMonth month = YearMonth.from(instant.atOffset(ZoneOffset.UTC));
        if (ready.contains(month)) {
            return;
        }
        String name = String.format("attribute_instances_y%04dm%02d", month.getYear(), month.getMonthValue());
        String from = month.atDay(1) + " 00:00:00+00";
        String to = month.plusMonths(1).atDay(1) + " 00:00:00+00";
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            createIfAbsent(statement, "CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF attribute_instances FOR VALUES"
                    + " FROM ('" + from + "') TO ('" + to + "')");
            // the columns naming a series depend on each other: without this, the planner expects a series of a
            // hundredth of its length and reads it whole instead of walking its time index (V33)
            createIfAbsent(statement, "CREATE STATISTICS IF NOT EXISTS " + name + "_series (dependencies) ON tenant,"
                    + " entity_id, entity_key, attribute, attribute_key FROM " + name);
        }
        ready.add(month);
    }

    /** Runs a {@code CREATE … IF NOT EXISTS} that another writer may run at the same moment. */
    private static void createIfAbsent(Statement statement, String sql) throws SQLException {
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            // 42P07, or 23505 on the catalogue: the other writer created it between the check and the creation
            if (!"42P07".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}
