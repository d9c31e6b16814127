package be.belfort.opendata;

import be.belfort.jsonld.ContextLimits;
import be.belfort.jsonld.ContextLoader;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.ContextStore;
import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the open-data tests share: the core @context without any network, and small datasets and entities. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/";
    static final String PARKING = DEFAULT_VOCAB + "OffStreetParking";
    static final String LOCATION = "https://uri.etsi.org/ngsi-ld/location";
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
    static final ContextLoader LOADER = new ContextLoader(NO_HOSTED, "/ngsi-ld/v1/jsonldContexts/",
            new RemoteContexts(Duration.ofSeconds(1), 10_000));
    static final LdContext CORE = new ContextResolver(LOADER, ContextLimits.DEFAULT).core();

    private Fixtures() {
    }

    static DatasetMetadata metadata() {
        return new DatasetMetadata(Map.of("nl", "Parkings", "en", "Car parks"), Map.of("nl", "Vrije plaatsen"),
                "https://data.vlaanderen.be/id/organisatie/OVO000001", "Stad Gent", null, "mailto:open@example.org",
                DatasetMetadata.CC0, List.of(), List.of("parking"), List.of(), null);
    }

    static Dataset dataset(String tenant, String type, String typeName, Set<String> personal) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return new Dataset(tenant, type, typeName, AccessLevel.OPEN, metadata(), personal, created,
                created.plusSeconds(3600));
    }

    static Dataset parking() {
        return dataset("", PARKING, "OffStreetParking", Set.of());
    }

    static ObjectNode property(Object value) {
        ObjectNode instance = JsonNodeFactory.instance.objectNode().put("type", "Property");
        instance.set("value", JSON.valueToTree(value));
        return instance;
    }

    static ObjectNode point(double longitude, double latitude) {
        ObjectNode instance = JsonNodeFactory.instance.objectNode().put("type", "GeoProperty");
        instance.set("value", JSON.valueToTree(Map.of("type", "Point", "coordinates", List.of(longitude, latitude))));
        return instance;
    }

    /** An entity of the type with the given attributes (short names under the default vocabulary, or IRIs). */
    static Entity entity(String id, String type, Map<String, ObjectNode> attributes) {
        Map<String, List<ObjectNode>> expanded = new LinkedHashMap<>();
        attributes.forEach((name, instance) -> expanded.put(name.contains(":") ? name : DEFAULT_VOCAB + name,
                List.of(instance)));
        Instant at = Instant.parse("2026-02-01T10:00:00Z");
        return new Entity(id, List.of(type), null, at, at, expanded);
    }
}
