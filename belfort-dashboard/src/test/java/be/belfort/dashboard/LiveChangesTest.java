package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import be.belfort.model.ReadScope;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class LiveChangesTest {
    private static final String BASE = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final UnaryOperator<String> COMPACT = iri -> iri.startsWith(BASE) ? iri.substring(BASE.length()) : iri;

    @Test
    void aWriteInATenantNobodyWatchesCostsNothing() {
        try (LiveChanges live = new LiveChanges(new CityMap(null, COMPACT), COMPACT)) {
            assertThat(live.watches("gent")).isFalse();
            assertThat(live.changed("gent", null, List.of(new EntityChange(null, carPark("P1", 100))))).isNull();
        }
    }

    @Test
    void eachViewerGetsOnlyWhatItsScopeShowsAfterTheCommit() throws InterruptedException {
        try (LiveChanges live = new LiveChanges(new CityMap(null, COMPACT), COMPACT)) {
            Watching everything = new Watching(ReadScope.EVERYTHING);
            Watching onlyBuildings = new Watching(new ReadScope(Set.of(BASE + "Building"), Set.of()));
            live.watch("gent", everything);
            live.watch("gent", onlyBuildings);
            assertThat(live.watches("gent")).isTrue();
            assertThat(live.watches("leuven")).isFalse();

            Runnable afterCommit = live.changed("gent", null, List.of(new EntityChange(null, carPark("P1", 1234))));
            assertThat(everything.changes).isEmpty();
            afterCommit.run();

            LiveChanges.Change change = everything.changes.poll(5, TimeUnit.SECONDS);
            assertThat(change).isNotNull();
            assertThat(change.layer()).isEqualTo("OffStreetParking");
            assertThat(change.row().value()).isEqualTo("1.234");
            assertThat(onlyBuildings.changes.poll(200, TimeUnit.MILLISECONDS)).isNull();

            live.stopWatching("gent", everything);
            live.stopWatching("gent", onlyBuildings);
            assertThat(live.watches("gent")).isFalse();
            assertThat(live.viewers()).isZero();
        }
    }

    private static Entity carPark(String code, int free) {
        ObjectNode available = JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", free);
        return new Entity("urn:ngsi-ld:OffStreetParking:gent-" + code, List.of(BASE + "OffStreetParking"), null,
                Instant.EPOCH, Instant.EPOCH, Map.of(BASE + "availableSpotNumber", List.of(available)));
    }

    private static final class Watching implements LiveChanges.Viewer {
        private final ReadScope scope;
        private final LinkedBlockingQueue<LiveChanges.Change> changes = new LinkedBlockingQueue<>();

        Watching(ReadScope scope) {
            this.scope = scope;
        }

        @Override
        public ReadScope scope() {
            return scope;
        }

        @Override
        public Texts texts() {
            return new Texts(Language.NL);
        }

        @Override
        public boolean offer(LiveChanges.Change change) {
            return changes.offer(change);
        }
    }
}
