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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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

    /** Creates a car park of 10 spots that expires in 800 ms; returns when. */
    private static Instant createTransient(String id) {
        Entity entity = parking(id, 10);
        Instant expiry = Instant.now().plusMillis(800);
        entity.setExpiresAt(expiry);
        service.create(TENANT, entity);
        return expiry;
    }

    private static void sleepPast(Instant moment) throws InterruptedException {
        Thread.sleep(Math.max(0, moment.toEpochMilli() - System.currentTimeMillis()) + 50);
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
        Instant expiry = createTransient(id);
        assertThat(spots(id)).isEqualTo(10);

        sleepPast(expiry);

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

    /** Reads the spots in the form given, counting how often the entity had to be rendered. */
    private static long spotsAs(String id, String form, AtomicInteger renders) {
        return service.retrieveAs(TENANT, id, form, entity -> {
            renders.incrementAndGet();
            return entity.attributes().entrySet().stream()
                    .filter(attribute -> attribute.getKey().endsWith("availableSpotNumber"))
                    .findFirst().orElseThrow().getValue().get(0).get("value").asLong();
        });
    }

    @Test
    void aRenderedAnswerIsKeptUntilTheEntityChanges() {
        String id = "urn:ngsi-ld:OffStreetParking:rendered";
        AtomicInteger renders = new AtomicInteger();
        service.create(TENANT, parking(id, 10));
        // the first read fetches the row, the second renders from the kept row and keeps the answer
        assertThat(spotsAs(id, "json", renders)).isEqualTo(10);
        assertThat(spotsAs(id, "json", renders)).isEqualTo(10);
        int rendered = renders.get();
        assertThat(spotsAs(id, "json", renders)).isEqualTo(10);
        assertThat(renders.get()).as("answered as kept").isEqualTo(rendered);

        service.replace(TENANT, parking(id, 4));

        assertThat(spotsAs(id, "json", renders)).isEqualTo(4);
        assertThat(spotsAs(id, "json", renders)).isEqualTo(4);
        assertThat(spotsAs(id, "json", renders)).isEqualTo(4);
        // the write kept the row it wrote: the first read after it renders from that row and keeps the answer
        assertThat(renders.get()).as("rendered once again after the change, then kept").isEqualTo(rendered + 1);
    }

    @Test
    void eachFormIsRenderedOnItsOwnAndOnlyAFewAreKept() {
        String id = "urn:ngsi-ld:OffStreetParking:forms";
        service.create(TENANT, parking(id, 10));
        spots(id);
        AtomicInteger renders = new AtomicInteger();
        List<String> forms = List.of("json", "json-ld", "geo", "other");
        for (int round = 0; round < 3; round++) {
            for (String form : forms) {
                assertThat(spotsAs(id, form, renders)).isEqualTo(10);
            }
        }
        // two forms kept after their first rendering, the other two rendered in every round
        assertThat(renders.get()).isEqualTo(2 + 2 * 3);
    }

    @Test
    void nothingIsKeptOfAnEntityWithAnAttributeThatExpires() throws InterruptedException {
        String id = "urn:ngsi-ld:OffStreetParking:expiring-attribute";
        Instant expiry = Instant.now().plusMillis(800);
        service.create(TENANT, db.read("""
                {"id": "%s", "type": "OffStreetParking",
                 "availableSpotNumber": {"type": "Property", "value": 10},
                 "name": {"type": "Property", "value": "Vrijdagmarkt", "expiresAt": "%s"}}""".formatted(id, expiry)));
        spots(id);
        AtomicInteger renders = new AtomicInteger();
        Function<Entity, Boolean> named = entity -> {
            renders.incrementAndGet();
            return entity.attributes().keySet().stream().anyMatch(name -> name.endsWith("name"));
        };
        assertThat(service.retrieveAs(TENANT, id, "json", named)).isTrue();
        assertThat(service.retrieveAs(TENANT, id, "json", named)).isTrue();
        assertThat(renders.get()).as("rendered on every read").isEqualTo(2);

        sleepPast(expiry);

        assertThat(service.retrieveAs(TENANT, id, "json", named)).as("the expired name is gone").isFalse();
    }

    @Test
    void aKeptAnswerOfATransientEntityEndsWithIt() throws InterruptedException {
        String id = "urn:ngsi-ld:OffStreetParking:transient-rendered";
        Instant expiry = createTransient(id);
        AtomicInteger renders = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(spotsAs(id, "json", renders)).isEqualTo(10);
        }

        sleepPast(expiry);

        assertThatThrownBy(() -> spotsAs(id, "json", renders)).isInstanceOf(NgsiLdException.class);
    }
}
