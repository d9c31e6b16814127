package be.belfort.opendata;

import be.belfort.model.Entity;
import be.belfort.model.EntityTransaction;
import be.belfort.model.ReadScope;
import be.belfort.query.EntityFinder;
import be.belfort.query.EntityQuery;
import be.belfort.query.QueryService;
import be.belfort.query.TypeExpression;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static be.belfort.opendata.Fixtures.PARKING;
import static be.belfort.opendata.Fixtures.entity;
import static be.belfort.opendata.Fixtures.property;
import static org.assertj.core.api.Assertions.assertThat;

class LatestStateTest {
    private final Entities entities = new Entities();
    private final LatestState latest = new LatestState(new QueryService(entities), Fixtures.CORE, Fixtures.JSON);

    @Test
    void theCsvHasIdTypeAndEveryAttributeInAlphabeticalOrderWithEmptyCellsForWhatAnEntityLacks() throws IOException {
        entities.add(entity("urn:ngsi-ld:OffStreetParking:b", PARKING, Map.of("name", property("Sint-Pieters"))));
        entities.add(entity("urn:ngsi-ld:OffStreetParking:a", PARKING,
                Map.of("availableSpotNumber", property(120), "name", property("Vrijdagmarkt"))));

        List<CSVRecord> rows = csv(Fixtures.parking());

        // observedAt: the time of the entity's latest observation, empty when none says when it was observed
        assertThat(rows.get(0).values()).containsExactly("id", "type", "observedAt", "availableSpotNumber", "name");
        assertThat(rows.get(1).values()).containsExactly("urn:ngsi-ld:OffStreetParking:a", "OffStreetParking", "", "120",
                "Vrijdagmarkt");
        assertThat(rows.get(2).values()).containsExactly("urn:ngsi-ld:OffStreetParking:b", "OffStreetParking", "", "",
                "Sint-Pieters");
    }

    @Test
    void csvCellsWithCommasQuotesAndLineBreaksAreQuotedAndStructuredValuesAreJson() throws IOException {
        String awkward = "Parking \"Zuid\", level -1\nentrance B";
        entities.add(entity("urn:ngsi-ld:OffStreetParking:z", PARKING,
                Map.of("name", property(awkward), "opening", property(Map.of("from", "07:00")))));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        latest.csv(Fixtures.parking(), out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).contains("\"Parking \"\"Zuid\"\", level -1\nentrance B\"");
        CSVRecord row = parseWithHeader(text).get(0);
        assertThat(row.get("name")).isEqualTo(awkward);
        assertThat(Fixtures.JSON.readTree(row.get("opening"))).isEqualTo(Fixtures.JSON.valueToTree(Map.of("from", "07:00")));
    }

    @Test
    void personalAttributesAreNeitherColumnsNorProperties() throws IOException {
        entities.add(entity("urn:ngsi-ld:OffStreetParking:a", PARKING,
                Map.of("name", property("Vrijdagmarkt"), "operatorPhone", property("+32 9 000 00 00"))));
        Dataset dataset = Fixtures.dataset("", PARKING, "OffStreetParking",
                Set.of(Fixtures.DEFAULT_VOCAB + "operatorPhone"));

        assertThat(csv(dataset).get(0).values()).containsExactly("id", "type", "observedAt", "name");
        assertThat(geoJson(dataset).at("/features/0/properties").has("operatorPhone")).isFalse();
        assertThat(geoJson(dataset).at("/features/0/properties/name").asText()).isEqualTo("Vrijdagmarkt");
    }

    @Test
    void aDatasetOfMoreThanOnePageIsWrittenWhole() throws IOException {
        IntStream.range(0, LatestState.PAGE + 1).forEach(i -> entities.add(entity(
                "urn:ngsi-ld:OffStreetParking:%05d".formatted(i), PARKING, Map.of("name", property("P" + i)))));

        List<CSVRecord> rows = csv(Fixtures.parking());

        assertThat(rows).hasSize(1 + LatestState.PAGE + 1);
        assertThat(rows.get(rows.size() - 1).get(0)).isEqualTo("urn:ngsi-ld:OffStreetParking:%05d".formatted(LatestState.PAGE));
        assertThat(geoJson(Fixtures.parking()).get("features")).hasSize(LatestState.PAGE + 1);
    }

