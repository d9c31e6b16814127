package be.belfort.storage.opendata;

import be.belfort.opendata.AccessLevel;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetMetadata;
import be.belfort.opendata.DatasetStore;
import be.belfort.storage.SqlFailures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Datasets in PostgreSQL, read through a cache: every open-data request asks for them. */
public final class PostgresDatasetStore implements DatasetStore {
    private static final String COLUMNS = "tenant, type, type_name, access_level, metadata, created_at, modified_at,"
            + " personal_attributes";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private volatile Map<String, Dataset> cache;
    /** Counts changes, so that a read that raced with a change does not cache what it read. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    public PostgresDatasetStore(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public void save(Dataset dataset) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO datasets (tenant, type, type_name, access_level, metadata, created_at, modified_at,
                                           personal_attributes)
                     VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                     ON CONFLICT (tenant, type) DO UPDATE SET type_name = excluded.type_name,
                         access_level = excluded.access_level, metadata = excluded.metadata,
                         modified_at = excluded.modified_at, personal_attributes = excluded.personal_attributes""")) {
            upsert.setString(1, dataset.tenant());
            upsert.setString(2, dataset.type());
            upsert.setString(3, dataset.typeName());
            upsert.setString(4, dataset.access().term());
            upsert.setString(5, dataset.metadata() == null ? null : dataset.metadata().toJson().toString());
            upsert.setTimestamp(6, Timestamp.from(dataset.createdAt()));
            upsert.setTimestamp(7, Timestamp.from(dataset.modifiedAt()));
            upsert.setArray(8, connection.createArrayOf("text", dataset.personalAttributes().stream().sorted().toArray()));
            upsert.executeUpdate();
            changes.incrementAndGet();
            cache = null;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public Optional<Dataset> find(String tenant, String type) {
        return Optional.ofNullable(cached().get(key(tenant, type)));
    }

    @Override
    public List<Dataset> all() {
        return List.copyOf(cached().values());
    }

    @Override
    public boolean delete(String tenant, String type) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM datasets WHERE tenant = ? AND type = ?")) {
            delete.setString(1, tenant);
            delete.setString(2, type);
            boolean deleted = delete.executeUpdate() == 1;
            changes.incrementAndGet();
            cache = null;
            return deleted;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private Map<String, Dataset> cached() {
        Map<String, Dataset> current = cache;
        if (current != null) {
            return current;
        }
        long changesBefore = changes.get();
        Map<String, Dataset> loaded = new ConcurrentHashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM datasets");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String metadata = rows.getString(5);
                Dataset dataset = new Dataset(rows.getString(1), rows.getString(2), rows.getString(3),
                        AccessLevel.of(rows.getString(4)),
                        metadata == null ? null : DatasetMetadata.parse(json.readTree(metadata)),
                        java.util.Set.of((String[]) rows.getArray(8).getArray()),
                        rows.getTimestamp(6).toInstant(), rows.getTimestamp(7).toInstant());
                loaded.put(key(dataset.tenant(), dataset.type()), dataset);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored dataset metadata is not JSON", e);
        }
        if (changes.get() == changesBefore) {
            cache = loaded;
        }
        return loaded;
    }

    private static String key(String tenant, String type) {
        return tenant + " " + type;
    }
}
