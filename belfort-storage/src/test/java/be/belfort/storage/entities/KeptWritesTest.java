package be.belfort.storage.entities;

import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.EntityStore;
import be.belfort.model.EntityTransaction;
import be.belfort.model.GroupCommitSettings;
import be.belfort.model.Members;
import be.belfort.model.NgsiLdException;
import be.belfort.storage.EntityCache;
import be.belfort.storage.TestDatabase;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Changes of entities whose rows the platform kept as it wrote them go without reading and locking the rows first,
 * and only while the rows are as kept: a row changed by anyone since, or held by another transaction, is written
 * under its lock from what the database holds, and its history is appended once.
 */
class KeptWritesTest {
    private static final String TENANT = "kept";
    private static final String SPOTS = "https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber";
    private static final String NAME = "https://uri.etsi.org/ngsi-ld/default-context/name";

    private static TestDatabase db;
    private static CountingStore store;
    private static EntityService service;

    @BeforeAll
    static void start() {
        db = new TestDatabase("kept-writes");
        store = new CountingStore(new PostgresEntityStore(db.database().dataSource(), db.tenants(), TestDatabase.JSON,
                EntityCache.ofBytes(16 << 20)));
        service = new EntityService(store, Clock.systemUTC(), GroupCommitSettings.DEFAULT);
    }

    @AfterAll
    static void stop() {
        service.close();
        db.close();
    }

    @BeforeEach
    void count() {
        store.written.set(0);
        store.leftOut.set(0);
    }

    @Test
    void aChangeOfAnEntityWrittenBeforeGoesWithoutReadingItsRowAndRecordsItsHistory() throws SQLException {
        String id = created("urn:ngsi-ld:OffStreetParking:kept-1");
        service.partialAttributeUpdate(TENANT, id, SPOTS, value(5)); // under the lock: keeps the row it wrote
        assertThat(store.keptForWrite(TENANT, List.of(id)).get(id).version()).isEqualTo(xmin(id));

        service.partialAttributeUpdate(TENANT, id, SPOTS, value(6));

        assertThat(store.written.get()).as("writes that went as kept").isEqualTo(1);
        assertThat(spots(id)).isEqualTo(6);
        assertThat(store.keptForWrite(TENANT, List.of(id)).get(id).version())
                .as("the row kept is the version written").isEqualTo(xmin(id));
        assertThat(recordedSpots(id)).containsExactly(10, 5, 6);
    }

    @Test
    void aRowChangedSinceItWasKeptIsWrittenUnderItsLockFromWhatTheDatabaseHolds() throws SQLException {
        String id = created("urn:ngsi-ld:OffStreetParking:kept-2");
        service.partialAttributeUpdate(TENANT, id, SPOTS, value(5));
        // another writer (which the platform does not know of) adds a name: the row's version moves on
        sql("UPDATE entities SET attrs = attrs || jsonb_build_object('" + NAME + "',"
                + " '[{\"type\": \"Property\", \"value\": \"Zuid\"}]'::jsonb) WHERE tenant = '" + TENANT + "'"
                + " AND id = '" + id + "'");

        service.partialAttributeUpdate(TENANT, id, SPOTS, value(7));

        assertThat(store.written.get()).isZero();
        assertThat(store.leftOut.get()).as("writes tried as kept, left to the lock").isEqualTo(1);
        Entity entity = service.retrieve(TENANT, id);
        assertThat(entity.attributes().get(NAME)).as("the other writer's change stays").isNotNull();
        assertThat(entity.attributes().get(SPOTS).getFirst().get(Members.VALUE).asInt()).isEqualTo(7);
        assertThat(recordedSpots(id)).as("the history of the write that did not happen is not recorded")
                .containsExactly(10, 5, 7);
    }

