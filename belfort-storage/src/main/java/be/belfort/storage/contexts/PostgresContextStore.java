package be.belfort.storage.contexts;

import be.belfort.model.ContextStore;
import be.belfort.storage.SqlFailures;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Hosted @contexts in PostgreSQL, read through a cache because every request naming one needs it. */
public final class PostgresContextStore implements ContextStore {
    private final DataSource dataSource;
    private final Map<String, HostedContext> cache = new ConcurrentHashMap<>();

    public PostgresContextStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<HostedContext> find(String id) {
        HostedContext cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, body, created_at, tenant FROM jsonld_contexts WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                HostedContext context = read(row);
                cache.put(id, context);
                return Optional.of(context);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public void save(HostedContext context) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO jsonld_contexts (id, body, created_at, tenant) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, context.id());
            insert.setString(2, context.json());
            insert.setTimestamp(3, Timestamp.from(context.createdAt()));
            insert.setString(4, context.tenant());
            insert.executeUpdate();
            cache.put(context.id(), context);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public boolean delete(String id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM jsonld_contexts WHERE id = ?")) {
            delete.setString(1, id);
            cache.remove(id);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public List<HostedContext> list() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, body, created_at, tenant FROM jsonld_contexts ORDER BY created_at, id");
             ResultSet row = select.executeQuery()) {
            List<HostedContext> contexts = new ArrayList<>();
            while (row.next()) {
                contexts.add(read(row));
            }
            return contexts;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private static HostedContext read(ResultSet row) throws SQLException {
        return new HostedContext(row.getString("id"), row.getString("body"), row.getTimestamp("created_at").toInstant(),
                row.getString("tenant"));
    }
}
