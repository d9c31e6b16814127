package be.belfort.dashboard;

import be.belfort.model.Entity;
import be.belfort.model.EntityTransaction;
import be.belfort.model.ReadScope;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetStore;
import be.belfort.opendata.Datasets;
import be.belfort.query.DistributedReads;
import be.belfort.query.EntityFinder;
import be.belfort.query.EntityQuery;
import be.belfort.query.QueryService;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** A city whose data its own broker holds: read through the distributed port, shown unavailable when it fails. */
class FederatedCitiesTest {
    private static final String BASE = "https://uri.etsi.org/ngsi-ld/default-context/";
    private static final String PARKING = BASE + "OffStreetParking";
    private static final UnaryOperator<String> COMPACT = iri -> iri.startsWith(BASE) ? iri.substring(BASE.length()) : iri;

    private final CityBroker broker = new CityBroker();
    private final Entities entities = new Entities(new QueryService(new NothingHere()),
            new Federated(broker, body -> {
                throw new IllegalStateException("the fake broker answers entities");
            }, name -> BASE + name));
    private final Cities cities = new Cities(new Datasets(new NoDatasets(), Clock.systemUTC(), name -> BASE + name,
            COMPACT), new QueryService(new NothingHere()), entities, new CityMap(entities, COMPACT), COMPACT,
            Clock.systemUTC());

    @Test
    void aTenantWithRegisteredSourcesIsACityReadFromItsBroker() {
        assertThat(cities.tenants()).containsExactly("brugge");
        Cities.City brugge = cities.take("brugge", ReadScope.EVERYTHING).city();
        assertThat(brugge.federated()).isTrue();
        assertThat(brugge.unavailable()).isFalse();
        assertThat(brugge.types()).singleElement().satisfies(type -> {
            assertThat(type.name()).isEqualTo("OffStreetParking");
            assertThat(type.count()).isEqualTo(2);
        });
        assertThat(brugge.freeParking()).isEqualTo(700);
        assertThat(brugge.centre()).isNotNull();
        assertThat(broker.queries).as("the types by discovery, then the car parks by query").isEqualTo(1);
    }

    @Test
    void aBrokerThatDoesNotAnswerLeavesTheCityShownAsUnavailable() {
        broker.down = true;
        CitySnapshot snapshot = cities.take("brugge", ReadScope.EVERYTHING);
        assertThat(snapshot.city().unavailable()).isTrue();
        assertThat(snapshot.city().types()).isEmpty();
        assertThat(snapshot.shows(ReadScope.EVERYTHING)).as("still on the pages, marked unavailable").isTrue();
        assertThat(snapshot.shows(new ReadScope(Set.of(), Set.of()))).as("not to a viewer who may read nothing there")
                .isFalse();
    }

    /** Brugge's broker: two car parks of type OffStreetParking, or nothing but a warning when it is down. */
    private static final class CityBroker implements DistributedReads {
        boolean down;
        int queries;

        @Override
        public SortedSet<String> tenants() {
            return new TreeSet<>(Set.of("brugge"));
        }

        @Override
        public boolean concerns(String tenant, DocumentRead read) {
            return tenant.equals("brugge");
        }

        @Override
        public DocumentAnswer read(Forward forward, DocumentRead read, Supplier<Document> local) {
            if (down) {
                return new DocumentAnswer(local.get(), List.of("199 - \"the broker is down\""));
            }
            ObjectNode types = JsonNodeFactory.instance.objectNode();
            types.putArray("typeList").add("OffStreetParking");
            return new DocumentAnswer(new Document(types, null), List.of());
        }

        @Override
        public boolean concerns(String tenant, EntityQuery query) {
            return tenant.equals("brugge");
        }

        @Override
        public boolean concerns(String tenant, String entityId) {
            return tenant.equals("brugge");
        }

        @Override
        public boolean isLoop(String via) {
            return false;
        }

        @Override
        public Answer query(Forward forward, EntityQuery query, Supplier<EntityQuery.Page> local) {
            queries++;
            assertThat(forward.parameters()).containsEntry("type", List.of(PARKING));
            if (down) {
                return new Answer(local.get().entities(), null, List.of("199 - \"the broker is down\""));
            }
            List<Entity> all = List.of(carPark("centrum-zand", 466, 3.2165), carPark("station", 234, 3.2170));
            return new Answer(all.subList(Math.min(all.size(), query.offset()), all.size()), null, List.of());
        }

        @Override
        public Answer retrieve(Forward forward, String entityId, Supplier<Entity> local) {
            throw new UnsupportedOperationException();
        }
    }

    private static Entity carPark(String key, int free, double lon) {
        ObjectNode available = JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", free);
        ObjectNode location = JsonNodeFactory.instance.objectNode().put("type", "GeoProperty");
        location.putObject("value").put("type", "Point").putArray("coordinates").add(lon).add(51.2);
        return new Entity("urn:ngsi-ld:OffStreetParking:brugge-" + key, List.of(PARKING), null, Instant.EPOCH,
                Instant.EPOCH, Map.of(BASE + "availableSpotNumber", List.of(available),
                "https://uri.etsi.org/ngsi-ld/location", List.of(location)));
    }

    /** A region that keeps nothing of any tenant: everything is at the brokers. */
    private static final class NothingHere implements EntityFinder {
        @Override
        public boolean tenantExists(String tenant) {
            return false;
        }

        @Override
        public EntityQuery.Page find(String tenant, EntityQuery query) {
            throw new AssertionError("never asked: the tenant does not exist here");
        }

        @Override
        public List<Entity> lockMatching(EntityTransaction tx, EntityQuery query, String after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> typeNames(String tenant) {
            return List.of();
        }

        @Override
        public List<TypeInfo> types(String tenant, String onlyType) {
            return List.of();
        }

        @Override
        public List<String> attributeNames(String tenant) {
            return List.of();
        }

        @Override
        public List<AttributeInfo> attributes(String tenant, String onlyAttribute, ReadScope readable) {
            return List.of();
        }
    }

    private static final class NoDatasets implements DatasetStore {
        @Override
        public void save(Dataset dataset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Dataset> find(String tenant, String type) {
            return Optional.empty();
        }

        @Override
        public List<Dataset> all() {
            return List.of();
        }

        @Override
        public boolean delete(String tenant, String type) {
            return false;
        }
    }
}