    @Test
    void aRowAnotherTransactionHoldsIsLeftOutWithoutWaitingForIt() throws Exception {
        String id = created("urn:ngsi-ld:OffStreetParking:kept-3");
        service.partialAttributeUpdate(TENANT, id, SPOTS, value(5));
        EntityStore.Versioned kept = store.keptForWrite(TENANT, List.of(id)).get(id);
        Entity changed = kept.entity().copy();
        changed.attributes().put(SPOTS, List.of(value(8)));

        try (Connection holder = db.database().dataSource().getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM entities WHERE tenant = ? AND id = ? FOR UPDATE")) {
                lock.setString(1, TENANT);
                lock.setString(2, id);
                lock.executeQuery().close();
            }
            Set<String> written = CompletableFuture.supplyAsync(
                            () -> store.writeUnchanged(TENANT, List.of(new EntityStore.Versioned(changed, kept.version()))))
                    .get(5, TimeUnit.SECONDS);
            assertThat(written).isEmpty();
            holder.rollback();
        }
        assertThat(spots(id)).isEqualTo(5);
        assertThat(store.keptForWrite(TENANT, List.of(id)).get(id).version()).isEqualTo(xmin(id));
    }

    @Test
    void aChangeTheKeptEntityRefusesFailsAloneAndWritesNothing() throws SQLException {
        String id = created("urn:ngsi-ld:OffStreetParking:kept-4");
        service.partialAttributeUpdate(TENANT, id, SPOTS, value(5));
        String version = xmin(id);

        assertThatThrownBy(() -> service.partialAttributeUpdate(TENANT, id,
                "https://uri.etsi.org/ngsi-ld/default-context/unknownAttribute", value(1)))
                .isInstanceOf(NgsiLdException.class);

        assertThat(xmin(id)).isEqualTo(version);
        assertThat(store.written.get() + store.leftOut.get()).isZero();
    }

    private static String created(String id) {
        service.create(TENANT, db.read("""
                {"id": "%s", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 10}}""".formatted(id)));
        return id;
    }

    private static ObjectNode value(int spots) {
        return JsonNodeFactory.instance.objectNode().put(Members.TYPE, "Property").put(Members.VALUE, spots);
    }

    private static int spots(String id) {
        return service.retrieve(TENANT, id).attributes().get(SPOTS).getFirst().get(Members.VALUE).asInt();
    }

    private static String xmin(String id) throws SQLException {
        return single("SELECT xmin::text FROM entities WHERE tenant = '" + TENANT + "' AND id = '" + id + "'");
    }

    private static List<Integer> recordedSpots(String id) throws SQLException {
        try (Connection connection = db.database().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT number_value FROM attribute_instances"
                     + " WHERE tenant = ? AND entity_id = ? AND attribute = ? ORDER BY modified_at, number_value")) {
            select.setString(1, TENANT);
            select.setString(2, id);
            select.setString(3, SPOTS);
            try (ResultSet rows = select.executeQuery()) {
                List<Integer> values = new java.util.ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getInt(1));
                }
                return values;
            }
        }
    }

    private static String single(String query) throws SQLException {
        try (Connection connection = db.database().dataSource().getConnection();
             ResultSet row = connection.createStatement().executeQuery(query)) {
            row.next();
            return row.getString(1);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection connection = db.database().dataSource().getConnection()) {
            connection.createStatement().executeUpdate(statement);
        }
    }

    /** The store, counting the writes that went as kept and those it left to the locking path. */
    private static final class CountingStore implements EntityStore {
        private final EntityStore store;
        private final AtomicInteger written = new AtomicInteger();
        private final AtomicInteger leftOut = new AtomicInteger();

        CountingStore(EntityStore store) {
            this.store = store;
        }

        @Override
        public Optional<Entity> find(String tenant, String id) {
            return store.find(tenant, id);
        }

        @Override
        public <T> Optional<T> findAs(String tenant, String id, Object form, Function<Entity, T> render) {
            return store.findAs(tenant, id, form, render);
        }

        @Override
        public boolean tenantExists(String tenant) {
            return store.tenantExists(tenant);
        }

        @Override
        public List<String> tenantsWithExpired() {
            return store.tenantsWithExpired();
        }

        @Override
        public List<String> tenantsWithExpiredAttributes() {
            return store.tenantsWithExpiredAttributes();
        }

        @Override
        public <T> T inTransaction(String tenant, Function<EntityTransaction, T> work) {
            return store.inTransaction(tenant, work);
        }

        @Override
        public Map<String, Versioned> keptForWrite(String tenant, Collection<String> ids) {
            return store.keptForWrite(tenant, ids);
        }

        @Override
        public Set<String> writeUnchanged(String tenant, List<Versioned> entities) {
            Set<String> done = store.writeUnchanged(tenant, entities);
            written.addAndGet(done.size());
            leftOut.addAndGet(entities.size() - done.size());
            return done;
        }
    }
}
