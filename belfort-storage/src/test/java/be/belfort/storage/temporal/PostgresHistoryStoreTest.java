package be.belfort.storage.temporal;

import be.belfort.storage.TestDatabase;
import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.TemporalQuery;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The history as PostgreSQL answers temporal queries (clause 4.11): time windows, lastN and aggregation periods. */
class PostgresHistoryStoreTest {
    private static final String TENANT = "history";
    private static final String TEMPERATURE = "https://example.org/temperature";
    private static final String HUMIDITY = "https://example.org/humidity";
    private static final String SENSOR = "urn:ngsi-ld:Sensor:s1";
    private static final String OTHER = "urn:ngsi-ld:Sensor:s2";
    private static final Instant RECORDED = Instant.now();
    private static TestDatabase db;
    private static PostgresHistoryStore history;

    @BeforeAll
    static void recordHistory() {
        db = new TestDatabase("history");
        history = new PostgresHistoryStore(db.database().dataSource(), TestDatabase.JSON);
        // 10:00, 10:30, 11:00, 11:30, 12:15 with 10, 20, 30, 40, 50; the humidity once; an unobserved text value.
        List<ObjectNode> temperatures = new ArrayList<>();
        String[] times = {"10:00", "10:30", "11:00", "11:30", "12:15"};
        for (int i = 0; i < times.length; i++) {
            temperatures.add(observed(10 * (i + 1), "2026-01-10T" + times[i] + ":00Z"));
        }
        history.append(TENANT, SENSOR, Map.of(TEMPERATURE, temperatures,
                HUMIDITY, List.of(observed(80, "2026-01-10T10:45:00Z"))), RECORDED);
        history.append(TENANT, OTHER, Map.of(TEMPERATURE, List.of(observed(-5, "2026-01-10T10:15:00Z"),
                observed(5, "2026-01-10T10:20:00Z"))), RECORDED);
        history.append("elsewhere", SENSOR, Map.of(TEMPERATURE, List.of(observed(99, "2026-01-10T10:00:00Z"))), RECORDED);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void allInstancesOfAnEntityComeOldestFirstPerAttribute() {
        List<RecordedInstance> all = history.instances(TENANT, SENSOR, null, TemporalQuery.ALL, 100);

        assertThat(values(all, TEMPERATURE)).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0);
        assertThat(values(all, HUMIDITY)).containsExactly(80.0);
        assertThat(all).extracting(RecordedInstance::instanceId).doesNotHaveDuplicates();
    }

    @Test
    void timeRelationsFilterOnObservedAtWithTheStartIncludedAndTheEndExcluded() {
        assertThat(temperatures(TemporalQuery.of("before", "2026-01-10T11:00:00Z", null, null, null)))
                .containsExactly(10.0, 20.0);
        assertThat(temperatures(TemporalQuery.of("after", "2026-01-10T11:00:00Z", null, null, null)))
                .containsExactly(30.0, 40.0, 50.0);
        assertThat(temperatures(TemporalQuery.of("between", "2026-01-10T10:30:00Z", "2026-01-10T11:30:00Z", null, null)))
                .containsExactly(20.0, 30.0);
    }

    @Test
    void theLimitCountsPerAttributeFromTheOldest() {
        List<RecordedInstance> page = history.instances(TENANT, SENSOR, null, TemporalQuery.ALL, 2);
        assertThat(values(page, TEMPERATURE)).containsExactly(10.0, 20.0);
        assertThat(values(page, HUMIDITY)).containsExactly(80.0);
    }

