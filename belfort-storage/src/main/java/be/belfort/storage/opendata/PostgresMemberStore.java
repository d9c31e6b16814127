package be.belfort.storage.opendata;

import be.belfort.model.History;
import be.belfort.opendata.MemberStore;
import be.belfort.storage.SqlFailures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Event-stream members read from the attribute history in commit order (the index on tenant and time of
 * writing), and closed pages kept in {@code ldes_pages}.
 */
public final class PostgresMemberStore implements MemberStore {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresMemberStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public Optional<Instant> lastChange(String tenant, String type) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT max(modified_at) FROM entities WHERE tenant = ? AND types @> ?")) {
            select.setString(1, tenant);
            select.setArray(2, connection.createArrayOf("text", new String[] {type}));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                Timestamp last = rows.getTimestamp(1);
                return Optional.ofNullable(last).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public List<Change> changesAfter(String tenant, String type, Position after, Instant before, int limit) {
        Position from = after == null ? new Position(Instant.EPOCH, "") : after;
        // The members first (distinct entity and time of writing), then every instance each wrote.
        return changes("WITH members AS (" + MEMBERS_AFTER + ")" + INSTANCES_OF_MEMBERS, (connection, select) -> {
            bindMembersAfter(connection, select, tenant, type, from, before, limit);
            select.setString(8, tenant);
        });
    }

    @Override
    public List<Change> changesAt(String tenant, String type, List<Position> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        String sql = """
                WITH members AS (
                    SELECT m.modified_at, m.entity_id FROM unnest(?::timestamptz[], ?::text[]) AS m (modified_at, entity_id)
                    WHERE m.entity_id IN (SELECT e.id FROM entities e WHERE e.tenant = ? AND e.types @> ?))""";
        return changes(sql + INSTANCES_OF_MEMBERS, (connection, select) -> {
            select.setArray(1, connection.createArrayOf("timestamptz",
                    positions.stream().map(position -> Timestamp.from(position.at())).toArray()));
            select.setArray(2, connection.createArrayOf("text", positions.stream().map(Position::entityId).toArray()));
            select.setString(3, tenant);
            select.setArray(4, connection.createArrayOf("text", new String[] {type}));
            select.setString(5, tenant);
        });
    }

