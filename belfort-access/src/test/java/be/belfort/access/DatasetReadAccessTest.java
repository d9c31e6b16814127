package be.belfort.access;

import be.belfort.model.ReadScope;
import be.belfort.model.Reader;
import be.belfort.opendata.AccessLevel;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetStore;
import be.belfort.opendata.Datasets;
import be.belfort.security.AccessPolicy;
import be.belfort.security.ApiKey;
import be.belfort.security.ApiKeyStore;
import be.belfort.security.ApiKeys;
import be.belfort.security.Principal;
import be.belfort.security.Role;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** What each kind of reader sees of a tenant with an open, a restricted and a personal dataset. */
class DatasetReadAccessTest {
    private static final String TENANT = "gent";
    private static final String PARKING = "https://example.org/Parking";
    private static final String CROWD = "https://example.org/Crowd";
    private static final String PERSON = "https://example.org/Person";
    private static final String PLATE = "https://example.org/plate";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final List<Dataset> datasets = new ArrayList<>(List.of(
            new Dataset(TENANT, PARKING, "Parking", AccessLevel.OPEN, null, Set.of(PLATE), NOW, NOW),
            new Dataset(TENANT, PERSON, "Person", AccessLevel.PERSONAL, null, Set.of(), NOW, NOW)));
    private final List<ApiKey> keys = new ArrayList<>();
    private final DatasetReadAccess access = new DatasetReadAccess(new AccessPolicy(true),
            new Datasets(new Memory(), Clock.systemUTC(), UnaryOperator.identity(), UnaryOperator.identity()),
            new ApiKeys(new KeyMemory(), Clock.systemUTC()));

    @Test
    void anyoneSeesOpenDatasetsWithoutTheirPersonalAttributes() {
        ReadScope anonymous = access.scope(Principal.ANONYMOUS, TENANT);
        assertThat(anonymous.allowsType(PARKING)).isTrue();
        assertThat(anonymous.allowsType(CROWD)).as("restricted: no publisher opened it").isFalse();
        assertThat(anonymous.allowsType(PERSON)).isFalse();
        assertThat(anonymous.hides(PARKING, PLATE)).isTrue();
    }

    @Test
    void readersOfTheTenantSeeRestrictedDatasetsTooButNotPersonalOnes() {
        ReadScope reader = access.scope(Principal.of("k1", TENANT, Role.READER), TENANT);
        assertThat(reader.allowsType(CROWD)).isTrue();
        assertThat(reader.allowsType(PERSON)).isFalse();
        assertThat(reader.hides(PARKING, PLATE)).isTrue();
        assertThat(access.scope(Principal.of("k1", TENANT, Role.READER), "leuven").allowsType(CROWD))
                .as("a reader of another tenant").isFalse();
    }

    @Test
    void publishersAndAnUnenforcedPolicySeeEverything() {
        assertThat(access.scope(Principal.of("k2", TENANT, Role.PUBLISHER), TENANT)).isEqualTo(ReadScope.EVERYTHING);
        DatasetReadAccess off = new DatasetReadAccess(new AccessPolicy(false),
                new Datasets(new Memory(), Clock.systemUTC(), UnaryOperator.identity(), UnaryOperator.identity()),
                new ApiKeys(new KeyMemory(), Clock.systemUTC()));
        assertThat(off.scope(Principal.ANONYMOUS, TENANT).seesEverything()).isTrue();
    }

    @Test
    void aSubscriberReadsAsItsKeyAllowsUntilTheKeyIsRevoked() {
        keys.add(new ApiKey("k3", "hash", TENANT, Role.READER, "sensor", NOW, null));
        Reader subscriber = new Reader("k3", TENANT, Role.READER.term());
        assertThat(access.scope(subscriber, TENANT).allowsType(CROWD)).isTrue();

        keys.set(0, new ApiKey("k3", "hash", TENANT, Role.READER, "sensor", NOW, NOW));
        DatasetReadAccess later = new DatasetReadAccess(new AccessPolicy(true),
                new Datasets(new Memory(), Clock.systemUTC(), UnaryOperator.identity(), UnaryOperator.identity()),
                new ApiKeys(new KeyMemory(), Clock.systemUTC()));
        assertThat(later.scope(subscriber, TENANT).allowsType(CROWD)).as("revoked: read as anyone").isFalse();
        assertThat(later.scope(Reader.ANONYMOUS, TENANT).allowsType(PARKING)).isTrue();
        assertThat(later.scope(new Reader("oidc:someone", TENANT, Role.READER.term()), TENANT).allowsType(CROWD))
                .as("a token's subscription keeps its role").isTrue();
    }

    private final class Memory implements DatasetStore {
        public void save(Dataset dataset) {
            datasets.add(dataset);
        }

        public Optional<Dataset> find(String tenant, String type) {
            return datasets.stream().filter(d -> d.tenant().equals(tenant) && d.type().equals(type)).findFirst();
        }

        public List<Dataset> all() {
            return List.copyOf(datasets);
        }

        public boolean delete(String tenant, String type) {
            return datasets.removeIf(d -> d.tenant().equals(tenant) && d.type().equals(type));
        }
    }

    private final class KeyMemory implements ApiKeyStore {
        public void save(ApiKey key) {
            keys.add(key);
        }

        public Optional<ApiKey> find(String id) {
            return keys.stream().filter(k -> k.id().equals(id)).findFirst();
        }

        public List<ApiKey> list(String tenant) {
            return keys.stream().filter(k -> tenant.equals(k.tenant())).toList();
        }

        public boolean revoke(String id, Instant at) {
            return false;
        }
    }
}
