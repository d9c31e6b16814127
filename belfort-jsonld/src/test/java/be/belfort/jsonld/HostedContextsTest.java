package be.belfort.jsonld;

import be.belfort.model.ContextStore;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The @context administration: hosting checks a context before it keeps it; delete and reload say what is unknown. */
class HostedContextsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class MemoryStore implements ContextStore {
        final Map<String, HostedContext> contexts = new ConcurrentHashMap<>();

        @Override
        public Optional<HostedContext> find(String id) {
            return Optional.ofNullable(contexts.get(id));
        }

        @Override
        public void save(HostedContext context) {
            contexts.put(context.id(), context);
        }

        @Override
        public boolean delete(String id) {
            return contexts.remove(id) != null;
        }

        @Override
        public List<HostedContext> list() {
            return new ArrayList<>(contexts.values());
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final RemoteContexts remote = new RemoteContexts(Duration.ofSeconds(1), 100_000);
    private final ContextResolver resolver = new ContextResolver(new ContextLoader(store, "/ngsi-ld/v1/jsonldContexts/",
            remote), ContextLimits.DEFAULT);
    private final HostedContexts contexts = new HostedContexts(store, remote, resolver,
            Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void aValidContextIsHostedWithANewIdAndTheTimeItCame() throws Exception {
        String id = contexts.host("", JSON.readTree("{\"@context\": {\"spots\": \"https://example.org/spots\"}}"));
        assertThat(contexts.hosted("", id)).get().satisfies(hosted -> {
            assertThat(hosted.createdAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
            assertThat(hosted.json()).contains("https://example.org/spots");
        });
        assertThat(contexts.hosted("")).hasSize(1);
        contexts.delete("", id);
        assertThat(contexts.hosted("", id)).isEmpty();
    }

    @Test
    void aHostedContextBelongsToItsTenant() throws Exception {
        String id = contexts.host("city", JSON.readTree("{\"@context\": {\"spots\": \"https://example.org/spots\"}}"));
        assertThat(contexts.hosted("city")).hasSize(1);
        assertThat(contexts.hosted("")).as("listed in its tenant only").isEmpty();
        assertThat(contexts.hosted("other", id)).isEmpty();
        assertThat(contexts.hosted("", id)).as("a JSON-LD processor fetches without a tenant").isPresent();
        assertThatThrownBy(() -> contexts.delete("other", id)).isInstanceOf(NgsiLdException.class);
        contexts.delete("city", id);
        assertThat(contexts.hosted("city")).isEmpty();
    }

    @Test
    void aDocumentWithoutAnAtContextOrThatCannotBeProcessedIsNotKept() throws Exception {
        assertThatThrownBy(() -> contexts.host("", JSON.readTree("{\"spots\": 1}"))).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("@context");
        assertThatThrownBy(() -> contexts.host("", JSON.readTree("{\"@context\": {\"@version\": 3}}")))
                .isInstanceOf(NgsiLdException.class);
        assertThat(store.contexts).isEmpty();
    }

    @Test
    void unknownContextsAreNotFoundAndHostedOnesCannotBeReloaded() throws Exception {
        assertThatThrownBy(() -> contexts.delete("", "nope")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("No hosted or cached @context");
        String id = contexts.host("", JSON.readTree("{\"@context\": {\"spots\": \"https://example.org/spots\"}}"));
        assertThatThrownBy(() -> contexts.reload("", id)).isInstanceOf(NgsiLdException.class).hasMessageContaining("hosted");
        assertThatThrownBy(() -> contexts.reload("", "https://example.org/unknown.jsonld")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("No cached @context");
    }
}
