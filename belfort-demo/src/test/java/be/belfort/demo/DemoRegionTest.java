package be.belfort.demo;

import be.belfort.datamodels.DataModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Statement;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.Rio;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DemoRegionTest {
    private static final DemoRegion REGION = new DemoRegion(42);
    private static final DataModels SCHEMAS = DataModels.bundled();

    @Test
    void everyPayloadOfAWeekIsValidAgainstItsSmartDataModelsSchema() {
        Instant monday = LocalDateTime.parse("2026-11-23T00:00:00").atZone(Demo.FLANDERS).toInstant();
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Instant t = monday; t.isBefore(monday.plus(Duration.ofDays(7))); t = t.plus(Duration.ofMinutes(97))) {
            for (String tenant : DemoRegion.tenants()) {
                for (ObjectNode entity : REGION.liveEntities(tenant, t)) {
                    SCHEMAS.problems(entity).forEach(p -> problems.add(entity.get("id").asText() + ": " + p));
                    checked++;
                }
            }
        }
        for (String tenant : DemoRegion.tenants()) {
            for (ObjectNode building : REGION.buildings(tenant)) {
                SCHEMAS.problems(building).forEach(p -> problems.add(building.get("id").asText() + ": " + p));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(2000);
        assertThat(problems).isEmpty();
    }

    @Test
    void theSchemaCheckFindsRealProblems() {
        ObjectNode entity = REGION.liveEntities("gent", Instant.parse("2026-11-22T10:00:00Z")).get(0);
        ((ObjectNode) entity.get("availableSpotNumber")).put("value", "many");
        entity.remove("location");
        assertThat(SCHEMAS.problems(entity)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void everyTenantHasLiveEntitiesAndBuildings() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        for (String tenant : DemoRegion.tenants()) {
            assertThat(REGION.liveEntities(tenant, now)).as(tenant).isNotEmpty();
            assertThat(REGION.buildings(tenant)).as(tenant).isNotEmpty();
        }
        assertThat(types(REGION.liveEntities("gent", now))).containsOnly("OffStreetParking", "CrowdFlowObserved");
        assertThat(types(REGION.liveEntities("kampenhout", now))).containsOnly("AirQualityObserved");
        assertThat(types(REGION.liveEntities("antwerpen", now))).containsOnly("CrowdFlowObserved", "AirQualityObserved");
    }

    @Test
    void theGhentReplayGivesTheRecordedValuesShiftedToNow() throws Exception {
        Map<OffsetDateTime, Map<String, Integer>> recorded = recordedIndependently();
        List<OffsetDateTime> times = new ArrayList<>(recorded.keySet());
        long loop = REGION.ghent().loopLength().toSeconds();
        long start = times.get(0).toEpochSecond();
        // Pick instants that fall on observations 0, 17, 100 and the last one, in a later loop, and past the wrap-around.
        for (int index : new int[] {0, 17, 100, times.size() - 1}) {
            long offset = times.get(index).toEpochSecond() - start;
            Instant now = Instant.ofEpochSecond((1_800_000_000L / loop + 3) * loop + offset + 2);
            List<ObjectNode> parks = REGION.ghentCarParks(now);
            assertThat(parks).hasSize(6);
            for (ObjectNode park : parks) {
                String code = park.get("id").asText().substring("urn:ngsi-ld:OffStreetParking:gent-".length());
                assertThat(park.get("availableSpotNumber").get("value").asInt()).as(code + " at " + index)
                        .isEqualTo(recorded.get(times.get(index)).get(code));
                assertThat(Instant.parse(park.get("availableSpotNumber").get("observedAt").asText()))
                        .isEqualTo(now.minusSeconds(2));
            }
        }
        Instant wrapped = Instant.ofEpochSecond((1_800_000_000L / loop + 4) * loop + 1);
        assertThat(REGION.ghentCarParks(wrapped).get(0).get("availableSpotNumber").get("value").asInt())
                .isEqualTo(recorded.get(times.get(0)).get(REGION.ghent().data().sites().get(0).code()));
    }

    @Test
    void capacitiesAndNamesComeFromTheStaticDescription() {
        JsonNode p1 = REGION.ghentCarParks(Instant.parse("2026-11-22T10:00:00Z")).get(0);
        assertThat(p1.get("id").asText()).isEqualTo("urn:ngsi-ld:OffStreetParking:gent-P1");
        assertThat(p1.get("name").get("value").asText()).isEqualTo("P01 Vrijdagmarkt");
        assertThat(p1.get("totalSpotNumber").get("value").asInt()).isEqualTo(647);
    }

    @Test
    void profilesFollowTheRhythmOfTheCity() {
        Instant saturdayAfternoon = LocalDateTime.parse("2026-11-28T15:00:00").atZone(Demo.FLANDERS).toInstant();
        Instant tuesdayNight = LocalDateTime.parse("2026-11-24T04:00:00").atZone(Demo.FLANDERS).toInstant();
        assertThat(people(saturdayAfternoon, "urn:ngsi-ld:CrowdFlowObserved:antwerpen-meir"))
                .isGreaterThan(10 * people(tuesdayNight, "urn:ngsi-ld:CrowdFlowObserved:antwerpen-meir"));
        assertThat(REGION.liveEntities("antwerpen", saturdayAfternoon).get(0).get("congested").get("value").asBoolean())
                .isTrue();

        Instant weekdayRushHour = LocalDateTime.parse("2026-11-24T08:00:00").atZone(Demo.FLANDERS).toInstant();
        Instant weekdayNight = LocalDateTime.parse("2026-11-24T03:00:00").atZone(Demo.FLANDERS).toInstant();
        assertThat(no2(weekdayRushHour)).isGreaterThan(no2(weekdayNight) * 1.5);
        assertThat(REGION.parkingScale()).isBetween(0.3, 3.0);
    }

    private static double no2(Instant t) {
        return REGION.liveEntities("antwerpen", t).stream().filter(e -> e.get("type").asText().equals("AirQualityObserved"))
                .mapToDouble(e -> e.get("no2").get("value").asDouble()).average().orElseThrow();
    }

    private static int people(Instant t, String id) {
        String tenant = id.split(":")[3].split("-")[0];
        return REGION.liveEntities(tenant, t).stream().filter(e -> e.get("id").asText().equals(id))
                .findFirst().orElseThrow().get("peopleCount").get("value").asInt();
    }

    private static List<String> types(List<ObjectNode> entities) {
        return entities.stream().map(e -> e.get("type").asText()).distinct().toList();
    }

    /** The recording read without the demo's own code: graph time to vacant spaces per car park. */
    private static Map<OffsetDateTime, Map<String, Integer>> recordedIndependently() throws Exception {
        try (InputStream in = DemoRegionTest.class.getResourceAsStream("/be/belfort/demo/ghent-parking-2017/parking_data.trig")) {
            Model model = Rio.parse(in, "https://linked.open.gent/parking", RDFFormat.TRIG);
            Map<String, OffsetDateTime> graphTimes = new TreeMap<>();
            for (Statement s : model.filter(null, null, null)) {
                if (s.getPredicate().stringValue().equals("http://www.w3.org/ns/prov#generatedAtTime")) {
                    graphTimes.put(s.getSubject().stringValue(), OffsetDateTime.parse(s.getObject().stringValue()));
                }
            }
            Map<OffsetDateTime, Map<String, Integer>> recorded = new TreeMap<>();
            for (Statement s : model.filter(null, null, null)) {
                if (s.getPredicate().stringValue().endsWith("parkingNumberOfVacantSpaces")) {
                    String subject = s.getSubject().stringValue();
                    recorded.computeIfAbsent(graphTimes.get(s.getContext().stringValue()), k -> new TreeMap<>())
                            .put(subject.substring(subject.lastIndexOf('/') + 1), Integer.parseInt(s.getObject().stringValue()));
                }
            }
            return recorded;
        }
    }
}