    @Test
    void pagesInAWindowWalkTheIndexesAndGiveWhatNumberingTheWholeWindowGives() throws Exception {
        // windows on observedAt walk each series' index, its attributes named or found in the backlog or the rollups
        List<String> both = List.of(SENSOR, OTHER, "urn:none");
        List<TemporalQuery> windows = List.of(TemporalQuery.of("after", "2026-01-10T10:00:00Z", null, null, null),
                TemporalQuery.of("between", "2026-01-10T10:20:00Z", "2026-01-10T12:15:00Z", null, null),
                TemporalQuery.of("before", "2026-01-10T11:45:00Z", null, null, null),
                TemporalQuery.of("after", "2000-01-01T00:00:00Z", null, "modifiedAt", null));
        for (boolean folded : List.of(false, true)) {
            if (folded) {
                try (var connection = db.database().dataSource().getConnection();
                     var fold = connection.createStatement()) {
                    fold.execute("SELECT history_rollups_fold()");
                }
            }
            for (TemporalQuery window : windows) {
                for (int limit = 1; limit <= 6; limit++) {
                    for (Set<String> attributes : java.util.Arrays.asList(null, Set.of(TEMPERATURE), Set.of(HUMIDITY, TEMPERATURE))) {
                        assertThat(history.instances(TENANT, both, attributes, window, limit))
                                .as("%s, %s, %d per series, folded %s", window, attributes, limit, folded)
                                .isEqualTo(history.numbered(TENANT, both, attributes, window, limit));
                    }
                }
            }
        }
        assertThat(values(history.instances(TENANT, SENSOR, null,
                TemporalQuery.of("after", "2026-01-10T10:30:00Z", null, null, null), 2), TEMPERATURE))
                .containsExactly(20.0, 30.0);
    }

    @Test
    void lastNGivesTheNewestNOfEachAttributeOldestFirst() {
        TemporalQuery lastTwo = TemporalQuery.of(null, null, null, null, "2");
        assertThat(values(history.instances(TENANT, SENSOR, Set.of(TEMPERATURE, HUMIDITY), lastTwo, 100), TEMPERATURE))
                .containsExactly(40.0, 50.0);
        TemporalQuery lastTwoBefore = TemporalQuery.of("before", "2026-01-10T11:30:00Z", null, null, "2");
        assertThat(values(history.instances(TENANT, SENSOR, Set.of(TEMPERATURE), lastTwoBefore, 100), TEMPERATURE))
                .containsExactly(20.0, 30.0);
        assertThat(values(history.instances(TENANT, SENSOR, Set.of(TEMPERATURE), lastTwo, 1), TEMPERATURE))
                .as("the limit caps lastN").containsExactly(50.0);
    }

    @Test
    void severalEntitiesAreAnsweredByIdAndTenantsStayApart() {
        Map<String, List<RecordedInstance>> both = history.instances(TENANT, List.of(SENSOR, OTHER, "urn:none"),
                Set.of(TEMPERATURE), TemporalQuery.ALL, 100);
        assertThat(both).containsOnlyKeys(SENSOR, OTHER);
        assertThat(values(both.get(OTHER), TEMPERATURE)).containsExactly(-5.0, 5.0);
        assertThat(values(history.instances("elsewhere", SENSOR, null, TemporalQuery.ALL, 100), TEMPERATURE))
                .containsExactly(99.0);
    }

    @Test
    void hourlyPeriodsAreAlignedWithTheClockAndHoldTheirInstances() {
        List<AggregatedPeriod> hours = history.aggregate(TENANT, List.of(SENSOR), Set.of(TEMPERATURE), TemporalQuery.ALL,
                Aggregation.of("totalCount,sum,avg,min,max", "PT1H")).get(SENSOR);

        assertThat(hours).extracting(period -> period.start().toString())
                .containsExactly("2026-01-10T10:00:00Z", "2026-01-10T11:00:00Z", "2026-01-10T12:00:00Z");
        assertThat(hours.get(0).end()).isEqualTo("2026-01-10T11:00:00Z");
        assertThat(hours.get(0).values()).containsEntry(AggregateMethod.TOTAL_COUNT, 2.0)
                .containsEntry(AggregateMethod.SUM, 30.0).containsEntry(AggregateMethod.AVG, 15.0)
                .containsEntry(AggregateMethod.MIN, 10.0).containsEntry(AggregateMethod.MAX, 20.0);
        assertThat(hours.get(2).values()).containsEntry(AggregateMethod.TOTAL_COUNT, 1.0);
    }

