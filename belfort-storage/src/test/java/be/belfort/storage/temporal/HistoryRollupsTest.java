package be.belfort.storage.temporal;

import be.belfort.storage.EntityRows;
import be.belfort.storage.HistoryRows;
import be.belfort.storage.TestDatabase;
import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.RetentionRule;
import be.belfort.temporal.RollupPlan;
import be.belfort.temporal.TemporalQuery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threeten.extra.PeriodDuration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollups answer exactly as the instances do: many series with random values (whole, decimal, any double,
 * not numeric, without observation time) at random times, asked with random periods, windows and methods, with
 * appends, edits, deletions and retention in between, with and without observations waiting in the backlog for the
 * fold; and the rollup table, once folded, always holds what a recomputation from the instances gives.
 */
class HistoryRollupsTest {
    private static final String TENANT = "rollups";
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final List<String> ATTRIBUTES = List.of("https://x.org/speed", "https://x.org/level", "https://x.org/name");
    private static final List<String> PERIODS = List.of("", "PT3H", "PT5M", "PT1H", "PT2H", "PT90M", "P1D", "P2D", "PT90S",
            "PT1H0.5S", "P1M", "PT6H");
    private static final List<AggregateMethod> METHODS = List.of(AggregateMethod.TOTAL_COUNT, AggregateMethod.SUM,
            AggregateMethod.AVG, AggregateMethod.MIN, AggregateMethod.MAX, AggregateMethod.STDDEV, AggregateMethod.SUMSQ);

    private static TestDatabase database;
    private static PostgresHistoryStore store;
    private static HistoryAggregates aggregates;
    private static RollupBacklog backlog;
    private final Random random = new Random(20261202);

    @BeforeAll
    static void start() {
        database = new TestDatabase("rollups");
        store = new PostgresHistoryStore(database.database().dataSource(), TestDatabase.JSON);
        aggregates = new HistoryAggregates(database.database().dataSource());
        backlog = new RollupBacklog(database.database().dataSource());
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void rollupsAnswerAsTheInstancesThroughWritesEditsDeletionsAndRetention() throws SQLException {
        List<String> entities = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            entities.add("urn:ngsi-ld:Sensor:" + i);
        }
        int asked = 0;
        int fromRollups = 0;
        int besideBacklog = 0;
        for (int round = 0; round < 8; round++) {
            if (round > 0) {
                change(entities);
                assertRollupsAreRecomputable();
            }
            for (String entity : entities) {
                append(entity, 20 + random.nextInt(60));
            }
            assertThat(backlog()).as("the appended observations wait for the fold").isPositive();
            for (int q = 0; q < 40; q++) {
                if (q == 20 && round % 2 == 1) {
                    backlog.fold();
                }
                TemporalQuery query = query();
                Aggregation aggregation = aggregation();
                Set<String> attributes = random.nextBoolean() ? null : Set.of(ATTRIBUTES.get(random.nextInt(2)));
                List<String> some = entities.subList(0, 1 + random.nextInt(entities.size()));
                // now and then at most a few periods per series, as a partial answer asks for
                int limit = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : Integer.MAX_VALUE;
                Map<String, List<AggregatedPeriod>> answer = store.aggregate(TENANT, some, attributes, query, aggregation,
                        limit);
                Map<String, List<AggregatedPeriod>> instances = aggregates.fromInstances(TENANT, some, attributes, query,
                        aggregation, limit);
                assertThat(new TreeMap<>(answer)).as("%s %s %s limit %d", query, aggregation, attributes, limit)
                        .isEqualTo(new TreeMap<>(instances));
                if (limit < Integer.MAX_VALUE) {
                    // a page holds each series' earliest periods, as many as the limit allows
                    Map<String, List<AggregatedPeriod>> whole = aggregates.fromInstances(TENANT, some, attributes, query,
                            aggregation, Integer.MAX_VALUE);
                    assertThat(new TreeMap<>(answer)).as("first %d periods of %s %s", limit, query, aggregation)
                            .isEqualTo(new TreeMap<>(firstPeriods(whole, limit)));
                }
                asked++;
                if (RollupPlan.applies(query, aggregation)) {
                    fromRollups++;
                    if (backlog() > 0) {
                        besideBacklog++;
                    }
                }
            }
        }
        change(entities);
        assertRollupsAreRecomputable();
        assertThat(fromRollups).as("a good share of the questions go to the rollups").isGreaterThan(asked / 3);
        assertThat(besideBacklog).as("and many of those while observations wait in the backlog")
                .isGreaterThan(fromRollups / 3).isLessThan(fromRollups);
    }

