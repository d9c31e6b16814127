package be.belfort.temporal;

import be.belfort.jsonld.ContextLimits;
import be.belfort.jsonld.ContextLoader;
import be.belfort.jsonld.ContextResolver;
import be.belfort.jsonld.LdContext;
import be.belfort.jsonld.RemoteContexts;
import be.belfort.model.ContextStore;
import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The temporal representations (clause 4.5.7 and 4.5.19): instances, temporalValues and aggregated periods. */
class TemporalRendererTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPOTS = "https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber";
    private static final String OWNER = "https://uri.etsi.org/ngsi-ld/default-context/owner";
    private static final LdContext CORE = new ContextResolver(new ContextLoader(new ContextStore() {
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
    }, "/ngsi-ld/v1/jsonldContexts/", new RemoteContexts(Duration.ofSeconds(1), 10_000)), ContextLimits.DEFAULT).core();

    private final TemporalRenderer renderer = new TemporalRenderer();
    private final Entity parking = new Entity("urn:ngsi-ld:OffStreetParking:1",
            List.of("https://uri.etsi.org/ngsi-ld/default-context/OffStreetParking"), null,
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"),
            Map.of(SPOTS, List.of(instance("{\"type\": \"Property\", \"value\": 3}"))));
    private final UUID first = UUID.randomUUID();
    private final List<RecordedInstance> history = List.of(
            new RecordedInstance(SPOTS, first, instance("{\"type\": \"Property\", \"value\": 5,"
                    + " \"observedAt\": \"2026-01-01T10:00:00Z\", \"modifiedAt\": \"2026-01-01T10:00:01Z\"}")),
            new RecordedInstance(SPOTS, UUID.randomUUID(), instance("{\"type\": \"Property\", \"value\": 3,"
                    + " \"modifiedAt\": \"2026-01-01T11:00:01Z\"}")),
            new RecordedInstance(OWNER, UUID.randomUUID(), instance("{\"type\": \"Relationship\","
                    + " \"object\": \"urn:ngsi-ld:Organisation:gent\", \"observedAt\": \"2026-01-01T09:00:00Z\"}")));

    @Test
    void everyAttributeIsAnArrayOfItsInstancesEachWithItsInstanceId() {
        ObjectNode out = renderer.normalized(parking, history, CORE, false, false);

        assertThat(out.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:1");
        assertThat(out.get("availableSpotNumber")).hasSize(2);
        assertThat(out.get("owner").isArray()).as("even a single instance").isTrue();
        assertThat(out.at("/availableSpotNumber/0/instanceId").asText()).isEqualTo("urn:ngsi-ld:attribute:instance:" + first);
        assertThat(out.at("/availableSpotNumber/0/value").asInt()).isEqualTo(5);
        assertThat(history.get(0).instance().has("instanceId")).as("the recorded instance is left as it was").isFalse();
    }

    @Test
    void temporalValuesPairEachValueWithItsTimeOrElseItsModificationTime() {
        ObjectNode out = renderer.temporalValues(parking, history, CORE, TemporalQuery.TimeProperty.OBSERVED_AT, false);

        assertThat(out.at("/availableSpotNumber/type").asText()).isEqualTo("Property");
        assertThat(out.at("/availableSpotNumber/values")).hasSize(2);
        assertThat(out.at("/availableSpotNumber/values/0/0").asInt()).isEqualTo(5);
        assertThat(out.at("/availableSpotNumber/values/0/1").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(out.at("/availableSpotNumber/values/1/1").asText()).isEqualTo("2026-01-01T11:00:01Z");
        assertThat(out.at("/owner/type").asText()).isEqualTo("Relationship");
        assertThat(out.at("/owner/objects/0/0").asText()).isEqualTo("urn:ngsi-ld:Organisation:gent");
    }

    @Test
    void aggregatesAreTriplesOfValueStartAndEndWithCountsAsWholeNumbers() {
        Map<AggregateMethod, Double> values = new EnumMap<>(AggregateMethod.class);
        values.put(AggregateMethod.TOTAL_COUNT, 2.0);
        values.put(AggregateMethod.AVG, 4.0);
        Map<AggregateMethod, Double> noNumbers = new HashMap<>();
        noNumbers.put(AggregateMethod.TOTAL_COUNT, 1.0);
        noNumbers.put(AggregateMethod.AVG, null);
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        List<AggregatedPeriod> periods = List.of(
                new AggregatedPeriod(parking.id(), SPOTS, start, start.plusSeconds(3600), values),
                new AggregatedPeriod(parking.id(), SPOTS, start.plusSeconds(3600), start.plusSeconds(7200), noNumbers));

        ObjectNode out = renderer.aggregated(parking, periods, Aggregation.of("totalCount,avg", "PT1H"), CORE, false);

        assertThat(out.at("/availableSpotNumber/type").asText()).isEqualTo("Property");
        assertThat(out.at("/availableSpotNumber/totalCount/0/0").isIntegralNumber()).isTrue();
        assertThat(out.at("/availableSpotNumber/totalCount/0/0").asLong()).isEqualTo(2);
        assertThat(out.at("/availableSpotNumber/avg/0/0").asDouble()).isEqualTo(4.0);
        assertThat(out.at("/availableSpotNumber/avg/0/1").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(out.at("/availableSpotNumber/avg/0/2").asText()).isEqualTo("2026-01-01T11:00:00Z");
        assertThat(out.at("/availableSpotNumber/avg/1/0").isNull()).as("no numbers: no average").isTrue();
    }

    private static ObjectNode instance(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
