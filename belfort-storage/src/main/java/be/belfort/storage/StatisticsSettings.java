package be.belfort.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How soon an external server gathers the statistics its plans need, checked once at start. The embedded server
 * analyses a table loaded from empty within seconds; an external one with the defaults takes up to a minute, and
 * meanwhile some queries run tens of times slower (docs/operations.md, "Statistics after a load"). The platform
 * says so in its log and changes nothing: the server's settings are its operators'.
 */
final class StatisticsSettings {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsSettings.class);
    /** The embedded server's {@code autovacuum_naptime}, in seconds. */
    static final int NAPTIME_SECONDS = 10;

    private StatisticsSettings() {
    }

    /**
     * What to tell the operators about these settings (their {@code pg_settings} values: {@code autovacuum} on or
     * off, {@code autovacuum_naptime} in seconds); nothing when they are as the embedded server's or better.
     */
    static List<String> advice(Map<String, String> settings) {
        List<String> advice = new ArrayList<>();
        if ("off".equals(settings.get("autovacuum"))) {
            advice.add("The database runs without autovacuum: tables are analysed only by hand, and a table loaded"
                    + " from empty is planned without statistics until then (queries may run tens of times slower);"
                    + " see docs/operations.md, \"Statistics after a load\"");
        } else {
            String naptime = settings.get("autovacuum_naptime");
            if (naptime != null && naptime.matches("\\d+") && Long.parseLong(naptime) > NAPTIME_SECONDS) {
                advice.add("The database looks for tables to analyse every " + naptime + " s (autovacuum_naptime):"
                        + " after a first load, queries may run tens of times slower until then; " + NAPTIME_SECONDS
                        + " s, as the embedded database has, is recommended (docs/deploy.md)");
            }
        }
        return advice;
    }

    /** Logs the advice for the server behind this pool; a server that does not say stays unadvised. */
    static void check(DataSource database) {
        try {
            advice(read(database)).forEach(LOG::warn);
        } catch (SQLException e) {
            LOG.debug("The database's autovacuum settings could not be read ({})", e.getMessage());
        }
    }

    /** The settings {@link #advice} looks at, as the server reports them. */
    static Map<String, String> read(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT name, setting FROM pg_settings"
                     + " WHERE name IN ('autovacuum', 'autovacuum_naptime')")) {
            Map<String, String> settings = new HashMap<>();
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
            return settings;
        }
    }
}