    @Test
    void periodsStartAtTimeAtWhenTheQueryGivesOne() {
        TemporalQuery from = TemporalQuery.of("after", "2026-01-10T10:15:00Z", null, null, null);
        List<AggregatedPeriod> hours = history.aggregate(TENANT, List.of(SENSOR), Set.of(TEMPERATURE), from,
                Aggregation.of("sum", "PT1H")).get(SENSOR);

        assertThat(hours).extracting(period -> period.start().toString())
                .containsExactly("2026-01-10T10:15:00Z", "2026-01-10T11:15:00Z", "2026-01-10T12:15:00Z");
        // An instance at a period's start belongs to that period, not to the one before.
        assertThat(hours).extracting(period -> period.values().get(AggregateMethod.SUM)).containsExactly(50.0, 40.0, 50.0);
    }

    @Test
    void withoutAPeriodOneAggregateCoversTheWholeRange() {
        List<AggregatedPeriod> whole = history.aggregate(TENANT, List.of(SENSOR, OTHER), Set.of(TEMPERATURE),
                TemporalQuery.ALL, Aggregation.of("totalCount,stddev,sumsq", null)).get(OTHER);

        assertThat(whole).hasSize(1);
        assertThat(whole.get(0).start()).isEqualTo("2026-01-10T10:15:00Z");
        assertThat(whole.get(0).values().get(AggregateMethod.TOTAL_COUNT)).isEqualTo(2.0);
        assertThat(whole.get(0).values().get(AggregateMethod.SUMSQ)).isEqualTo(50.0);
        assertThat(whole.get(0).values().get(AggregateMethod.STDDEV)).isCloseTo(Math.sqrt(50), within(1e-9));
    }

    @Test
    void monthlyPeriodsFollowTheCalendar() {
        List<AggregatedPeriod> months = history.aggregate(TENANT, List.of(SENSOR), Set.of(TEMPERATURE),
                TemporalQuery.of("after", "2025-12-15T00:00:00Z", null, null, null), Aggregation.of("max", "P1M")).get(SENSOR);

        assertThat(months).hasSize(1);
        assertThat(months.get(0).start()).isEqualTo("2025-12-15T00:00:00Z");
        assertThat(months.get(0).end()).isEqualTo("2026-01-15T00:00:00Z");
        assertThat(months.get(0).values().get(AggregateMethod.MAX)).isEqualTo(50.0);
    }

    @Test
    void anAggregateWithoutNumbersIsNullButCountsStillCount() {
        history.append(TENANT, "urn:ngsi-ld:Sensor:text", Map.of(TEMPERATURE, List.of(
                observed("warm", "2026-01-10T10:00:00Z"), observed("warm", "2026-01-10T10:10:00Z"),
                observed("cold", "2026-01-10T10:20:00Z"))), RECORDED);

        AggregatedPeriod period = history.aggregate(TENANT, List.of("urn:ngsi-ld:Sensor:text"), Set.of(TEMPERATURE),
                TemporalQuery.ALL, Aggregation.of("sum,totalCount,distinctCount", null)).get("urn:ngsi-ld:Sensor:text").get(0);

        assertThat(period.values().get(AggregateMethod.SUM)).isNull();
        assertThat(period.values()).containsEntry(AggregateMethod.TOTAL_COUNT, 3.0)
                .containsEntry(AggregateMethod.DISTINCT_COUNT, 2.0);
    }

