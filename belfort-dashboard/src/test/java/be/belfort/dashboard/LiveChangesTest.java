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
    private static final java.util.concurrent.atomic.AtomicInteger RENDERED = new java.util.concurrent.atomic.AtomicInteger();
    private static final LiveChanges.Renderer RENDERER = (tenant, change) -> {
        RENDERED.incrementAndGet();
        return (tenant + "|" + change.layer() + "|" + change.row().id() + "|" + change.row().value())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    };

    @Test
    void aWriteInATenantNobodyWatchesCostsNothing() {
        try (LiveChanges live = new LiveChanges(new CityMap(null, COMPACT), COMPACT, RENDERER)) {
            assertThat(live.watches("gent")).isFalse();
            assertThat(live.changed("gent", null, List.of(new EntityChange(null, carPark("P1", 100))))).isNull();
        }
    }

    @Test
    void eachViewerGetsOnlyWhatItsScopeShowsAfterTheCommit() throws InterruptedException {
        try (LiveChanges live = new LiveChanges(new CityMap(null, COMPACT), COMPACT, RENDERER)) {
            Watching everything = new Watching(ReadScope.EVERYTHING);
            Watching onlyBuildings = new Watching(new ReadScope(Set.of(BASE + "Building"), Set.of()));
            live.watch("gent", everything);
            live.watch("gent", onlyBuildings);
            assertThat(live.watches("gent")).isTrue();
            assertThat(live.watches("leuven")).isFalse();

            Runnable afterCommit = live.changed("gent", null, List.of(new EntityChange(null, carPark("P1", 1234))));
            assertThat(everything.changes).isEmpty();
            afterCommit.run();

            byte[] change = everything.changes.poll(5, TimeUnit.SECONDS);
            assertThat(new String(change, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("gent|OffStreetParking|urn:ngsi-ld:OffStreetParking:gent-P1|1.234");
            assertThat(onlyBuildings.changes.poll(200, TimeUnit.MILLISECONDS)).isNull();

            live.stopWatching("gent", everything);
            live.stopWatching("gent", onlyBuildings);
            assertThat(live.watches("gent")).isFalse();
            assertThat(live.viewers()).isZero();
        }
    }

    @Test
    void aChangeIsRenderedOncePerAudienceAndTheSameEventSharedByItsViewers() throws InterruptedException {
        try (LiveChanges live = new LiveChanges(new CityMap(null, COMPACT), COMPACT, RENDERER)) {
            List<Watching> dutch = java.util.stream.IntStream.range(0, 200)
                    .mapToObj(i -> new Watching(ReadScope.EVERYTHING)).toList();
            Watching english = new Watching(ReadScope.EVERYTHING, Language.EN);
            dutch.forEach(viewer -> live.watch("gent", viewer));
            live.watch("gent", english);
            assertThat(live.viewers()).isEqualTo(201);
            RENDERED.set(0);

            live.changed("gent", null, List.of(new EntityChange(null, carPark("P1", 1234)))).run();

            byte[] first = dutch.getFirst().changes.poll(5, TimeUnit.SECONDS);
            for (Watching viewer : dutch) {
                byte[] event = viewer == dutch.getFirst() ? first : viewer.changes.poll(5, TimeUnit.SECONDS);
                assertThat(event).isSameAs(first);
            }
            assertThat(english.changes.poll(5, TimeUnit.SECONDS)).isNotNull().isNotSameAs(first);
            assertThat(RENDERED.get()).isEqualTo(2);
        }
    }

    private static Entity carPark(String code, int free) {
        ObjectNode available = JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", free);
        return new Entity("urn:ngsi-ld:OffStreetParking:gent-" + code, List.of(BASE + "OffStreetParking"), null,
                Instant.EPOCH, Instant.EPOCH, Map.of(BASE + "availableSpotNumber", List.of(available)));
    }

    private static final class Watching implements LiveChanges.Viewer {
        private final LiveChanges.Audience audience;
        private final LinkedBlockingQueue<byte[]> changes = new LinkedBlockingQueue<>();

        Watching(ReadScope scope) {
            this(scope, Language.NL);
        }

        Watching(ReadScope scope, Language language) {
            this.audience = new LiveChanges.Audience(scope, language);
        }

        @Override
        public LiveChanges.Audience audience() {
            return audience;
        }

        @Override
        public boolean offer(byte[] event) {
            return changes.offer(event);
        }
    }
}
