package be.belfort.storage;

import be.belfort.model.NgsiLdException;
import be.belfort.model.ServiceUnavailable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;

/**
 * What a database failure means to the client, decided in one place: the platform too busy (no connection
 * free in time, a lock not granted in time, the database unreachable) is a 503 to retry; a request over one
 * of the database's own limits (an index entry too large, a time beyond its range) is the request's fault,
 * a 400; anything else is ours, a 500 with the cause in the log.
 */
public final class SqlFailures {
    private static final Logger LOG = LoggerFactory.getLogger(SqlFailures.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    /** A time or number beyond what PostgreSQL's types hold, text it cannot encode: the request's values. */
    private static final Set<String> VALUES_OUT_OF_RANGE = Set.of("22008", "22003", "22P05", "22021");

    private SqlFailures() {
    }

    public static NgsiLdException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // Busy moments are counted by the request metrics (status 503); a log line each would flood the log.
        if (e instanceof SQLTransientConnectionException) {
            LOG.debug("No database connection became free in time: {}", e.getMessage());
            return new ServiceUnavailable("The platform is busy: no database connection became free in time;"
                    + " try again shortly", RETRY_AFTER, e);
        }
        // 40P01: a deadlock, e.g. history rollups recomputed by a deletion while a write adds to them
        if (state.equals("55P03") || state.equals("40P01")) {
            LOG.debug("A lock was not granted in time: {}", firstLine(e));
            return new ServiceUnavailable("The platform is busy: the data this request changes is being changed by"
                    + " others and was not free in time; try again shortly", RETRY_AFTER, e);
        }
        // 57P01-57P03: the server is shutting down, restarting or not yet accepting connections.
        if (state.startsWith("08") || state.equals("53300") || state.startsWith("57P")) {
            LOG.warn("The database is not reachable: {}", firstLine(e));
            return new ServiceUnavailable("The database is not reachable now; try again shortly", RETRY_AFTER, e);
        }
        if (state.isEmpty() && "Connection is closed".equals(e.getMessage())) {
            // The pool closed the connection after a failure of the server's (HikariCP says so without a state).
            LOG.warn("The database connection was lost: {}", firstLine(e));
            return new ServiceUnavailable("The database is not reachable now; try again shortly", RETRY_AFTER, e);
        }
        if (VALUES_OUT_OF_RANGE.contains(state)) {
            return NgsiLdException.badData("The database cannot store a value of this request: " + firstLine(e));
        }
        if (state.startsWith("54")) {
            return NgsiLdException.badData("The request is larger than the database can store or evaluate: "
                    + firstLine(e));
        }
        LOG.error("Database failure", e);
        return new NgsiLdException(be.belfort.model.ErrorType.INTERNAL_ERROR, "The database could not complete the operation");
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
    }
}