    @Override
    public List<Position> positionsAfter(String tenant, String type, Position after, Instant before, int limit) {
        Position from = after == null ? new Position(Instant.EPOCH, "") : after;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(MEMBERS_AFTER)) {
            bindMembersAfter(connection, select, tenant, type, from, before, limit);
            List<Position> positions = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    positions.add(new Position(rows.getTimestamp(1).toInstant(), rows.getString(2)));
                }
            }
            return positions;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** The members after a position and before a time: their times of writing and entities, in commit order. */
    private static final String MEMBERS_AFTER = """
            SELECT DISTINCT h.modified_at, h.entity_id FROM attribute_instances h
            WHERE h.tenant = ? AND (h.modified_at, h.entity_id) > (?, ?) AND h.modified_at < ?
              AND h.entity_id IN (SELECT e.id FROM entities e WHERE e.tenant = ? AND e.types @> ?)
            ORDER BY h.modified_at, h.entity_id LIMIT ?""";

    /** Every instance each member wrote, after a {@code WITH members} item; its one parameter is the tenant. */
    private static final String INSTANCES_OF_MEMBERS = """
             SELECT h.modified_at, h.entity_id, h.attribute, h.instance
            FROM members m JOIN attribute_instances h
              ON h.tenant = ? AND h.modified_at = m.modified_at AND h.entity_id = m.entity_id
            ORDER BY h.modified_at, h.entity_id, h.attribute, h.dataset_id NULLS FIRST""";

    private static void bindMembersAfter(Connection connection, PreparedStatement select, String tenant, String type,
                                         Position from, Instant before, int limit) throws SQLException {
        select.setString(1, tenant);
        select.setTimestamp(2, Timestamp.from(from.at()));
        select.setString(3, from.entityId());
        select.setTimestamp(4, Timestamp.from(before));
        select.setString(5, tenant);
        select.setArray(6, connection.createArrayOf("text", new String[] {type}));
        select.setInt(7, limit);
    }

    /** Sets a statement's parameters. */
    private interface Binding {
        void bind(Connection connection, PreparedStatement select) throws SQLException;
    }

    /** The changes a statement answers, one row an instance, in commit order. */
    private List<Change> changes(String sql, Binding binding) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            binding.bind(connection, select);
            List<Change> changes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                Position current = null;
                List<History.Written> written = null;
                while (rows.next()) {
                    Position position = new Position(rows.getTimestamp(1).toInstant(), rows.getString(2));
                    if (!position.equals(current)) {
                        written = new ArrayList<>();
                        changes.add(new Change(position, written));
                        current = position;
                    }
                    written.add(new History.Written(rows.getString(3), (ObjectNode) json.readTree(rows.getString(4))));
                }
            }
            return changes;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A history instance is not JSON", e);
        }
    }

    @Override
    public long countAfter(String tenant, String type, Position after, long limit) {
        Position from = after == null ? new Position(Instant.EPOCH, "") : after;
        String sql = """
                SELECT count(*) FROM (
                    SELECT DISTINCT h.modified_at, h.entity_id FROM attribute_instances h
                    WHERE h.tenant = ? AND (h.modified_at, h.entity_id) > (?, ?)
                      AND h.entity_id IN (SELECT e.id FROM entities e WHERE e.tenant = ? AND e.types @> ?)
                    ORDER BY h.modified_at, h.entity_id LIMIT ?) members""";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, tenant);
            select.setTimestamp(2, Timestamp.from(from.at()));
            select.setString(3, from.entityId());
            select.setString(4, tenant);
            select.setArray(5, connection.createArrayOf("text", new String[] {type}));
            select.setLong(6, limit);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public Optional<Page> page(String tenant, String type, int number) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT page_no, first_at, first_entity, last_at,"
                     + " last_entity, member_count, members FROM ldes_pages WHERE tenant = ? AND type = ? AND page_no = ?")) {
            select.setString(1, tenant);
            select.setString(2, type);
            select.setInt(3, number);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Bounds bounds = bounds(row);
                return Optional.of(new Page(bounds.number(), bounds.first(), bounds.last(), row.getInt(6), row.getString(7)));
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** Without the members: a page's are hundreds of kilobytes, read again each time. */
    @Override
    public Optional<Bounds> lastPage(String tenant, String type) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT page_no, first_at, first_entity, last_at,"
                     + " last_entity FROM ldes_pages WHERE tenant = ? AND type = ? ORDER BY page_no DESC LIMIT 1")) {
            select.setString(1, tenant);
            select.setString(2, type);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(bounds(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private static Bounds bounds(ResultSet row) throws SQLException {
        return new Bounds(row.getInt(1), new Position(row.getTimestamp(2).toInstant(), row.getString(3)),
                new Position(row.getTimestamp(4).toInstant(), row.getString(5)));
    }

    @Override
    public int firstPageEndingFrom(String tenant, String type, Instant at) {
        // pages close in commit order, so their last members' times rise with their numbers
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT coalesce((SELECT min(page_no) FROM ldes_pages WHERE tenant = ? AND type = ? AND last_at >= ?),
                                     (SELECT max(page_no) + 1 FROM ldes_pages WHERE tenant = ? AND type = ?), 0)""")) {
            select.setString(1, tenant);
            select.setString(2, type);
            select.setTimestamp(3, Timestamp.from(at));
            select.setString(4, tenant);
            select.setString(5, type);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public void savePage(String tenant, String type, Page page) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO ldes_pages (tenant, type, page_no, first_at, first_entity, last_at, last_entity,
                         member_count, members, closed_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT DO NOTHING""")) {
            insert.setString(1, tenant);
            insert.setString(2, type);
            insert.setInt(3, page.number());
            insert.setTimestamp(4, Timestamp.from(page.first().at()));
            insert.setString(5, page.first().entityId());
            insert.setTimestamp(6, Timestamp.from(page.last().at()));
            insert.setString(7, page.last().entityId());
            insert.setInt(8, page.memberCount());
            insert.setString(9, page.members());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }
}