    /**
     * One series in periods of one bucket each (hours or days from an aligned start) is read in bucket order and the
     * parts beside the rollups are added to their periods in the platform: the same answer as the instances give,
     * with observations waiting in the backlog, partial buckets at the window's edges, and pages of a few periods.
     */
    @Test
    void oneSeriesInPeriodsOfOneBucketAnswersAsTheInstances() throws SQLException {
        String meter = "urn:ngsi-ld:Meter:series";
        int asked = 0;
        int besideBacklog = 0;
        for (int round = 0; round < 6; round++) {
            append(meter, 200 + random.nextInt(200));
            if (round % 2 == 1) {
                backlog.fold();
                append(meter, 5 + random.nextInt(10));
            }
            for (int q = 0; q < 30; q++) {
                boolean daily = random.nextInt(3) == 0;
                Instant at = START.plusSeconds((daily ? 86_400L : 3_600L) * random.nextInt(daily ? 3 : 72));
                TemporalQuery query = random.nextBoolean()
                        ? new TemporalQuery(TemporalQuery.TimeRelation.AFTER, at, null,
                                TemporalQuery.TimeProperty.OBSERVED_AT, null)
                        : new TemporalQuery(TemporalQuery.TimeRelation.BETWEEN, at, at.plusSeconds(1 + random.nextLong(
                                2 * 86_400)), TemporalQuery.TimeProperty.OBSERVED_AT, null);
                Aggregation aggregation = Aggregation.of("totalCount,sum,avg,min,max,stddev,sumsq", daily ? "P1D" : "PT1H");
                Set<String> attribute = Set.of(ATTRIBUTES.get(random.nextInt(2)));
                int limit = random.nextBoolean() ? 1 + random.nextInt(6) : Integer.MAX_VALUE;
                Map<String, List<AggregatedPeriod>> answer = store.aggregate(TENANT, List.of(meter), attribute, query,
                        aggregation, limit);
                assertThat(answer).as("%s %s %s limit %d", query, aggregation, attribute, limit)
                        .isEqualTo(aggregates.fromInstances(TENANT, List.of(meter), attribute, query, aggregation, limit));
                asked++;
                if (backlog() > 0) {
                    besideBacklog++;
                }
            }
        }
        assertThat(besideBacklog).as("questions asked while observations waited in the backlog")
                .isGreaterThan(asked / 3);
    }

