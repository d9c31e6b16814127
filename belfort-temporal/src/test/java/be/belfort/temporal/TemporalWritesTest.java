package be.belfort.temporal;

import be.belfort.model.Entity;
import be.belfort.model.EntityService;
import be.belfort.model.EntityStore;
import be.belfort.model.EntityTransaction;
import be.belfort.model.UnitOfWork;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A new temporal entity and its history are one unit of work: both are committed, or neither. */
class TemporalWritesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPOTS = "https://example.org/spots";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private final MemoryStore store = new MemoryStore();
    private final TemporalWrites writes = new TemporalWrites(new EntityService(store, CLOCK), noHistory(), CLOCK);

    @Test
    void theNewestInstanceBecomesTheEntityAndTheOthersItsHistoryInTheSameTransaction() {
        boolean created = writes.createOrAdd("gent", named(), instances(3, 1, 2));

        assertThat(created).isTrue();
        Entity entity = store.committed.get("urn:ngsi-ld:Parking:1");
        assertThat(entity.attributes().get(SPOTS)).extracting(i -> i.get("value").asInt()).containsExactly(3);
        assertThat(store.committedHistory).extracting(i -> i.get("value").asInt()).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void whenTheHistoryCannotBeWrittenTheEntityIsNotCreatedEither() {
        store.failHistory = true;
        assertThatThrownBy(() -> writes.createOrAdd("gent", named(), instances(3, 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.committed).isEmpty();
        assertThat(store.committedHistory).isEmpty();
    }

    private static Entity named() {
        return new Entity("urn:ngsi-ld:Parking:1", List.of("https://example.org/Parking"), null, null, null, Map.of());
    }

    /** Instances of spots with the given values, observed a minute apart in the order of their values. */
    private static Map<String, List<ObjectNode>> instances(int... values) {
        List<ObjectNode> list = new ArrayList<>();
        for (int value : values) {
            list.add(JSON.createObjectNode().put("type", "Property").put("value", value)
                    .put("observedAt", "2026-12-01T09:0" + value + ":00Z"));
        }
        Map<String, List<ObjectNode>> instances = new LinkedHashMap<>();
        instances.put(SPOTS, list);
        return instances;
    }

    /** No direct history writes are expected on these paths. */
    private static HistoryStore noHistory() {
        return (HistoryStore) Proxy.newProxyInstance(HistoryStore.class.getClassLoader(), new Class<?>[] {HistoryStore.class},
                (proxy, method, args) -> {
                    throw new AssertionError("unexpected " + method.getName());
                });
    }

    /** Entities and history in memory; a transaction's writes become visible only when its work returns. */
    private static final class MemoryStore implements EntityStore {
        final Map<String, Entity> committed = new HashMap<>();
        final List<ObjectNode> committedHistory = new ArrayList<>();
        boolean failHistory;

        @Override
        public Optional<Entity> find(String tenant, String id) {
            return Optional.ofNullable(committed.get(id));
        }

        @Override
        public boolean tenantExists(String tenant) {
            return true;
        }

        @Override
        public List<String> tenantsWithExpired() {
            return List.of();
        }

        @Override
        public List<String> tenantsWithExpiredAttributes() {
            return List.of();
        }

        @Override
        public <T> T inTransaction(String tenant, Function<EntityTransaction, T> work) {
            Map<String, Entity> written = new HashMap<>();
            List<ObjectNode> history = new ArrayList<>();
            T result = work.apply(new EntityTransaction() {
                public UnitOfWork unitOfWork() {
                    return new UnitOfWork() {
                    };
                }

                public List<Entity> lockExpired(int limit) {
                    return List.of();
                }

                @Override
                public List<Entity> lockWithExpiredAttributes(int limit) {
                    return List.of();
                }

                public Optional<Entity> findForUpdate(String id) {
                    return Optional.ofNullable(committed.get(id));
                }

                public Map<String, Entity> findAllForUpdate(Collection<String> ids) {
                    return Map.of();
                }

                public Map<String, Instant> lockCreationTimes(Collection<String> ids) {
                    return Map.of();
                }

                public void write(Collection<Entity> inserts, Collection<Entity> updates) {
                    inserts.forEach(entity -> written.put(entity.id(), entity));
                }

                public int delete(Collection<String> ids) {
                    return 0;
                }

                public void recordHistory(String entityId, Map<String, List<ObjectNode>> instances, Instant at) {
                    if (failHistory) {
                        throw new IllegalStateException("the history could not be written");
                    }
                    instances.values().forEach(history::addAll);
                }

                public void recordDeletion(Collection<Entity> deleted, Instant at) {
                }
            });
            committed.putAll(written);
            committedHistory.addAll(history);
            return result;
        }
    }
}
