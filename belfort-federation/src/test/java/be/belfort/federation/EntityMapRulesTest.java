package be.belfort.federation;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.threeten.extra.MutableClock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityMapRulesTest {
    private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Maps by tenant and id, in memory. */
    static final class MemoryStore implements EntityMapStore {
        final Map<String, EntityMap> maps = new HashMap<>();

        @Override
        public void insert(EntityMap map) {
            maps.put(map.tenant() + " " + map.id(), map);
        }

        @Override
        public EntityMap find(String tenant, String id) {
            return maps.get(tenant + " " + id);
        }

        @Override
        public boolean update(EntityMap map) {
            return maps.replace(map.tenant() + " " + map.id(), map) != null;
        }

        @Override
        public boolean delete(String tenant, String id) {
            return maps.remove(tenant + " " + id) != null;
        }

        @Override
        public int deleteExpired(Instant now) {
            int before = maps.size();
            maps.values().removeIf(map -> map.expiredAt(now));
            return before - maps.size();
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
    private final EntityMaps maps = new EntityMaps(store, new EntityMapLimits(Duration.ofMinutes(10),
            Duration.ofHours(1), 100), clock);

    private EntityMap made(Duration lifetime) {
        return maps.create("city", "reader", lifetime, List.of(
                new EntityMap.Entry("urn:ngsi-ld:Sensor:1", List.of(EntityMap.LOCAL)),
                new EntityMap.Entry("urn:ngsi-ld:Sensor:2", List.of(EntityMap.LOCAL, "urn:ngsi-ld:ContextSourceRegistration:a"))));
    }

    @Test
    void aMapLivesItsSuggestedLifetimeTheDefaultWithoutOneAndNeverBeyondTheLongest() {
        assertThat(made(null).expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(made(Duration.ofMinutes(30)).expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(made(Duration.ofDays(3)).expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(made(null).id()).startsWith("urn:ngsi-ld:EntityMap:");
    }

    @Test
    void aMapIsFoundOnlyInItsTenantByItsReaderBeforeItExpires() {
        EntityMap map = made(null);
        assertThat(maps.live("city", "reader", map.id())).isEqualTo(map);
        assertThat(maps.live("city", "someone else", map.id())).isNull();
        assertThat(maps.live("other city", "reader", map.id())).isNull();
        clock.setInstant(map.expiresAt());
        assertThat(maps.live("city", "reader", map.id())).as("expired at expiresAt").isNull();
        assertThatThrownBy(() -> maps.get("city", "reader", map.id())).isInstanceOf(NgsiLdException.class)
                .satisfies(e -> assertThat(((NgsiLdException) e).type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND));
        maps.removeExpired();
        assertThat(store.maps).isEmpty();
    }

    @Test
    void anUpdateSetsTheExpiryOnlyIgnoresOutputOnlyMembersAndRefusesTheRest() throws Exception {
        EntityMap map = made(null);
        maps.update("city", "reader", map.id(), JSON.readTree("{\"expiresAt\": \"2030-01-01T10:30:00Z\","
                + " \"entityMap\": {}, \"id\": \"urn:x:y\"}"));
        EntityMap updated = maps.get("city", "reader", map.id());
        assertThat(updated.expiresAt()).isEqualTo(Instant.parse("2030-01-01T10:30:00Z"));
        assertThat(updated.entries()).isEqualTo(map.entries());
        maps.update("city", "reader", map.id(), JSON.readTree("{\"expiresAt\": \"2031-01-01T00:00:00Z\"}"));
        assertThat(maps.get("city", "reader", map.id()).expiresAt()).as("the longest lifetime from now")
                .isEqualTo(NOW.plus(Duration.ofHours(1)));
        for (String bad : List.of("{}", "[]", "{\"expiresAt\": \"2029-01-01T00:00:00Z\"}", "{\"expiresAt\": \"soon\"}",
                "{\"expiresAt\": \"2030-01-01T12:00:00+01:00\"}", "{\"reader\": \"me\"}")) {
            assertThatThrownBy(() -> maps.update("city", "reader", map.id(), JSON.readTree(bad))).as(bad)
                    .isInstanceOf(NgsiLdException.class)
                    .satisfies(e -> assertThat(((NgsiLdException) e).type()).isEqualTo(ErrorType.BAD_REQUEST_DATA));
        }
        assertThatThrownBy(() -> maps.update("city", "someone else", map.id(),
                JSON.readTree("{\"expiresAt\": \"2030-01-01T10:30:00Z\"}"))).isInstanceOf(NgsiLdException.class)
                .satisfies(e -> assertThat(((NgsiLdException) e).type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND));
    }

    @Test
    void entitiesThatNoLongerMatchLeaveTheMapInItsOrder() {
        EntityMap map = made(null);
        maps.remove(map, Set.of("urn:ngsi-ld:Sensor:1"));
        assertThat(maps.get("city", "reader", map.id()).entries()).extracting(EntityMap.Entry::entityId)
                .containsExactly("urn:ngsi-ld:Sensor:2");
        assertThatThrownBy(() -> maps.delete("city", "someone else", map.id())).isInstanceOf(NgsiLdException.class);
        maps.delete("city", "reader", map.id());
        assertThat(store.maps).isEmpty();
    }

    @Test
    void theMapIsShownWithEveryMemberOfTheDataType() {
        EntityMap map = made(null);
        var shown = map.toJson();
        assertThat(shown.get("type").asText()).isEqualTo("EntityMap");
        assertThat(shown.get("expiresAt").asText()).isEqualTo("2030-01-01T10:10:00Z");
        assertThat(shown.at("/entityMap/urn:ngsi-ld:Sensor:2/1").asText())
                .isEqualTo("urn:ngsi-ld:ContextSourceRegistration:a");
        assertThat(shown.get("linkedMaps").isObject()).isTrue();
    }
}
