package be.belfort.federation;

import be.belfort.model.Entity;
import be.belfort.model.ReadScope;
import be.belfort.query.DistributedReads;
import be.belfort.query.EntityQuery;
import be.belfort.query.EntitySelector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paging through an entity map over the local store alone (no registrations): the rules of clause 5.5.14. */
class EntityMapPagingTest {
    private static final String TENANT = "city";
    private static final String SENSOR = "https://example.org/Sensor";
    private static final String HIDDEN = "https://example.org/Hidden";

    /** The local store: entities by id, queried in id order. */
    private final TreeMap<String, Entity> local = new TreeMap<>();
    private final Clock clock = Clock.systemUTC();
    private final Registrations registrations = new Registrations(new DocumentStore() {
        @Override
        public List<Stored> loadAll() {
            return List.of();
        }

        @Override
        public Optional<Stored> load(String tenant, String id) {
            return Optional.empty();
        }

        @Override
        public boolean insert(String tenant, String id, ObjectNode document, Instant expiresAt) {
            return true;
        }

        @Override
        public void update(String tenant, String id, ObjectNode document, Instant expiresAt) {
        }

        @Override
        public boolean delete(String tenant, String id) {
            return true;
        }
    }, new FigureStore() {
        @Override
        public void add(Kind kind, Map<Key, Figures> counted) {
        }

        @Override
        public Map<String, Figures> read(Kind kind, String tenant) {
            return Map.of();
        }

        @Override
        public void remove(Kind kind, String tenant, String id) {
        }
    }, clock);
    private final EntityMapRulesTest.MemoryStore store = new EntityMapRulesTest.MemoryStore();
    private final EntityMaps maps = new EntityMaps(store, new EntityMapLimits(java.time.Duration.ofMinutes(10),
            java.time.Duration.ofHours(1), 5), clock);
    private final Federation federation = new Federation(registrations, be.belfort.security.OutboundGuard.allowingAll(),
            FederationSettings.DEFAULT, new ObjectMapper(), clock, "test", maps);

    @AfterEach
    void close() {
        federation.close();
    }

    private void hold(String name, String type) {
        local.put("urn:ngsi-ld:Sensor:" + name, new Entity("urn:ngsi-ld:Sensor:" + name, List.of(type), null, null,
                null, Map.of()));
    }

    /** The local matches of a query: its ids (or all), in id order, paged. */
    private final Function<EntityQuery, EntityQuery.Page> localQuery = query -> {
        List<Entity> matches = new ArrayList<>();
        for (Entity entity : local.values()) {
            boolean named = query.selectors().stream().allMatch(s -> s.ids().isEmpty())
                    || query.selectors().stream().anyMatch(s -> s.ids().contains(entity.id()));
            if (named && query.readable().allows(entity)) {
                matches.add(entity);
            }
        }
        matches.sort(Comparator.comparing(Entity::id));
        List<Entity> page = matches.subList(Math.min(matches.size(), query.offset()),
                Math.min(matches.size(), query.offset() + query.limit()));
        return new EntityQuery.Page(page, query.count() ? (long) matches.size() : null);
    };

    private static EntityQuery query(int limit, int offset, ReadScope readable) {
        return new EntityQuery(List.of(new EntitySelector(List.of(), null, null)), List.of(), null, null, null, limit,
                offset, true, readable);
    }

    private DistributedReads.MappedAnswer page(int offset, String mapId, String reader) {
        return page(offset, mapId, reader, ReadScope.EVERYTHING);
    }

    private DistributedReads.MappedAnswer page(int offset, String mapId, String reader, ReadScope readable) {
        return federation.query(new DistributedReads.Forward(TENANT, Map.of(), null, null, node -> null, null),
                query(2, offset, readable), new DistributedReads.MapRequest(mapId, null, reader, false), localQuery);
    }

    private static List<String> names(DistributedReads.MappedAnswer answer) {
        return answer.answer().entities().stream().map(e -> e.id().replace("urn:ngsi-ld:Sensor:", "")).toList();
    }

    @Test
    void laterPagesComeFromTheMapAndEntitiesThatNoLongerMatchLeaveItWithoutShiftingTheNextPages() {
        for (String name : List.of("e1", "e2", "e3", "e4", "e5")) {
            hold(name, SENSOR);
        }
        DistributedReads.MappedAnswer first = page(0, null, "reader");
        assertThat(first.created()).isTrue();
        assertThat(names(first)).containsExactly("e1", "e2");
        assertThat(first.answer().total()).isEqualTo(5);
        assertThat(first.map().get("entityMap")).hasSize(5);

        hold("e0", SENSOR);
        local.remove("urn:ngsi-ld:Sensor:e3");
        DistributedReads.MappedAnswer second = page(2, first.mapId(), "reader");
        assertThat(second.created()).isFalse();
        assertThat(second.mapId()).isEqualTo(first.mapId());
        assertThat(names(second)).as("e3 gone, the page filled from the next").containsExactly("e4", "e5");
        assertThat(second.answer().total()).isEqualTo(4);
        assertThat(names(page(4, first.mapId(), "reader"))).isEmpty();
        assertThat(store.find(TENANT, first.mapId()).entries()).extracting(EntityMap.Entry::entityId)
                .containsExactly("urn:ngsi-ld:Sensor:e1", "urn:ngsi-ld:Sensor:e2", "urn:ngsi-ld:Sensor:e4",
                        "urn:ngsi-ld:Sensor:e5");
        assertThat(store.find(TENANT, first.mapId()).entries().getFirst().sources()).containsExactly(EntityMap.LOCAL);
    }

    @Test
    void anotherReaderNamingTheMapGetsANewOneAndWhatAReaderMayNotSeeIsLeftOut() {
        hold("a", SENSOR);
        hold("b", HIDDEN);
        hold("c", SENSOR);
        ReadScope sensorsOnly = new ReadScope(null, Set.of(HIDDEN));
        DistributedReads.MappedAnswer mine = page(0, null, "reader", sensorsOnly);
        assertThat(names(mine)).containsExactly("a", "c");
        assertThat(mine.map().get("entityMap")).as("only what the reader may see").hasSize(2);
        DistributedReads.MappedAnswer theirs = page(0, mine.mapId(), "someone else");
        assertThat(theirs.created()).isTrue();
        assertThat(theirs.mapId()).isNotEqualTo(mine.mapId());
        assertThat(names(theirs)).containsExactly("a", "b");
    }

    @Test
    void aQueryThatMatchesMoreThanAMapHoldsIsRefused() {
        for (String name : List.of("1", "2", "3", "4", "5", "6")) {
            hold(name, SENSOR);
        }
        assertThatThrownBy(() -> page(0, null, "reader")).isInstanceOf(be.belfort.model.NgsiLdException.class)
                .hasMessageContaining("at most 5");
        assertThat(store.maps).isEmpty();
    }
}
