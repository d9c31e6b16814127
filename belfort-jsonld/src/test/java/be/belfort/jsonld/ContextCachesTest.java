package be.belfort.jsonld;

import be.belfort.model.ContextStore;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The @context caches stay within their byte bounds and forget remote contexts after their time-to-live. */
class ContextCachesTest {
    static final ContextStore NO_HOSTED = new ContextStore() {
        public Optional<HostedContext> find(String id) {
            return Optional.empty();
        }

        public void save(HostedContext context) {
        }

        public boolean delete(String id) {
            return false;
        }

        public List<HostedContext> list() {
            return List.of();
        }
    };

    /** A context of about {@code bytes} bytes whose terms are its own (named by the path). */
    private static String context(String path, int bytes) {
        StringBuilder json = new StringBuilder("{\"@context\": {\"t\": \"https://example.org" + path + "#t\"");
        for (int i = 0; json.length() < bytes; i++) {
            json.append(", \"term").append(i).append("\": \"https://example.org").append(path).append("#term").append(i).append('"');
        }
        return json.append("}}").toString();
    }

    @Test
    void manyDistinctRemoteContextsStayWithinTheCachesBytes() {
        long bound = 1024 * 1024;
        ContextLimits limits = new ContextLimits(Duration.ofSeconds(5), 100_000, 8, bound, Duration.ofHours(1));
        try (ContextServer server = new ContextServer(path -> context(path, 50_000))) {
            RemoteContexts remote = new RemoteContexts(limits, be.belfort.security.OutboundGuard.allowingAll());
            ContextResolver resolver = new ContextResolver(new ContextLoader(NO_HOSTED, "/ngsi-ld/v1/jsonldContexts/", remote), limits);
            for (int i = 0; i < 120; i++) {
                LdContext context = resolver.fromUrl(server.url("/ctx-" + i + ".jsonld"));
                assertThat(context.expand("t")).isEqualTo("https://example.org/ctx-" + i + ".jsonld#t");
                assertThat(remote.weight()).isLessThanOrEqualTo(bound);
                assertThat(resolver.weight()).isLessThanOrEqualTo(bound);
            }
            // 120 contexts of 50 kB are 6 MB: most were evicted, the recent ones kept.
            assertThat(remote.cached()).hasSizeBetween(2, 21);
            assertThat(remote.weight()).isGreaterThan(bound / 2);
        }
    }

    @Test
    void expandedNamesStayWithinTheirBound() {
        long bound = 256 * 1024;
        ContextLimits limits = ContextLimits.DEFAULT.withCache(bound, Duration.ofHours(1));
        ContextResolver resolver = new ContextResolver(new ContextLoader(NO_HOSTED, "/ngsi-ld/v1/jsonldContexts/",
                new RemoteContexts(limits, be.belfort.security.OutboundGuard.allowingAll())), limits);
        for (int i = 0; i < 20_000; i++) {
            resolver.core().expand("attribute" + i + "x".repeat(50));
        }
        assertThat(resolver.termWeight()).isBetween(bound / 2, bound);
    }

    @Test
    void aRemoteContextIsFetchedAgainAfterItsTimeToLive() throws InterruptedException {
        ContextLimits limits = ContextLimits.DEFAULT.withCache(1024 * 1024, Duration.ofMillis(300));
        try (ContextServer server = new ContextServer(path -> context(path, 100))) {
            RemoteContexts remote = new RemoteContexts(limits, be.belfort.security.OutboundGuard.allowingAll());
            ContextResolver resolver = new ContextResolver(new ContextLoader(NO_HOSTED, "/ngsi-ld/v1/jsonldContexts/", remote), limits);
            resolver.fromUrl(server.url("/ttl.jsonld"));
            resolver.fromUrl(server.url("/ttl.jsonld"));
            assertThat(server.fetches.get()).isEqualTo(1);
            Thread.sleep(600);
            resolver.fromUrl(server.url("/ttl.jsonld"));
            assertThat(server.fetches.get()).isEqualTo(2);
        }
    }

    @Test
    void aChainOfImportsLongerThanTheLimitIsRefused() {
        ContextLimits limits = ContextLimits.DEFAULT;
        try (ContextServer server = new ContextServer(path -> {
            int n = Integer.parseInt(path.substring("/chain/".length()));
            return "{\"@context\": \"/chain/" + (n + 1) + "\"}";
        })) {
            ContextResolver resolver = new ContextResolver(new ContextLoader(NO_HOSTED, "/ngsi-ld/v1/jsonldContexts/",
                    new RemoteContexts(limits, be.belfort.security.OutboundGuard.allowingAll())), limits);
            assertThatThrownBy(() -> resolver.fromBody(JsonNodeFactory.instance.textNode(server.url("/chain/0"))))
                    .isInstanceOfSatisfying(NgsiLdException.class, e -> {
                        assertThat(e.type().shortName()).isEqualTo("BadRequestData");
                        assertThat(e.getMessage()).contains("more than " + limits.maxImports());
                    });
            assertThat(server.fetches.get()).isEqualTo(limits.maxImports());
        }
    }
}
