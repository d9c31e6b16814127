package be.belfort.datapedia;

import be.belfort.datapedia.Diagnosis.Cell;
import be.belfort.dashboard.SchemaValidity;
import be.belfort.datamodels.DataModel;
import be.belfort.datamodels.DataModels;
import be.belfort.datamodels.Problem;
import be.belfort.model.ReadScope;
import be.belfort.opendata.AccessLevel;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Diagnoses of crafted cases whose answers are known. */
class DiagnosticianTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String TYPE = "https://smartdatamodels.org/dataModel.Parking/OffStreetParking";
    private static final Need PARKING = new Need("parking", TYPE, "OffStreetParking", "dataModel.Parking",
            List.of("https://smartdatamodels.org/availableSpotNumber"), List.of("availableSpotNumber"), "PT15M", "P30D", null);
    private static final DataModel MODEL = DataModels.bundled().of("OffStreetParking");
    private static final Diagnosis.Partner TEAM = new Diagnosis.Partner("Gent", null, "cityDataTeam");

    private final Diagnostician diagnostician = new Diagnostician();

    static Dataset dataset(AccessLevel access, String frequency) {
        DatasetMetadata metadata = new DatasetMetadata(Map.of("nl", "Parkings"), Map.of("nl", "Bezetting"),
                "https://data.vlaanderen.be/id/gemeente/44021", "Stad Gent", null, "mailto:data@gent.example",
                DatasetMetadata.CC0, List.of("TRAN"), List.of("parkeren"), List.of(), frequency);
        return new Dataset("gent", TYPE, "OffStreetParking", access, metadata, Set.of(), NOW, NOW);
    }

    private static PlatformFacts facts(long entities, long complete, Instant newest, long stale, Instant oldest) {
        return new PlatformFacts(entities, complete, Map.of("availableSpotNumber", entities - complete), entities, newest,
                stale, stale > 0 ? List.of("urn:ngsi-ld:OffStreetParking:old") : List.of(), oldest, null);
    }

    private Cell diagnose(Dataset dataset, PlatformFacts facts, List<CellInputs.Matched> external) {
        return diagnostician.diagnose(PARKING, "gent", new CellInputs(dataset, facts, external, TEAM, MODEL, null), NOW);
    }

    @Test
    void freshCompleteOpenDataWithEnoughHistoryIsGoodOnEveryDimension() {
        Cell cell = diagnose(dataset(AccessLevel.OPEN, "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"),
                facts(10, 10, NOW.minus(Duration.ofMinutes(2)), 0, NOW.minus(Duration.ofDays(40))), List.of());

        assertThat(cell.scores()).allSatisfy(score -> assertThat(score.level()).as(score.dimension().term()).isEqualTo(Level.GOOD));
        assertThat(cell.level()).isEqualTo(Level.GOOD);
        assertThat(cell.gaps()).isEmpty();
        assertThat(cell.score(Dimension.TIMELINESS).figures()).containsEntry("ageSeconds", 120L);
    }

    @Test
    void aStaleDatasetIsMissingOnTimelinessWithItsAgeAndTheStaleEntities() {
        Cell cell = diagnose(dataset(AccessLevel.OPEN, null), facts(4, 4, NOW.minus(Duration.ofHours(3)), 4,
                NOW.minus(Duration.ofDays(40))), List.of());

        Diagnosis.Score timeliness = cell.score(Dimension.TIMELINESS);
        assertThat(timeliness.level()).isEqualTo(Level.MISSING);
        assertThat(timeliness.reason()).isEqualTo("stale");
        assertThat(timeliness.figures()).containsEntry("ageSeconds", 3 * 3600L).containsEntry("stale", 4L)
                .containsEntry("staleEntities", List.of("urn:ngsi-ld:OffStreetParking:old"));
        assertThat(timeliness.sources()).containsExactly("platform:gent/OffStreetParking");
        assertThat(cell.level()).isEqualTo(Level.PARTIAL);
        assertThat(cell.gaps()).anySatisfy(gap -> {
            assertThat(gap.dimension()).isEqualTo(Dimension.TIMELINESS);
            assertThat(gap.partner().name()).isEqualTo("Stad Gent");
            assertThat(gap.partner().contact()).isEqualTo("mailto:data@gent.example");
        });
    }

    @Test
    void someStaleEntitiesAreAPartialTimeliness() {
        Cell cell = diagnose(dataset(AccessLevel.OPEN, null), facts(4, 4, NOW.minus(Duration.ofMinutes(1)), 1,
                NOW.minus(Duration.ofDays(40))), List.of());

        assertThat(cell.score(Dimension.TIMELINESS).level()).isEqualTo(Level.PARTIAL);
        assertThat(cell.score(Dimension.TIMELINESS).reason()).isEqualTo("someStale");
    }

    @Test
    void newestOlderThanTheDeclaredFrequencyIsPartialEvenWhenTheQuestionAsksNothing() {
        Need anyAge = new Need("parking", TYPE, "OffStreetParking", null, List.of(), List.of(), null, null, null);
        Cell cell = diagnostician.diagnose(anyAge, "gent", new CellInputs(dataset(AccessLevel.OPEN,
                        "http://publications.europa.eu/resource/authority/frequency/HOURLY"),
                facts(2, 2, NOW.minus(Duration.ofHours(5)), 0, null), List.of(), TEAM, MODEL, null), NOW);

        assertThat(cell.score(Dimension.TIMELINESS).reason()).isEqualTo("olderThanDeclared");
        assertThat(cell.score(Dimension.TIMELINESS).figures()).containsEntry("declaredFrequency", "HOURLY");
    }

    @Test
    void entitiesMissingARequiredAttributeArePartialWithTheCountPerAttribute() {
        Cell cell = diagnose(dataset(AccessLevel.OPEN, null), facts(10, 7, NOW, 0, NOW.minus(Duration.ofDays(40))),
                List.of());

        Diagnosis.Score completeness = cell.score(Dimension.COMPLETENESS);
        assertThat(completeness.level()).isEqualTo(Level.PARTIAL);
        assertThat(completeness.reason()).isEqualTo("partial");
        assertThat(completeness.figures()).containsEntry("complete", 7L).containsEntry("share", 0.7)
                .containsEntry("missing", Map.of("availableSpotNumber", 3L));
    }

    @Test
    void entitiesLackingWhatTheirSchemaRequiresAreNotComplete() {
        PlatformFacts withoutLocation = new PlatformFacts(5, 5, Map.of("availableSpotNumber", 0L), 3, NOW, 0, List.of(),
                NOW.minus(Duration.ofDays(40)), null);
        Cell cell = diagnose(dataset(AccessLevel.OPEN, null), withoutLocation, List.of());

        assertThat(cell.score(Dimension.COMPLETENESS).reason()).isEqualTo("schemaIncomplete");
        assertThat(cell.score(Dimension.COMPLETENESS).figures()).containsEntry("schemaComplete", 3L)
                .containsEntry("schemaRequired", List.of("location"));
    }

    @Test
    void entitiesInvalidAgainstTheirSchemaAreNotCompleteAndTheFirstProblemsAreTheEvidence() {
        PlatformFacts whole = facts(600, 600, NOW, 0, NOW.minus(Duration.ofDays(40)));
        List<SchemaValidity.Invalid> invalid = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            invalid.add(new SchemaValidity.Invalid("urn:ngsi-ld:OffStreetParking:bad-" + i, "Bad " + i,
                    new Problem("availableSpotNumber", "must have a minimum value of 0"), 1));
        }
        SchemaValidity sampled = new SchemaValidity(MODEL, 500, 495, invalid);
        Cell cell = diagnostician.diagnose(PARKING, "gent", new CellInputs(dataset(AccessLevel.OPEN, null), whole,
                List.of(), TEAM, MODEL, sampled), NOW);

        Diagnosis.Score completeness = cell.score(Dimension.COMPLETENESS);
        assertThat(completeness.level()).isEqualTo(Level.PARTIAL);
        assertThat(completeness.reason()).isEqualTo("schemaInvalid");
        assertThat(completeness.figures()).containsEntry("schemaChecked", 500).containsEntry("schemaValid", 495)
                .containsEntry("schemaSampled", true).containsEntry("schemaValidShare", 0.99)
                .containsEntry("schema", "https://smart-data-models.github.io/dataModel.Parking/OffStreetParking/schema.json");
        assertThat((List<?>) completeness.figures().get("schemaProblems")).hasSize(Diagnostician.PROBLEMS_SHOWN)
                .first().isEqualTo("urn:ngsi-ld:OffStreetParking:bad-0 — availableSpotNumber: must have a minimum value of 0");

        SchemaValidity allValid = new SchemaValidity(MODEL, 600, 600, List.of());
        Cell good = diagnostician.diagnose(PARKING, "gent", new CellInputs(dataset(AccessLevel.OPEN, null), whole,
                List.of(), TEAM, MODEL, allValid), NOW);
        assertThat(good.score(Dimension.COMPLETENESS).level()).isEqualTo(Level.GOOD);
        assertThat(good.score(Dimension.COMPLETENESS).figures()).containsEntry("schemaSampled", false);
    }

    @Test
    void lessHistoryThanAskedIsAPartialCoverage() {
        Cell cell = diagnose(dataset(AccessLevel.OPEN, null), facts(1, 1, NOW, 0, NOW.minus(Duration.ofDays(3))), List.of());

        assertThat(cell.score(Dimension.COVERAGE).level()).isEqualTo(Level.PARTIAL);
        assertThat(cell.score(Dimension.COVERAGE).reason()).isEqualTo("shallowHistory");
        assertThat(cell.score(Dimension.COVERAGE).figures()).containsEntry("historyDays", 3.0);
    }

    @Test
    void aRestrictedDatasetIsPartiallyAccessibleWithoutAnEventStream() {
        Cell cell = diagnose(dataset(AccessLevel.RESTRICTED, null), facts(3, 3, NOW, 0, NOW.minus(Duration.ofDays(40))),
                List.of());

        assertThat(cell.score(Dimension.ACCESSIBILITY).level()).isEqualTo(Level.PARTIAL);
        assertThat(cell.score(Dimension.ACCESSIBILITY).reason()).isEqualTo("restricted");
        assertThat(cell.score(Dimension.ACCESSIBILITY).figures()).containsEntry("ways", List.of("api"));
        assertThat(cell.score(Dimension.STANDARDS).figures()).containsEntry("eventStream", false);
    }

    @Test
    void aCityWithoutAnySourceIsMissingAndPointsToItsDataTeam() {
        Cell cell = diagnose(null, PlatformFacts.NONE, List.of());

        assertThat(cell.level()).isEqualTo(Level.MISSING);
        assertThat(cell.score(Dimension.AVAILABILITY).reason()).isEqualTo("none");
        assertThat(cell.sources()).isEmpty();
        assertThat(cell.gaps()).isNotEmpty().allSatisfy(gap -> assertThat(gap.partner()).isEqualTo(TEAM));
        assertThat(cell.score(Dimension.PARTNERS).reason()).isEqualTo("noContact");
    }

    @Test
    void anExternalDatasetMakesTheDataAvailableElsewhereWithItsOwnLicenceAndPublisher() {
        ExternalDataset external = new ExternalDataset("https://data.gent.example/dataset/parking", Map.of("nl", "Parkeren"),
                "Stad Gent", "https://data.vlaanderen.be/id/gemeente/44021", "mailto:open@gent.example",
                "https://creativecommons.org/licenses/by/4.0/", null, null,
                List.of("https://smart-data-models.github.io/dataModel.Parking/OffStreetParking/schema.json"), List.of(),
                List.of(), List.of(), List.of(new ExternalDataset.Distribution(null, "https://data.gent.example/parking.csv",
                "text/csv", List.of())), null);
        ExternalSource source = new ExternalSource("s", "https://data.gent.example/catalog.ttl", "gent", List.of(external),
                null, null, null, null);
        Cell cell = diagnose(null, PlatformFacts.NONE, List.of(new CellInputs.Matched(source, external)));

        assertThat(cell.score(Dimension.AVAILABILITY).level()).isEqualTo(Level.PARTIAL);
        assertThat(cell.score(Dimension.AVAILABILITY).reason()).isEqualTo("externalOnly");
        assertThat(cell.score(Dimension.ACCESSIBILITY).reason()).isEqualTo("externalOpen");
        assertThat(cell.score(Dimension.TIMELINESS).level()).isEqualTo(Level.UNKNOWN);
        assertThat(cell.sources()).singleElement().satisfies(found -> {
            assertThat(found.kind()).isEqualTo("external");
            assertThat(found.ways()).containsExactly("csv");
            assertThat(found.license()).isEqualTo("https://creativecommons.org/licenses/by/4.0/");
        });
        assertThat(cell.gaps()).allSatisfy(gap -> assertThat(gap.partner().contact()).isEqualTo("mailto:open@gent.example"));
    }

    @Test
    void aRestrictedDatasetCountsAsExistingButItsFiguresAreHiddenFromAReaderWhoMayNotReadIt() {
        Cell cell = diagnose(dataset(AccessLevel.RESTRICTED, null), facts(3, 2, NOW.minus(Duration.ofHours(2)), 3,
                NOW.minus(Duration.ofDays(40))), List.of());
        Question question = new Question("q", Map.of("nl", "V"), Map.of(), SmartCityDomain.MOBILITY, List.of("gent"),
                List.of(PARKING), null, null);
        Diagnosis kept = new Diagnosis("q", NOW.toString(), 1, List.of(cell));

        Diagnosis anonymous = Visibility.forReader(kept, question, city -> new ReadScope(null, Set.of(TYPE)));
        Diagnosis publisher = Visibility.forReader(kept, question, city -> ReadScope.EVERYTHING);

        Cell hidden = anonymous.cells().getFirst();
        assertThat(hidden.score(Dimension.AVAILABILITY).level()).isEqualTo(Level.PARTIAL);
        assertThat(hidden.score(Dimension.AVAILABILITY).reason()).isEqualTo("restrictedExists");
        assertThat(hidden.score(Dimension.AVAILABILITY).figures()).doesNotContainKey("entities");
        assertThat(hidden.score(Dimension.ACCESSIBILITY).reason()).isEqualTo("restricted");
        assertThat(hidden.score(Dimension.TIMELINESS).level()).isEqualTo(Level.HIDDEN);
        assertThat(hidden.score(Dimension.TIMELINESS).figures()).isEmpty();
        assertThat(hidden.score(Dimension.COMPLETENESS).level()).isEqualTo(Level.HIDDEN);
        assertThat(hidden.gaps()).noneMatch(gap -> gap.dimension() == Dimension.TIMELINESS);
        assertThat(hidden.sources()).singleElement().satisfies(source ->
                assertThat(source.contact()).isEqualTo("mailto:data@gent.example"));
        assertThat(publisher.cells().getFirst()).isEqualTo(cell);
    }
}
