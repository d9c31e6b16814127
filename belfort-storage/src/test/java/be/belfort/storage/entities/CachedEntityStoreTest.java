package be.belfort.storage.entities;

import be.belfort.storage.EntityCache;

import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.NgsiLdException;
import be.belfort.storage.TestDatabase;
import be.belfort.storage.temporal.PostgresHistoryStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retrieval by id from the kept rows always shows what the database last committed. */
class CachedEntityStoreTest {
    private static final String TENANT = "cached";

    private static TestDatabase db;
    private static EntityCache cache;
    private static PostgresEntityStore store;
    private static EntityService service;

    @BeforeAll
    static void start() {
        db = new TestDatabase("cached-entities");
        cache = EntityCache.ofBytes(16 << 20);
        store = new PostgresEntityStore(db.database().dataSource(), db.tenants(), TestDatabase.JSON, cache);
        service = new EntityService(store, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        service.close();
        db.close();
    }

    private static Entity parking(String id, int spots) {
        return db.read("""
                {"id": "%s", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": %d}}""".formatted(id, spots));
    }

    private static long spots(String id) {
        return service.retrieve(TENANT, id).attributes().entrySet().stream()
                .filter(attribute -> attribute.getKey().endsWith("availableSpotNumber"))
                .findFirst().orElseThrow().getValue().get(0).get("value").asLong();
    }

    @Test
    void aReadAfterAWriteSeesTheWrite() {
        String id = "urn:ngsi-ld:OffStreetParking:written";
        service.create(TENANT, parking(id, 10));
        assertThat(spots(id)).isEqualTo(10);
        long hits = cache.hits();
        assertThat(spots(id)).isEqualTo(10);
        assertThat(cache.hits()).as("the second read came from memory").isEqualTo(hits + 1);

        service.replace(TENANT, parking(id, 4));

        assertThat(spots(id)).isEqualTo(4);
    }

    @Test
    void aDeletedEntityIsGone() {
        String id = "urn:ngsi-ld:OffStreetParking:deleted";
        service.create(TENANT, parking(id, 10));
        assertThat(spots(id)).isEqualTo(10);

        service.delete(TENANT, id);

        assertThatThrownBy(() -> service.retrieve(TENANT, id)).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void aWriteRolledBackLeavesTheCommittedEntity() {
        String id = "urn:ngsi-ld:OffStreetParking:rolled-back";
        service.create(TENANT, parking(id, 10));
        assertThat(spots(id)).isEqualTo(10);

        assertThatThrownBy(() -> store.inTransaction(TENANT, tx -> {
            Entity current = tx.findForUpdate(id).orElseThrow();
            tx.write(List.of(), List.of(new Entity(id, current.types(), null, current.createdAt(), Instant.now(),
                    parking(id, 1).attributes())));
            throw new IllegalStateException("refused after the write");
        })).hasMessageContaining("refused");

        assertThat(spots(id)).isEqualTo(10);
    }

    @Test
    void aTransientEntityIsGoneWhenItExpires() throws InterruptedException {
        String id = "urn:ngsi-ld:OffStreetParking:transient";
        Entity entity = parking(id, 10);
        Instant expiry = Instant.now().plusMillis(800);
        entity.setExpiresAt(expiry);
        service.create(TENANT, entity);
        assertThat(spots(id)).isEqualTo(10);

        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 50);

        assertThatThrownBy(() -> service.retrieve(TENANT, id)).isInstanceOf(NgsiLdException.class);
    }

    @Test
    void anEntityDeletedWithItsHistoryIsGone() {
        String id = "urn:ngsi-ld:OffStreetParking:temporal";
        service.create(TENANT, parking(id, 10));
        assertThat(spots(id)).isEqualTo(10);

        new PostgresHistoryStore(db.database().dataSource(), TestDatabase.JSON, cache).deleteEntity(TENANT, id);

        assertThatThrownBy(() -> service.retrieve(TENANT, id)).isInstanceOf(NgsiLdException.class);
    }

    @Test
    void eachReadGetsAnEntityOfItsOwn() {
        String id = "urn:ngsi-ld:OffStreetParking:own";
        service.create(TENANT, parking(id, 10));
        Entity first = service.retrieve(TENANT, id);

        first.attributes().clear();

        assertThat(spots(id)).isEqualTo(10);
    }
}