    @Test
    void theLastObservationsOfALongSeriesAreReadAlongTheIndexOfObservedInstancesOnly() throws Exception {
        String meter = "urn:ngsi-ld:Meter:long";
        List<ObjectNode> observations = new ArrayList<>();
        List<ObjectNode> unobserved = new ArrayList<>();
        Instant first = Instant.parse("2026-02-01T00:00:00Z");
        for (int i = 0; i < 3_000; i++) {
            observations.add(observed(i, first.plusSeconds(60L * i).toString()));
            unobserved.add(JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", i));
        }
        history.append(TENANT, meter, Map.of(TEMPERATURE, observations, HUMIDITY, unobserved), RECORDED);
        String observedIndex = "SELECT coalesce(sum(s.idx_scan), -1), coalesce(sum(c.reltuples), -1) FROM pg_inherits i"
                + " JOIN pg_stat_user_indexes s ON s.indexrelid = i.inhrelid JOIN pg_class c ON c.oid = i.inhrelid"
                + " WHERE i.inhparent = 'attribute_instances_series_observed_only'::regclass";
        long scansBefore;
        try (var connection = db.database().dataSource().getConnection(); var sql = connection.createStatement()) {
            sql.execute("ANALYZE attribute_instances");
            var index = sql.executeQuery(observedIndex);
            index.next();
            scansBefore = index.getLong(1);
            assertThat(index.getLong(2)).as("entries of the observed index: the observed instances alone")
                    .isBetween(3_000L, 3_100L);
        }

        assertThat(values(history.instances(TENANT, meter, Set.of(TEMPERATURE),
                TemporalQuery.of(null, null, null, null, "3"), 100), TEMPERATURE)).containsExactly(2_997.0, 2_998.0, 2_999.0);

        // the reading session reports its statistics once it is idle, within a second or so
        long deadline = System.nanoTime() + 30_000_000_000L;
        long scans = scansBefore;
        while (scans == scansBefore && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try (var connection = db.database().dataSource().getConnection(); var sql = connection.createStatement()) {
                sql.execute("SELECT pg_stat_clear_snapshot()");
                var index = sql.executeQuery(observedIndex);
                index.next();
                scans = index.getLong(1);
            }
        }
        assertThat(scans).as("scans of the observed index").isGreaterThan(scansBefore);
    }

    private static List<Double> temperatures(TemporalQuery query) {
        return values(history.instances(TENANT, SENSOR, Set.of(TEMPERATURE), query, 100), TEMPERATURE);
    }

    @Test
    void everyColumnOfAHistoryRowKeepsWhatWasWritten() throws Exception {
        String entity = "urn:ngsi-ld:Sensor:\"quoted\"\\back-slashed-é";
        ObjectNode text = observed("a \"quoted\" text, \\, ✓", "2026-01-11T08:00:00.123456Z");
        text.put("datasetId", "urn:ngsi-ld:Dataset:d1");
        ObjectNode unobserved = JsonNodeFactory.instance.objectNode().put("type", "Property").put("value", 1.5e-7);
        Instant recorded = Instant.parse("2026-01-11T09:00:00.654321Z");
        history.append("columns", entity, Map.of(TEMPERATURE, List.of(text), HUMIDITY, List.of(unobserved)), recorded);

        try (var connection = db.database().dataSource().getConnection();
             var select = connection.prepareStatement("SELECT attribute, dataset_id, observed_at, modified_at, number_value,"
                     + " instance::text, entity_key = hashtextextended('columns/' || entity_id, 0) FROM attribute_instances"
                     + " WHERE tenant = 'columns' AND entity_id = ? ORDER BY attribute")) {
            select.setString(1, entity);
            var rows = select.executeQuery();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(HUMIDITY);
            assertThat(rows.getString(2)).isNull();
            assertThat(rows.getTimestamp(3)).isNull();
            assertThat(rows.getTimestamp(4).toInstant()).isEqualTo(recorded);
            assertThat(rows.getDouble(5)).isEqualTo(1.5e-7);
            assertThat(TestDatabase.JSON.readTree(rows.getString(6))).isEqualTo(unobserved);
            assertThat(rows.getBoolean(7)).isTrue();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(TEMPERATURE);
            assertThat(rows.getString(2)).isEqualTo("urn:ngsi-ld:Dataset:d1");
            assertThat(rows.getTimestamp(3).toInstant()).isEqualTo(Instant.parse("2026-01-11T08:00:00.123456Z"));
            assertThat(rows.getObject(5)).isNull();
            assertThat(TestDatabase.JSON.readTree(rows.getString(6))).isEqualTo(text);
            assertThat(rows.next()).isFalse();
        }
    }

    private static List<Double> values(List<RecordedInstance> instances, String attribute) {
        return instances.stream().filter(instance -> instance.attribute().equals(attribute))
                .map(instance -> instance.instance().get("value").asDouble()).toList();
    }

    private static ObjectNode observed(Object value, String at) {
        ObjectNode instance = JsonNodeFactory.instance.objectNode().put("type", "Property").put("observedAt", at);
        instance.set("value", TestDatabase.JSON.valueToTree(value));
        return instance;
    }
}
