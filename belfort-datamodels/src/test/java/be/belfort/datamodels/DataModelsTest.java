package be.belfort.datamodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataModelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DataModels MODELS = DataModels.bundled();

    @ParameterizedTest
    @ValueSource(strings = {"OffStreetParking", "ParkingSpot", "CrowdFlowObserved", "Building"})
    void theNormalizedExampleOfEachModelIsValid(String type) throws IOException {
        assertThat(MODELS.problems(example(type, "example-normalized.jsonld"))).isEmpty();
    }

    @Test
    void thePublishedAirQualityExampleBreaksItsOwnSchema() throws IOException {
        // A time without its offset, a wind direction the schema caps at 180 and a count given as a decimal.
        assertThat(MODELS.problems(example("AirQualityObserved", "example-normalized.jsonld")))
                .extracting(Problem::path).containsExactly("dateObserved", "tsp", "windDirection");
    }

    @ParameterizedTest
    @ValueSource(strings = {"OffStreetParking", "ParkingSpot", "CrowdFlowObserved", "AirQualityObserved", "Building"})
    void eachModelFindsAMissingRequiredPropertyAndAValueOfTheWrongKind(String type) throws IOException {
        ObjectNode entity = example(type, "example-normalized.jsonld");
        String required = MODELS.of(type).required().getFirst();
        entity.remove(required);
        entity.putObject("name").put("type", "Property").put("value", 42);

        assertThat(MODELS.problems(entity)).extracting(Problem::path).contains(required, "name");
        assertThat(MODELS.problems(entity)).allSatisfy(problem -> assertThat(problem.message()).isNotBlank());
    }

    @Test
    void aProblemNamesThePropertyPathAndWhatIsWrong() throws IOException {
        ObjectNode parking = example("OffStreetParking", "example-normalized.jsonld");
        ((ObjectNode) parking.get("availableSpotNumber")).put("value", "many");
        ((ObjectNode) parking.get("location").get("value")).putArray("coordinates").add("north").add(51.05);

        assertThat(MODELS.problems(parking)).extracting(Problem::toString)
                .anyMatch(text -> text.startsWith("availableSpotNumber: ") && text.contains("integer"))
                .anyMatch(text -> text.startsWith("location"));
    }

    @Test
    void dateTimeValuesAndGeoJsonAreReadAsTheModelsDescribeThem() throws IOException {
        ObjectNode air = example("AirQualityObserved", "example-normalized.jsonld");
        air.remove(List.of("tsp", "windDirection"));
        air.putObject("dateObserved").put("type", "Property").putObject("value")
                .put("@type", "DateTime").put("@value", "2026-12-02T05:00:00Z");
        air.putObject("location").put("type", "GeoProperty").putObject("value").put("type", "Point")
                .putArray("coordinates").add(4.40).add(51.22);
        assertThat(MODELS.problems(air)).isEmpty();

        ((ObjectNode) air.get("dateObserved").get("value")).put("@value", "2 december");
        assertThat(MODELS.problems(air)).extracting(Problem::path).containsExactly("dateObserved");
    }

    @Test
    void aTypeGivenAsASmartDataModelsIriIsItsModel() throws IOException {
        ObjectNode parking = example("OffStreetParking", "example-normalized.jsonld");
        parking.put("type", "https://smartdatamodels.org/dataModel.Parking/OffStreetParking");
        parking.set("https://smartdatamodels.org/dataModel.Parking/availableSpotNumber", parking.remove("availableSpotNumber"));

        assertThat(MODELS.checkedAgainst(parking).type()).isEqualTo("OffStreetParking");
        assertThat(MODELS.problems(parking)).isEmpty();
        ((ObjectNode) parking.get("https://smartdatamodels.org/dataModel.Parking/availableSpotNumber")).put("value", -3);
        assertThat(MODELS.problems(parking)).extracting(Problem::path).containsExactly("availableSpotNumber");
    }

    @Test
    void requiredPropertiesAreReadFromTheSchemas() {
        assertThat(MODELS.of("OffStreetParking").required()).containsExactly("location");
        assertThat(MODELS.of("AirQualityObserved").required()).containsExactly("dateObserved", "location");
        assertThat(MODELS.of("Building").required()).containsExactlyInAnyOrder("category", "address");
        assertThat(MODELS.of("ParkingSpot").required()).containsExactlyInAnyOrder("location", "status", "category",
                "refParkingSite");
        assertThat(MODELS.of("OffStreetParking").schemaId())
                .isEqualTo("https://smart-data-models.github.io/dataModel.Parking/OffStreetParking/schema.json");
        assertThat(MODELS.of("OffStreetParking").url())
                .isEqualTo("https://github.com/smart-data-models/dataModel.Parking/tree/master/OffStreetParking");
    }

    @Test
    void aModelWithoutABundledSchemaIsKnownByItsSubjectOnly() {
        DataModel weather = MODELS.of("WeatherObserved");
        assertThat(weather.dataModel()).isEqualTo("dataModel.Weather");
        assertThat(weather.hasSchema()).isFalse();
        assertThat(weather.required()).isEmpty();
        assertThat(MODELS.of("NoSuchThing")).isNull();
        ObjectNode weatherEntity = JSON.createObjectNode().put("id", "urn:ngsi-ld:WeatherObserved:1").put("type", "WeatherObserved");
        assertThat(MODELS.checkedAgainst(weatherEntity)).isNull();
        assertThatThrownBy(() -> MODELS.problems(weatherEntity)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyBundledSchemaCompilesFromTheBundledCopiesAlone() {
        // No network here: a $ref left unmapped would fail to load.
        for (DataModel model : MODELS.all()) {
            if (model.hasSchema()) {
                ObjectNode bare = JSON.createObjectNode().put("id", "urn:ngsi-ld:" + model.type() + ":x").put("type", model.type());
                assertThat(MODELS.problems(bare)).as(model.type()).isNotNull();
            }
        }
        assertThat(MODELS.all()).filteredOn(DataModel::hasSchema).hasSize(5);
    }

    static ObjectNode example(String type, String file) throws IOException {
        try (InputStream in = DataModelsTest.class.getResourceAsStream("examples/" + type + "/" + file)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }
}