    /**
     * Writers, an editor and the fold at the same time, on the same series: no instance is counted twice or lost
     * when an instance commits between the fold and a recomputation, or while the fold moves the backlog.
     */
    @Test
    void concurrentWritesEditsAndFoldsKeepTheRollupsRight() throws Exception {
        List<String> entities = List.of("urn:ngsi-ld:Sensor:busy-1", "urn:ngsi-ld:Sensor:busy-2");
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < 3; w++) {
            Random own = new Random(w);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 150 && failures.isEmpty(); i++) {
                    store.append(TENANT, entities.get(own.nextInt(2)), Map.of(ATTRIBUTES.get(0), List.of(
                            TestDatabase.JSON.createObjectNode().put("type", "Property").put("value", own.nextInt(100))
                                    .put("observedAt", START.plusSeconds(own.nextInt(4) * 1800L).toString()))),
                            Instant.now());
                }
            }));
        }
        Random own = new Random(7);
        Thread editor = Thread.ofPlatform().start(() -> {
            try {
                while (writing.get()) {
                    String entity = entities.get(own.nextInt(2));
                    List<RecordedInstance> history = store.instances(TENANT, entity, null, TemporalQuery.ALL, 10_000);
                    if (history.isEmpty()) {
                        continue;
                    }
                    RecordedInstance some = history.get(own.nextInt(history.size()));
                    if (own.nextBoolean()) {
                        store.deleteInstance(TENANT, entity, some.attribute(), some.instanceId());
                    } else {
                        store.replaceInstance(TENANT, entity, some.attribute(), some.instanceId(),
                                some.instance().deepCopy().put("value", own.nextInt(100)));
                    }
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
        Thread folder = Thread.ofPlatform().start(() -> {
            try {
                while (writing.get()) {
                    backlog.fold();
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
        for (Thread thread : threads) {
            thread.join();
        }
        writing.set(false);
        editor.join();
        folder.join();
        assertThat(failures).isEmpty();
        assertRollupsAreRecomputable();
    }

    /**
     * The narrowest case of the above, step by step: a write commits after a deletion's fold and before its
     * recomputation of the same buckets. The recomputation leaves that observation to the next fold, which adds it
     * to its hour and its day once.
     */
    @Test
    void aWriteCommittedBetweenTheFoldAndARecomputationIsCountedOnce() throws SQLException {
        String entity = "urn:ngsi-ld:Sensor:between";
        Instant at = START.plusSeconds(600);
        store.append(TENANT, entity, Map.of(ATTRIBUTES.get(0), List.of(observation(1, at))), Instant.now());
        backlog.fold();
        try (Connection writer = database.database().dataSource().getConnection();
             Connection editor = database.database().dataSource().getConnection();
             Statement edit = editor.createStatement()) {
            writer.setAutoCommit(false);
            HistoryRows rows = new HistoryRows(new EntityRows(TestDatabase.JSON));
            rows.add(entity, ATTRIBUTES.get(0), observation(2, at.plusSeconds(60)), Instant.now());
            rows.insert(writer, TENANT);
            editor.setAutoCommit(false);
            edit.execute("SELECT history_rollups_fold()");
            writer.commit();
            edit.execute("SELECT history_rollups_recompute(ARRAY['" + TENANT + "', '" + TENANT + "'], ARRAY['" + entity
                    + "', '" + entity + "'], ARRAY['" + ATTRIBUTES.get(0) + "', '" + ATTRIBUTES.get(0) + "'],"
                    + " ARRAY[3600, 86400], ARRAY['2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z']::timestamptz[])");
            editor.commit();
        }
        assertRollupsAreRecomputable();
    }

    @Test
    void aSeriesIsReadFromTheKeyAloneHoweverItsRowsLie() throws SQLException {
        String tenant = "rollups-covered";
        // sensors reporting at once: the hour rows of all of them begun in one hour lie side by side
        for (int hour = 0; hour < 48; hour++) {
            for (int sensor = 0; sensor < 3; sensor++) {
                store.append(tenant, "urn:ngsi-ld:Sensor:covered-" + sensor, Map.of(ATTRIBUTES.getFirst(),
                        List.of(observation(hour * 10 + sensor, START.plusSeconds(3_600L * hour + 60)))), Instant.now());
            }
            backlog.fold();
        }
        try (Connection connection = database.database().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            // marks the pages visible to all, as autovacuum does once buckets are closed
            statement.execute("VACUUM history_rollups");
            // the table is tiny here: make the planner take the key, then see whether it needs the table; for this
            // transaction only, so that the pooled connection goes back as it came
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL enable_seqscan = off");
            statement.execute("SET LOCAL enable_bitmapscan = off");
            List<String> plan = rows(statement, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT bucket, entries,"
                    + " numbers, sum, sumsq, min, max, first_at, first_value, last_at, last_value FROM history_rollups"
                    + " WHERE tenant = '" + tenant + "' AND entity_id = 'urn:ngsi-ld:Sensor:covered-1' AND attribute = '"
                    + ATTRIBUTES.getFirst() + "' AND grain = 3600 ORDER BY bucket");
            assertThat(String.join("\n", plan)).as("every figure of a bucket is in the key's index")
                    .contains("Index Only Scan using history_rollups_pkey").contains("Heap Fetches: 0")
                    .contains("rows=48");
            connection.rollback();
        }
    }

    private static ObjectNode observation(int value, Instant at) {
        return TestDatabase.JSON.createObjectNode().put("type", "Property").put("value", value)
                .put("observedAt", at.toString());
    }

    /** Observations of the three attributes: numbers of every kind, some text, some without observation time. */
    private void append(String entity, int count) {
        Map<String, List<ObjectNode>> instances = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String attribute = ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size()));
            ObjectNode instance = TestDatabase.JSON.createObjectNode().put("type", "Property");
            switch (attribute.endsWith("name") ? 4 : random.nextInt(5)) {
                case 0 -> instance.put("value", random.nextInt(200) - 50);
                case 1 -> instance.put("value", Math.round(random.nextGaussian() * 10_000) / 100.0);
                case 2 -> instance.put("value", random.nextDouble() * Math.pow(10, random.nextInt(20) - 8));
                case 3 -> instance.put("value", 0.1 * random.nextInt(10));
                default -> instance.put("value", "v" + random.nextInt(3));
            }
            if (random.nextInt(20) > 0) {
                instance.put("observedAt", time().toString());
            }
            if (random.nextInt(5) == 0) {
                instance.put("datasetId", "urn:ngsi-ld:Dataset:" + random.nextInt(2));
            }
            instances.computeIfAbsent(attribute, a -> new ArrayList<>()).add(instance);
        }
        store.append(TENANT, entity, instances, Instant.now());
    }

    /** A time in four days from START: whole days, hours or minutes at times, at any millisecond mostly. */
    private Instant time() {
        long seconds = random.nextLong(4 * 86_400);
        return switch (random.nextInt(6)) {
            case 0 -> START.plusSeconds(seconds / 86_400 * 86_400);
            case 1 -> START.plusSeconds(seconds / 3_600 * 3_600);
            case 2 -> START.plusSeconds(seconds / 60 * 60);
            default -> START.plusSeconds(seconds).plusMillis(random.nextInt(1000));
        };
    }

    /** Edits and deletes instances, deletes an attribute or a whole entity, applies retention. */
    private void change(List<String> entities) {
        for (int i = 0; i < 6; i++) {
            String entity = entities.get(random.nextInt(entities.size()));
            List<RecordedInstance> history = store.instances(TENANT, entity, null, TemporalQuery.ALL, 10_000);
            if (history.isEmpty()) {
                continue;
            }
            RecordedInstance some = history.get(random.nextInt(history.size()));
            if (random.nextBoolean()) {
                ObjectNode edited = some.instance().deepCopy();
                edited.put("value", random.nextInt(1000) / 8.0);
                if (random.nextBoolean()) {
                    edited.put("observedAt", time().toString());
                }
                assertThat(store.replaceInstance(TENANT, entity, some.attribute(), some.instanceId(), edited)).isTrue();
            } else {
                assertThat(store.deleteInstance(TENANT, entity, some.attribute(), some.instanceId())).isTrue();
            }
        }
        switch (random.nextInt(4)) {
            case 0 -> store.deleteAttribute(TENANT, entities.get(random.nextInt(entities.size())), ATTRIBUTES.get(0),
                    random.nextBoolean() ? null : "urn:ngsi-ld:Dataset:1", random.nextBoolean());
            case 1 -> store.deleteEntity(TENANT, entities.get(random.nextInt(entities.size())));
            case 2 -> new HistoryRetention(database.database().dataSource(), List.of(new RetentionRule(TENANT, null,
                    PeriodDuration.of(Duration.ofHours(24 * 4 - random.nextInt(24))))))
                    .apply(START.plus(Duration.ofDays(4)).plusSeconds(random.nextInt(3600)));
            default -> {
            }
        }
    }

    private TemporalQuery query() {
        Instant at = random.nextBoolean() ? time() : START.plusSeconds(3_600L * random.nextInt(96));
        return switch (random.nextInt(4)) {
            case 0 -> TemporalQuery.ALL;
            case 1 -> new TemporalQuery(TemporalQuery.TimeRelation.BEFORE, at, null, TemporalQuery.TimeProperty.OBSERVED_AT,
                    null);
            case 2 -> new TemporalQuery(TemporalQuery.TimeRelation.AFTER, at, null, TemporalQuery.TimeProperty.OBSERVED_AT,
                    null);
            default -> new TemporalQuery(TemporalQuery.TimeRelation.BETWEEN, at,
                    at.plusSeconds(1 + random.nextLong(3 * 86_400)), TemporalQuery.TimeProperty.OBSERVED_AT, null);
        };
    }

    private Aggregation aggregation() {
        Set<String> methods = new LinkedHashSet<>();
        int count = 1 + random.nextInt(METHODS.size());
        for (int i = 0; i < count; i++) {
            methods.add(METHODS.get(random.nextInt(METHODS.size())).term());
        }
        return Aggregation.of(String.join(",", methods), PERIODS.get(random.nextInt(PERIODS.size())));
    }

    /**
     * The rollups, once the backlog is folded, hold exactly what rebuilding them from the instances in one pass gives
     * (and the edits and deletions before this kept them so whether or not observations waited in the backlog).
     */
    private static void assertRollupsAreRecomputable() throws SQLException {
        backlog.fold();
        assertThat(backlog()).isZero();
        String columns = "tenant, entity_id, attribute, grain, bucket, entries, numbers, sum, sumsq, min, max, first_at,"
                + " first_value, last_at, last_value";
        try (Connection connection = database.database().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            List<String> kept = rows(statement, "SELECT " + columns + " FROM history_rollups ORDER BY 1, 2, 3, 4, 5");
            connection.setAutoCommit(false);
            statement.execute("SELECT history_rollups_rebuild()");
            List<String> recomputed = rows(statement, "SELECT " + columns + " FROM history_rollups ORDER BY 1, 2, 3, 4, 5");
            connection.rollback();
            assertThat(kept).isNotEmpty().containsExactlyElementsOf(recomputed);
        }
    }

    private static long backlog() throws SQLException {
        try (Connection connection = database.database().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM history_backlog")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet row = statement.executeQuery(sql)) {
            int columns = row.getMetaData().getColumnCount();
            while (row.next()) {
                StringBuilder text = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    text.append(row.getString(i)).append('|');
                }
                rows.add(text.toString());
            }
        }
        return rows;
    }

    /** Each series' first {@code limit} periods, in the order of the answer. */
    private static Map<String, List<AggregatedPeriod>> firstPeriods(Map<String, List<AggregatedPeriod>> answer, int limit) {
        Map<String, List<AggregatedPeriod>> first = new TreeMap<>();
        answer.forEach((entity, periods) -> {
            Map<String, Integer> taken = new java.util.HashMap<>();
            first.put(entity, periods.stream().filter(period -> taken.merge(period.attribute(), 1, Integer::sum) <= limit)
                    .toList());
        });
        return first;
    }
}