    @Test
    void aTenantNobodyWroteToHasAnEmptyDownloadRatherThanAnError() throws IOException {
        Dataset elsewhere = Fixtures.dataset("nobody", PARKING, "OffStreetParking", Set.of());

        assertThat(csv(elsewhere)).hasSize(1);
        assertThat(geoJson(elsewhere).get("features")).isEmpty();
    }

    @Test
    void geoJsonIsAFeatureCollectionWithTheLocationAsGeometryAndKeyValuesAsProperties() throws IOException {
        entities.add(entity("urn:ngsi-ld:OffStreetParking:a", PARKING,
                Map.of("availableSpotNumber", property(120), Fixtures.LOCATION, Fixtures.point(3.72, 51.05))));
        entities.add(entity("urn:ngsi-ld:OffStreetParking:b", PARKING, Map.of("availableSpotNumber", property(7))));

        JsonNode collection = geoJson(Fixtures.parking());

        assertThat(collection.get("type").asText()).isEqualTo("FeatureCollection");
        JsonNode located = collection.get("features").get(0);
        assertThat(located.get("type").asText()).isEqualTo("Feature");
        assertThat(located.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:a");
        assertThat(located.at("/geometry/type").asText()).isEqualTo("Point");
        assertThat(located.at("/geometry/coordinates/1").asDouble()).isEqualTo(51.05);
        assertThat(located.at("/properties/availableSpotNumber").asInt()).isEqualTo(120);
        assertThat(collection.at("/features/1/geometry").isNull()).isTrue();
    }

    @Test
    void onlyTheDatasetsTypeIsAsked() throws IOException {
        entities.add(entity("urn:ngsi-ld:OffStreetParking:a", PARKING, Map.of("name", property("a"))));
        entities.add(entity("urn:ngsi-ld:Bench:1", Fixtures.DEFAULT_VOCAB + "Bench", Map.of("name", property("b"))));

        assertThat(csv(Fixtures.parking())).hasSize(2);
    }

    private List<CSVRecord> csv(Dataset dataset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        latest.csv(dataset, out);
        return parse(out.toString(StandardCharsets.UTF_8));
    }

    private static List<CSVRecord> parse(String text) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.parse(new StringReader(text))) {
            return parser.getRecords();
        }
    }

    private static List<CSVRecord> parseWithHeader(String text) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text))) {
            return parser.getRecords();
        }
    }

    private JsonNode geoJson(Dataset dataset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        latest.geoJson(dataset, out);
        return Fixtures.JSON.readTree(out.toByteArray());
    }

    /** The entities of the default tenant, in id order, queried by type name only. */
    private static final class Entities implements EntityFinder {
        private final List<Entity> all = new ArrayList<>();

        void add(Entity entity) {
            all.add(entity);
            all.sort((a, b) -> a.id().compareTo(b.id()));
        }

        @Override
        public boolean tenantExists(String tenant) {
            return tenant.isEmpty();
        }

        @Override
        public EntityQuery.Page find(String tenant, EntityQuery query) {
            String type = ((TypeExpression.Name) query.selectors().get(0).type()).type();
            List<Entity> matching = all.stream().filter(entity -> entity.types().contains(type)).toList();
            int from = Math.min(query.offset(), matching.size());
            return new EntityQuery.Page(matching.subList(from, Math.min(from + query.limit(), matching.size())), null);
        }

        @Override
        public List<Entity> lockMatching(EntityTransaction tx, EntityQuery query, String after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> typeNames(String tenant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TypeInfo> types(String tenant, String onlyType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> attributeNames(String tenant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<AttributeInfo> attributes(String tenant, String onlyAttribute, ReadScope readable) {
            throw new UnsupportedOperationException();
        }
    }
}
