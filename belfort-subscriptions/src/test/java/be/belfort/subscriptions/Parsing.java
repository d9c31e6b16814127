package be.belfort.subscriptions;

import be.belfort.jsonld.ContextLimits;
import be.belfort.jsonld.ContextLoader;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.EntityReader;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.ContextStore;
import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Subscriptions and entities read as a client writes them, under the core @context, without any network. */
final class Parsing {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ContextStore NO_HOSTED = new ContextStore() {
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
    static final ContextResolver CONTEXTS = new ContextResolver(new ContextLoader(NO_HOSTED, "/ngsi-ld/v1/jsonldContexts/",
            new RemoteContexts(Duration.ofSeconds(1), 10_000)), ContextLimits.DEFAULT);
    static final LdContext CORE = CONTEXTS.core();

    private Parsing() {
    }

    static Subscription subscription(String json) {
        return SubscriptionParser.parse("", object(json), CORE, JSON.getNodeFactory().textNode("core"), NOW, NOW, NOW, true);
    }

    static Entity entity(String json) {
        return new EntityReader().readEntity(object(json), CORE, null);
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
