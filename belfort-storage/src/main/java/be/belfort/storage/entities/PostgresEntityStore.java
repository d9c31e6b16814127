package be.belfort.storage.entities;

import be.belfort.storage.EntityCache;
import be.belfort.storage.EntityRow;
import be.belfort.storage.EntityRows;

import be.belfort.model.AttributeExpiry;
import be.belfort.model.Entity;
import be.belfort.model.EntityStore;
import be.belfort.model.EntityTransaction;
import be.belfort.model.ErrorType;
import be.belfort.model.History;
import be.belfort.model.NgsiLdException;
import be.belfort.model.UnitOfWork;
import be.belfort.storage.JdbcUnitOfWork;
import be.belfort.storage.PostgresTenants;
import be.belfort.storage.SqlFailures;
import be.belfort.storage.HistoryPartitions;
import be.belfort.storage.HistoryRows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The entity store on PostgreSQL: one row per entity, attributes as JSONB, plain SQL. */
public final class PostgresEntityStore implements EntityStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresEntityStore.class);
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final EntityRows rows;
    private final PostgresTenants tenants;
    private final HistoryPartitions partitions;
    private final EntityCache cache;
    private final KeptRowWrites keptWrites;

    public PostgresEntityStore(DataSource dataSource, PostgresTenants tenants, ObjectMapper json) {
        this(dataSource, tenants, json, EntityCache.NONE);
    }

    /** @param cache the rows kept for retrieval by id; only for a store that makes every change to its entities */
    public PostgresEntityStore(DataSource dataSource, PostgresTenants tenants, ObjectMapper json, EntityCache cache) {
        this.dataSource = dataSource;
        this.tenants = tenants;
        this.rows = new EntityRows(json);
        this.partitions = new HistoryPartitions(dataSource);
        this.cache = cache;
        this.keptWrites = new KeptRowWrites(dataSource, rows, cache, partitions);
    }

    /**
     * Creates the history partitions of this month and the next, so that writes never wait for one;
     * the platform calls it at start and daily.
     */
    public void prepareHistory(java.time.Instant now) {
        try {
            partitions.ensure(now);
            partitions.ensure(now.plus(java.time.Duration.ofDays(32)));
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public Optional<Entity> find(String tenant, String id) {
        try {
            java.time.Instant now = java.time.Instant.now();
            EntityRow row = cache.get(tenant, id);
            if (row == null) {
                long generation = cache.generation(tenant, id);
                row = select(tenant, id);
                if (row == null) {
                    return Optional.empty();
                }
                cache.put(tenant, row, generation);
            }
            return row.expiredAt(now) ? Optional.empty() : Optional.of(rows.visible(row, now));
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public <T> Optional<T> findAs(String tenant, String id, Object form, Function<Entity, T> render) {
        EntityCache.Kept kept = cache.kept(tenant, id);
        if (kept == null) {
            return find(tenant, id).map(render);
        }
        java.time.Instant now = java.time.Instant.now();
        if (kept.row().expiredAt(now)) {
            return Optional.empty();
        }
        T known = kept.form(form);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Entity entity = rows.entity(kept.row());
            // an entity with expiring attribute instances shows less as time passes: nothing of it is kept
            boolean showsLessLater = AttributeExpiry.earliest(entity) != null;
            T rendered = render.apply(AttributeExpiry.hideExpired(entity, now));
            if (!showsLessLater) {
                kept.keep(form, rendered);
            }
            return Optional.of(rendered);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** The entity's row, expired or not (the caller decides, as a kept row may expire later), or null. */
    private EntityRow select(String tenant, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + EntityRows.COLUMNS + " FROM entities e WHERE tenant = ? AND id = ?")) {
            select.setString(1, tenant);
            select.setString(2, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? rows.row(row) : null;
            }
        }
    }

    @Override
    public List<String> tenantsWithExpired() {
        return tenantsWhere("expires_at <= now()");
    }

    @Override
    public List<String> tenantsWithExpiredAttributes() {
        return tenantsWhere("attrs_expire_at <= now()");
    }

    /** The tenants with an entity that meets the condition, a constant of this class. */
    private List<String> tenantsWhere(String condition) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT DISTINCT tenant FROM entities WHERE " + condition);
             ResultSet row = select.executeQuery()) {
            List<String> tenants = new java.util.ArrayList<>();
            while (row.next()) {
                tenants.add(row.getString(1));
            }
            return tenants;
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    @Override
    public Map<String, Versioned> keptForWrite(String tenant, Collection<String> ids) {
        return keptWrites.kept(tenant, ids);
    }

    @Override
    public Set<String> writeUnchanged(String tenant, List<Versioned> entities) {
        return keptWrites.write(tenant, entities);
    }

    @Override
    public boolean tenantExists(String tenant) {
        return tenants.exists(tenant);
    }

    @Override
    public <T> T inTransaction(String tenant, Function<EntityTransaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                Transaction transaction = new Transaction(connection, tenant);
                boolean committed = false;
                try {
                    ensureTenant(connection, tenant);
                    T result = work.apply(transaction);
                    connection.commit();
                    committed = true;
                    tenants.remember(tenant);
                    return result;
                } catch (WrappedSql e) {
                    rollback(connection, e.getCause());
                    throw e.getCause();
                } catch (RuntimeException | SQLException e) {
                    rollback(connection, e);
                    throw e;
                } finally {
                    // after the commit and before the answer; a rollback changed nothing, but forgetting costs little
                    transaction.settleCache(committed);
                    restoreAutoCommit(connection);
                }
            } catch (ConcurrentWrite e) {
                if (attempt >= ATTEMPTS) {
                    throw new NgsiLdException(ErrorType.ALREADY_EXISTS, e.getMessage());
                }
                LOG.debug("Concurrent write, trying again: {}", e.getMessage());
            } catch (AssertionError e) {
                // pgjdbc ends a batch on a connection that broke under it (the server went away) with an
                // AssertionError of its own rather than an SQLException: it is the same lost connection.
                if (e.getStackTrace().length == 0 || !e.getStackTrace()[0].getClassName().startsWith("org.postgresql")) {
                    throw e;
                }
                throw SqlFailures.translate(new SQLException("The database connection was lost during a batch", "08006", e));
            } catch (SQLException e) {
                if (isRetryable(e) && attempt < ATTEMPTS) {
                    LOG.debug("Transaction conflict ({}), trying again", e.getSQLState());
                    continue;
                }
                throw SqlFailures.translate(e);
            }
        }
    }

    /** Rolls back; on a connection that broke (the database went away) that fails too, and the first failure stands. */
    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** A broken connection leaves the pool whatever its mode; a working one goes back to it in auto-commit. */
    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debug("A connection could not return to auto-commit (it is dropped): {}", e.getMessage());
        }
    }

    private void ensureTenant(Connection connection, String tenant) throws SQLException {
        if (tenants.isKnown(tenant)) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO tenants (name) VALUES (?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, tenant);
            insert.executeUpdate();
        }
    }

    private static boolean isRetryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    /** Another transaction inserted an entity this one meant to create: the whole work runs again. */
    private static final class ConcurrentWrite extends RuntimeException {
        ConcurrentWrite(String message) {
            super(message, null, false, false);
        }
    }

    private final class Transaction implements EntityTransaction {
        private final Connection connection;
        private final String tenant;
        private final JdbcUnitOfWork work;
        /** The entities this transaction inserted, rewrote or deleted, which the cache forgets when it ends. */
        private final Set<String> changed = new HashSet<>();
        /** Of those, the rows it rewrote last, which the cache keeps instead once it committed. */
        private final Map<String, Kept> written = new HashMap<>();

        Transaction(Connection connection, String tenant) {
            this.connection = connection;
            this.tenant = tenant;
            this.work = new JdbcUnitOfWork(connection, tenant);
        }

        /** Keeps the rows this transaction rewrote, once it committed, and forgets every other entity it changed. */
        private void settleCache(boolean committed) {
            List<String> forgotten = new ArrayList<>();
            for (String id : changed) {
                Kept row = committed ? written.get(id) : null;
                if (row == null) {
                    forgotten.add(id);
                } else {
                    cache.keepWritten(tenant, row.written().row(), row.written().version(), row.generation());
                }
            }
            cache.forget(tenant, forgotten);
        }

        @Override
        public UnitOfWork unitOfWork() {
            return work;
        }

        @Override
        public Optional<Entity> findForUpdate(String id) {
            return Optional.ofNullable(findAllForUpdate(List.of(id)).get(id));
        }

        @Override
        public Map<String, Entity> findAllForUpdate(Collection<String> ids) {
            Map<String, Entity> found = new LinkedHashMap<>();
            if (ids.isEmpty()) {
                return found;
            }
            String sql = ids.size() == 1
                    ? "SELECT " + EntityRows.COLUMNS + " FROM entities e WHERE tenant = ? AND id = ? AND "
                            + EntityRows.NOT_EXPIRED + " FOR UPDATE"
                    : "SELECT " + EntityRows.COLUMNS + " FROM entities e WHERE tenant = ? AND id = ANY (?) AND "
                            + EntityRows.NOT_EXPIRED + " ORDER BY id FOR UPDATE";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, tenant);
                if (ids.size() == 1) {
                    select.setString(2, ids.iterator().next());
                } else {
                    select.setArray(2, connection.createArrayOf("text", ids.toArray()));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Entity entity = rows.read(row);
                        found.put(entity.id(), entity);
                    }
                }
                return found;
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }

        /**
         * One statement when every entity is free (the usual case); a second, without locks, tells the entities that
         * another transaction holds from those that do not exist.
         */
        @Override
        public Available lockAvailable(Collection<String> ids) {
            Map<String, Entity> found = new LinkedHashMap<>();
            if (ids.isEmpty()) {
                return new Available(found, Set.of());
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT " + EntityRows.COLUMNS
                    + " FROM entities e WHERE tenant = ? AND id = ANY (?) AND " + EntityRows.NOT_EXPIRED
                    + " ORDER BY id FOR UPDATE SKIP LOCKED")) {
                select.setString(1, tenant);
                select.setArray(2, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Entity entity = rows.read(row);
                        found.put(entity.id(), entity);
                    }
                }
                if (found.size() == ids.size()) {
                    return new Available(found, Set.of());
                }
                return new Available(found, existing(ids.stream().filter(id -> !found.containsKey(id)).toList()));
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }

        /** The ids among these of entities that exist (as this transaction sees them), without locking them. */
        private Set<String> existing(List<String> ids) throws SQLException {
            Set<String> existing = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM entities e WHERE tenant = ?"
                    + " AND id = ANY (?) AND " + EntityRows.NOT_EXPIRED)) {
                select.setString(1, tenant);
                select.setArray(2, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        existing.add(row.getString(1));
                    }
                }
            }
            return existing;
        }

        @Override
        public Map<String, java.time.Instant> lockCreationTimes(Collection<String> ids) {
            Map<String, java.time.Instant> found = new LinkedHashMap<>();
            if (ids.isEmpty()) {
                return found;
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, created_at FROM entities e WHERE tenant = ? AND id = ANY (?) AND " + EntityRows.NOT_EXPIRED
                            + " ORDER BY id FOR UPDATE")) {
                select.setString(1, tenant);
                select.setArray(2, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.put(row.getString(1), row.getTimestamp(2).toInstant());
                    }
                }
                return found;
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }

        @Override
        public void write(Collection<Entity> inserts, Collection<Entity> updates) {
            inserts.forEach(entity -> changed.add(entity.id()));
            updates.forEach(entity -> changed.add(entity.id()));
            try {
                insert(inserts);
                HistoryRows history = new HistoryRows(rows);
                gatherHistory(partitions, history, inserts);
                gatherHistory(partitions, history, updates);
                if (updates.isEmpty()) {
                    history.insert(connection, tenant);
                } else {
                    update(updates, history);
                }
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }

        private void insert(Collection<Entity> entities) throws SQLException {
            if (entities.isEmpty()) {
                return;
            }
            List<Entity> conflicting = insertNew(entities);
            // An expired transient entity the job has not deleted yet still holds its id: it goes (recorded) and
            // the insert is tried again. Only a conflict pays for this; any conflict left is a concurrent create.
            if (!conflicting.isEmpty() && removeExpired(conflicting.stream().map(Entity::id).toList()) > 0) {
                conflicting = insertNew(conflicting);
            }
            if (!conflicting.isEmpty()) {
                throw new ConcurrentWrite("An entity of this request was created concurrently");
            }
        }

        /** Inserts the entities whose id is free; returns those whose id was taken. */
        private List<Entity> insertNew(Collection<Entity> entities) throws SQLException {
            List<Entity> ordered = List.copyOf(entities);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO entities (tenant, id, types, scopes, attrs, created_at, modified_at, expires_at,"
                            + " attrs_expire_at) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Entity entity : ordered) {
                    insert.setString(1, tenant);
                    insert.setString(2, entity.id());
                    insert.setArray(3, EntityRows.textArray(connection, entity.types()));
                    insert.setArray(4, EntityRows.textArray(connection, entity.scopes()));
                    insert.setString(5, rows.attributesJson(entity));
                    insert.setTimestamp(6, EntityRows.timestamp(entity.createdAt()));
                    insert.setTimestamp(7, EntityRows.timestamp(entity.modifiedAt()));
                    insert.setTimestamp(8, entity.expiresAt() == null ? null : EntityRows.timestamp(entity.expiresAt()));
                    insert.setTimestamp(9, EntityRows.attributesExpireAt(entity));
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                List<Entity> taken = new ArrayList<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        taken.add(ordered.get(i));
                    }
                }
                return taken;
            }
        }

        /**
         * Deletes the expired transient entities among the ids, each deletion recorded in the history (for every
         * read they are gone already, so their ids may be created again); returns how many there were.
         */
        private int removeExpired(List<String> ids) throws SQLException {
            List<Entity> expired = new ArrayList<>();
            changed.addAll(ids);
            ids.forEach(written::remove);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM entities WHERE tenant = ?"
                    + " AND id = ANY (?) AND expires_at <= now() RETURNING " + EntityRows.COLUMNS)) {
                delete.setString(1, tenant);
                delete.setArray(2, connection.createArrayOf("text", ids.toArray()));
                try (ResultSet row = delete.executeQuery()) {
                    while (row.next()) {
                        expired.add(rows.read(row));
                    }
                }
            }
            for (Entity entity : expired) {
                recordDeletion(List.of(entity), entity.expiresAt());
            }
            return expired.size();
        }

        @Override
        public List<Entity> lockExpired(int limit) {
            List<Entity> expired = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + EntityRows.COLUMNS
                    + " FROM entities WHERE tenant = ? AND expires_at <= now() ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                select.setString(1, tenant);
                select.setInt(2, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        expired.add(rows.read(row));
                    }
                }
                return expired;
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }

        @Override
        public List<Entity> lockWithExpiredAttributes(int limit) {
            List<Entity> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + EntityRows.COLUMNS
                    + " FROM entities e WHERE tenant = ? AND attrs_expire_at <= now() AND " + EntityRows.NOT_EXPIRED
                    + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                select.setString(1, tenant);
                select.setInt(2, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(rows.read(row));
                    }
                }
                return found;
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }

        /**
         * Rewrites existing entities in one statement over arrays, whatever their number, and appends the history
         * in the same statement (a data-modifying {@code WITH}): one round trip for both.
         */
        private void update(Collection<Entity> entities, HistoryRows history) throws SQLException {
            RowRewrite rewrite = new RowRewrite(entities, rows);
            Map<String, Long> before = new HashMap<>();
            entities.forEach(entity -> before.put(entity.id(), cache.generation(tenant, entity.id())));
            try (PreparedStatement update = connection.prepareStatement(history.isEmpty() ? RowRewrite.REWRITE
                    : HistoryRows.insertBeside("written AS (" + RowRewrite.REWRITE + ")", WRITTEN))) {
                int next = rewrite.bindRows(connection, update, 1);
                update.setString(next, tenant);
                update.setArray(next + 1, rewrite.ids(connection));
                if (!history.isEmpty()) {
                    history.bind(update, next + 2, tenant);
                }
                try (ResultSet answer = update.executeQuery()) {
                    rewrite.written(answer).forEach((id, row) -> written.put(id, new Kept(row, before.get(id))));
                }
            }
        }

        @Override
        public void recordHistory(String entityId, Map<String, List<ObjectNode>> instances, java.time.Instant recordedAt) {
            HistoryRows history = new HistoryRows(rows);
            instances.forEach((attribute, list) -> list.forEach(
                    instance -> history.add(entityId, attribute, instance, recordedAt)));
            try {
                partitions.ensure(recordedAt);
                history.insert(connection, tenant);
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }

        @Override
        public void recordDeletion(Collection<Entity> deleted, java.time.Instant at) {
            HistoryRows history = new HistoryRows(rows);
            try {
                partitions.ensure(at);
                for (Entity entity : deleted) {
                    History.deletionOf(entity, at).forEach(written -> history.add(entity.id(), written.attribute(),
                            written.instance(), at));
                }
                history.insert(connection, tenant);
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }

        @Override
        public int delete(Collection<String> ids) {
            if (ids.isEmpty()) {
                return 0;
            }
            changed.addAll(ids);
            ids.forEach(written::remove);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM entities WHERE tenant = ? AND id = ANY (?)")) {
                delete.setString(1, tenant);
                delete.setArray(2, connection.createArrayOf("text", ids.toArray()));
                return delete.executeUpdate();
            } catch (SQLException e) {
                throw sneaky(e);
            }
        }
    }

    /** Adds what the entities' operation wrote to the attribute history, to be appended with their rows. */
    static void gatherHistory(HistoryPartitions partitions, HistoryRows history, Collection<Entity> entities)
            throws SQLException {
        for (Entity entity : entities) {
            List<History.Written> written = History.writtenBy(entity);
            if (!written.isEmpty()) {
                partitions.ensure(entity.modifiedAt());
                written.forEach(instance -> history.add(entity, instance));
            }
        }
    }

    /** What a rewrite answers: the id and new version of each row it rewrote. */
    static final String WRITTEN = "SELECT id, version FROM written";

    /** A row a transaction rewrote, and the entity's cache generation before it did. */
    private record Kept(RowRewrite.Written written, long generation) {
    }

    /** Lets an SQLException cross the work function unchanged, so inTransaction can classify it. */
    private static RuntimeException sneaky(SQLException e) {
        return new WrappedSql(e);
    }

    private static final class WrappedSql extends RuntimeException {
        WrappedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
