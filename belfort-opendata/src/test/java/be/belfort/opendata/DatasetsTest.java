package be.belfort.opendata;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.threeten.extra.MutableClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static be.belfort.opendata.Fixtures.DEFAULT_VOCAB;
import static be.belfort.opendata.Fixtures.PARKING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetsTest {
    private static final String OPEN = """
            {"accessLevel": "open",
             "title": {"nl": "Parkings", "en": "Car parks"},
             "description": {"nl": "Vrije plaatsen"},
             "publisher": {"id": "https://data.vlaanderen.be/id/organisatie/OVO000001", "name": "Stad Gent"},
             "contactPoint": "mailto:open@example.org",
             "license": "cc0",
             "themes": ["TRAN"],
             "updateFrequency": "continuous"}
            """;

    private final Store store = new Store();
    private final MutableClock clock = MutableClock.of(Instant.parse("2026-03-01T12:00:00.123456Z"), ZoneOffset.UTC);
    private final Datasets datasets = new Datasets(store, clock, name -> name.contains(":") ? name : DEFAULT_VOCAB + name,
            iri -> iri.startsWith(DEFAULT_VOCAB) ? iri.substring(DEFAULT_VOCAB.length()) : iri);

    @Test
    void anOpenDatasetWithCompleteMetadataIsStoredUnderItsExpandedType() {
        Dataset dataset = datasets.put("", "OffStreetParking", json(OPEN));

        assertThat(dataset.type()).isEqualTo(PARKING);
        assertThat(dataset.typeName()).isEqualTo("OffStreetParking");
        assertThat(dataset.isOpen()).isTrue();
        assertThat(dataset.metadata().license()).isEqualTo(DatasetMetadata.CC0);
        assertThat(dataset.metadata().themes())
                .containsExactly("http://publications.europa.eu/resource/authority/data-theme/TRAN");
        assertThat(dataset.metadata().updateFrequency())
                .isEqualTo("http://publications.europa.eu/resource/authority/frequency/CONTINUOUS");
        assertThat(dataset.modifiedAt()).isEqualTo("2026-03-01T12:00:00.123Z");
        assertThat(datasets.getOpen("", "OffStreetParking")).isEqualTo(dataset);
    }

    @Test
    void replacingADatasetKeepsWhenItWasCreated() {
        Dataset first = datasets.put("", "OffStreetParking", json(OPEN));
        clock.add(Duration.ofSeconds(60));

        Dataset second = datasets.put("", "OffStreetParking", json("{\"accessLevel\": \"restricted\"}"));

        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(second.modifiedAt()).isAfter(first.modifiedAt());
        assertThat(second.metadata()).as("a restricted dataset needs no metadata").isNull();
    }

    @Test
    void openingWithoutMetadataNamesEveryMissingMemberAtOnce() {
        assertBadData(() -> datasets.put("", "OffStreetParking", json("{\"accessLevel\": \"open\"}")))
                .contains("title.nl", "description.nl", "publisher.id", "publisher.name", "contactPoint", "license");
        assertThat(store.saved).isEmpty();
    }

    @Test
    void invalidMembersAreBadRequestData() {
        assertBadData(() -> datasets.put("", "OffStreetParking", json("{}"))).contains("accessLevel");
        assertBadData(() -> datasets.put("", "OffStreetParking", json("{\"accessLevel\": \"public\"}"))).contains("public");
        assertBadData(() -> datasets.put("", "OffStreetParking", json("[]"))).contains("JSON object");
        assertBadData(() -> datasets.put("", "OffStreetParking", json(OPEN.replace("\"cc0\"", "\"gpl\"")))).contains("gpl");
        assertBadData(() -> datasets.put("", "OffStreetParking",
                json(OPEN.replace("mailto:open@example.org", "open@example.org")))).contains("contactPoint");
        assertBadData(() -> datasets.put("", "OffStreetParking",
                json(OPEN.replace("\"en\": \"Car parks\"", "\"English\": \"Car parks\"")))).contains("language tags");
        assertBadData(() -> datasets.put("", "OffStreetParking",
                json("{\"accessLevel\": \"restricted\", \"personalAttributes\": \"driver\"}"))).contains("array");
        assertBadData(() -> datasets.put("", "OffStreetParking",
                json("{\"accessLevel\": \"restricted\", \"personalAttributes\": [\"bad name\"]}")));
        assertThat(store.saved).isEmpty();
    }

    @Test
    void metadataGivenForARestrictedDatasetIsCheckedJustAsStrictly() {
        assertBadData(() -> datasets.put("", "OffStreetParking",
                json("{\"accessLevel\": \"restricted\", \"title\": {\"en\": \"Car parks\"}}"))).contains("title.nl");
    }

    @Test
    void personalAttributesAreExpandedLikeTypes() {
        Dataset dataset = datasets.put("gent", "OffStreetParking",
                json("{\"accessLevel\": \"restricted\", \"personalAttributes\": [\"driver\", \"https://example.org/plate\"]}"));

        assertThat(dataset.personalAttributes()).containsExactlyInAnyOrder(DEFAULT_VOCAB + "driver", "https://example.org/plate");
        assertThat(datasets.personalAttributes("gent")).containsOnlyKeys(PARKING);
        assertThat(datasets.personalAttributes("")).isEmpty();
    }

    @Test
    void onlyOpenDatasetsAreFoundAsOpenAndNothingShowsAboutTheOthers() {
        datasets.put("", "OffStreetParking", json("{\"accessLevel\": \"personal\"}"));

        assertThat(datasets.get("", "OffStreetParking").access()).isEqualTo(AccessLevel.PERSONAL);
        assertThatThrownBy(() -> datasets.getOpen("", "OffStreetParking"))
                .isInstanceOfSatisfying(NgsiLdException.class,
                        e -> assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND));
        assertThatThrownBy(() -> datasets.getOpen("", "Bench")).isInstanceOf(NgsiLdException.class)
                .hasMessage(catchMessage(() -> datasets.getOpen("", "OffStreetParking")).replace("OffStreetParking", "Bench"));
        assertThat(datasets.open()).isEmpty();
        assertThat(datasets.types("", AccessLevel.PERSONAL)).containsExactly(PARKING);
    }

    @Test
    void datasetsAreListedByTenantThenTypeName() {
        datasets.put("gent", "Bench", json("{\"accessLevel\": \"restricted\"}"));
        datasets.put("", "OffStreetParking", json(OPEN));
        datasets.put("", "Bench", json(OPEN));

        assertThat(datasets.all()).extracting(d -> d.tenant() + "/" + d.typeName())
                .containsExactly("/Bench", "/OffStreetParking", "gent/Bench");
        assertThat(datasets.open()).extracting(Dataset::typeName).containsExactly("Bench", "OffStreetParking");
    }

    @Test
    void deletingAnUnknownDatasetIsNotFound() {
        datasets.put("", "OffStreetParking", json(OPEN));

        datasets.delete("", "OffStreetParking");

        assertThatThrownBy(() -> datasets.delete("", "OffStreetParking")).isInstanceOf(NgsiLdException.class);
        assertThat(store.saved).isEmpty();
    }

    @Test
    void accessLevelsAreTheirLowerCaseTerms() {
        assertThat(AccessLevel.of("restricted")).isEqualTo(AccessLevel.RESTRICTED);
        assertThat(AccessLevel.OPEN.term()).isEqualTo("open");
        assertThatThrownBy(() -> AccessLevel.of("OPEN")).isInstanceOf(NgsiLdException.class);
    }

    private static String catchMessage(ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
        } catch (Throwable e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertBadData(ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(NgsiLdException.class);
        assertThat(((NgsiLdException) thrown).type()).isEqualTo(ErrorType.BAD_REQUEST_DATA);
        return assertThat(((NgsiLdException) thrown).detail());
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class Store implements DatasetStore {
        private final Map<String, Dataset> saved = new LinkedHashMap<>();

        @Override
        public void save(Dataset dataset) {
            saved.put(dataset.tenant() + "|" + dataset.type(), dataset);
        }

        @Override
        public Optional<Dataset> find(String tenant, String type) {
            return Optional.ofNullable(saved.get(tenant + "|" + type));
        }

        @Override
        public List<Dataset> all() {
            return new ArrayList<>(saved.values());
        }

        @Override
        public boolean delete(String tenant, String type) {
            return saved.remove(tenant + "|" + type) != null;
        }
    }
}
