package be.belfort.storage;

import be.belfort.model.Keepable;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EntityCacheTest {
    private static final Instant T = Instant.parse("2026-12-02T10:00:00Z");

    private static EntityRow row(String id, String attributes) {
        return new EntityRow(id, List.of("https://uri.etsi.org/ngsi-ld/default-context/Parking"), null, attributes, T, T,
                null);
    }

    @Test
    void keepsARowReadWhileNothingChangedIt() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        long generation = cache.generation("gent", "urn:a");
        cache.put("gent", row("urn:a", "{}"), generation);

        assertThat(cache.get("gent", "urn:a")).isEqualTo(row("urn:a", "{}"));
        assertThat(cache.get("brugge", "urn:a")).as("another tenant's entity of the same id").isNull();
    }

    @Test
    void aRowReadBeforeACommitThatChangedTheEntityIsNotKept() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        long generation = cache.generation("gent", "urn:a");
        // the read took the old row; meanwhile a write committed and forgot the entity
        cache.forget("gent", List.of("urn:a"));
        cache.put("gent", row("urn:a", "{\"old\":[]}"), generation);

        assertThat(cache.get("gent", "urn:a")).isNull();
        long later = cache.generation("gent", "urn:a");
        cache.put("gent", row("urn:a", "{\"new\":[]}"), later);
        assertThat(cache.get("gent", "urn:a").attributesJson()).isEqualTo("{\"new\":[]}");
    }

    @Test
    void aChangeForgetsTheKeptRow() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        cache.put("gent", row("urn:a", "{}"), cache.generation("gent", "urn:a"));
        cache.put("gent", row("urn:b", "{}"), cache.generation("gent", "urn:b"));

        cache.forget("gent", List.of("urn:a"));

        assertThat(cache.get("gent", "urn:a")).isNull();
        assertThat(cache.get("gent", "urn:b")).isNotNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aRowWrittenIsKeptWithItsVersionAndStopsOlderReadsFromPuttingTheirs() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        cache.put("gent", row("urn:a", "{\"old\":[]}"), cache.generation("gent", "urn:a"));
        long beforeRead = cache.generation("gent", "urn:a");
        long beforeWrite = cache.generation("gent", "urn:a");

        cache.keepWritten("gent", row("urn:a", "{\"new\":[]}"), "731", beforeWrite);
        cache.put("gent", row("urn:a", "{\"old\":[]}"), beforeRead);

        assertThat(cache.kept("gent", "urn:a").row().attributesJson()).isEqualTo("{\"new\":[]}");
        assertThat(cache.kept("gent", "urn:a").version()).isEqualTo("731");
    }

    @Test
    void aRowWrittenIsNotKeptWhenAnotherChangeOfTheEntityCommittedSinceTheWriteBegan() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        long beforeWrite = cache.generation("gent", "urn:a");
        cache.forget("gent", List.of("urn:a")); // another transaction's change, committed meanwhile

        cache.keepWritten("gent", row("urn:a", "{\"mine\":[]}"), "731", beforeWrite);

        assertThat(cache.kept("gent", "urn:a")).isNull();
        assertThat(cache.generation("gent", "urn:a")).as("reads that began before still cannot put").isGreaterThan(beforeWrite + 1);
    }

    @Test
    void aRowReadHasNoVersion() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        cache.put("gent", row("urn:a", "{}"), cache.generation("gent", "urn:a"));

        assertThat(cache.kept("gent", "urn:a").version()).isNull();
    }

    @Test
    void keepsNoMoreThanItsBytes() {
        EntityCache cache = EntityCache.ofBytes(100_000);
        String attributes = "{\"name\":[{\"value\":\"" + "x".repeat(1_000) + "\"}]}";
        for (int i = 0; i < 1_000; i++) {
            String id = "urn:" + i;
            cache.put("gent", row(id, attributes), cache.generation("gent", id));
        }

        // each row weighs about 2.5 kB (its text, two bytes a character): some 40 fit
        assertThat(cache.size()).isBetween(30L, 45L);
        assertThat(cache.weight()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void aRenderingKeptWeighsWithItsRow() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        String attributes = "{\"name\":[{\"value\":\"" + "x".repeat(1_000) + "\"}]}";
        cache.put("gent", row("urn:a", attributes), cache.generation("gent", "urn:a"));
        long row = cache.weight();

        Keepable compressed = () -> 300;
        cache.kept("gent", "urn:a").keep("json", compressed);
        assertThat(cache.weight()).as("a rendering that tells its size").isEqualTo(row + 300);
        cache.kept("gent", "urn:a").keep("json", compressed);
        assertThat(cache.weight()).as("the same form is kept once").isEqualTo(row + 300);
        cache.kept("gent", "urn:a").keep("json-ld", "a rendering that cannot tell");
        assertThat(cache.weight()).as("one that cannot: a byte a character of the row")
                .isEqualTo(row + 300 + attributes.length());
        cache.kept("gent", "urn:a").keep("geo+json", compressed);
        assertThat(cache.weight()).as("past two forms nothing more is kept").isEqualTo(row + 300 + attributes.length());
    }

    @Test
    void renderingsCountAgainstTheBytes() {
        EntityCache cache = EntityCache.ofBytes(100_000);
        for (int i = 0; i < 100; i++) {
            String id = "urn:" + i;
            cache.put("gent", row(id, "{}"), cache.generation("gent", id));
            cache.kept("gent", id).keep("json", (Keepable) () -> 9_000);
        }
        assertThat(cache.size()).isBetween(8L, 11L);
        assertThat(cache.weight()).isLessThanOrEqualTo(100_000);
    }

    @Test
    void aChangeForgetsTheAnswersRenderedFromTheRow() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        cache.put("gent", row("urn:a", "{}"), cache.generation("gent", "urn:a"));
        cache.kept("gent", "urn:a").keep("json", "rendered");
        assertThat(cache.kept("gent", "urn:a").<String>form("json")).isEqualTo("rendered");
        assertThat(cache.kept("gent", "urn:a").<String>form("json-ld")).isNull();

        cache.forget("gent", List.of("urn:a"));
        cache.put("gent", row("urn:a", "{\"new\":[]}"), cache.generation("gent", "urn:a"));

        assertThat(cache.kept("gent", "urn:a").<String>form("json")).isNull();
    }

    @Test
    void noneKeepsNothing() {
        EntityCache cache = EntityCache.ofBytes(0);
        cache.put("gent", row("urn:a", "{}"), cache.generation("gent", "urn:a"));

        assertThat(cache.enabled()).isFalse();
        assertThat(cache.get("gent", "urn:a")).isNull();
        assertThat(cache.hits() + cache.misses()).isZero();
    }

    @Test
    void turnedOffItKeepsNothingMore() {
        EntityCache cache = EntityCache.ofBytes(1 << 20);
        cache.put("gent", row("urn:a", "{}"), cache.generation("gent", "urn:a"));

        cache.turnOff();
        cache.put("gent", row("urn:b", "{}"), cache.generation("gent", "urn:b"));

        assertThat(cache.enabled()).isFalse();
        assertThat(cache.get("gent", "urn:a")).isNull();
        assertThat(cache.get("gent", "urn:b")).isNull();
    }
}
