package be.belfort.storage.temporal;

import be.belfort.storage.EntityCache;
import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.TemporalQuery;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeptHistoryTest {
    private static final String SPOTS = "https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber";
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");
    private static final Aggregation HOURLY_AVERAGE = Aggregation.of("avg", "PT1H");
    private static final TemporalQuery WHOLE_HISTORY = TemporalQuery.of(null, null, null, null, null);

    /**
     * The database's answer: for each entity asked, a period whose average is the number of times the database was
     * asked; the entities it was asked for, in turn.
     */
    private static final class Database implements Function<List<String>, Map<String, List<AggregatedPeriod>>> {
        final AtomicInteger asked = new AtomicInteger();
        final List<List<String>> askedFor = new ArrayList<>();
        final String id;

        Database(String id) {
            this.id = id;
        }

        @Override
        public Map<String, List<AggregatedPeriod>> apply(List<String> ids) {
            double answer = asked.incrementAndGet();
            askedFor.add(ids);
            Map<String, List<AggregatedPeriod>> periods = new LinkedHashMap<>();
            ids.forEach(entity -> periods.put(entity, List.of(new AggregatedPeriod(entity, SPOTS, T, T.plusSeconds(3600),
                    Map.of(AggregateMethod.AVG, answer)))));
            return periods;
        }
    }

    private static double average(KeptHistory kept, String tenant, List<String> ids, Database database) {
        return kept.aggregate(tenant, ids, Set.of(SPOTS), WHOLE_HISTORY, HOURLY_AVERAGE, 100, database)
                .get(database.id).getFirst().values().get(AggregateMethod.AVG);
    }

    @Test
    void theSameQuestionAboutAnUnchangedHistoryIsAnsweredFromMemory() {
        KeptHistory kept = new KeptHistory(EntityCache.ofBytes(1 << 20), 1 << 20);
        Database database = new Database("urn:a");

        assertThat(average(kept, "gent", List.of("urn:a"), database)).isEqualTo(1);
        assertThat(average(kept, "gent", List.of("urn:a"), database)).isEqualTo(1);
        assertThat(database.asked).hasValue(1);
        assertThat(kept.hits()).isEqualTo(1);
        assertThat(kept.misses()).isEqualTo(1);

        assertThat(average(kept, "brugge", List.of("urn:a"), database)).as("another tenant's entity of that id")
                .isEqualTo(2);
        assertThat(kept.aggregate("gent", List.of("urn:a"), Set.of(SPOTS), WHOLE_HISTORY, Aggregation.of("avg", "P1D"),
                100, database)).as("another period").isNotNull();
        assertThat(database.asked).hasValue(3);
    }

    @Test
    void aChangeOfTheEntityOrOfItsHistoryIsSeenByTheNextQuestion() {
        EntityCache entities = EntityCache.ofBytes(1 << 20);
        KeptHistory kept = new KeptHistory(entities, 1 << 20);
        Database database = new Database("urn:a");
        average(kept, "gent", List.of("urn:a"), database);

        entities.historyChanged("gent", List.of("urn:a"));
        assertThat(average(kept, "gent", List.of("urn:a"), database)).as("after an instance was appended").isEqualTo(2);
        entities.forget("gent", List.of("urn:a"));
        assertThat(average(kept, "gent", List.of("urn:a"), database)).as("after the entity changed").isEqualTo(3);
        entities.everyHistoryChanged();
        assertThat(average(kept, "gent", List.of("urn:a"), database)).as("after retention").isEqualTo(4);
        entities.forgetAll();
        assertThat(average(kept, "gent", List.of("urn:a"), database)).as("after a tenant was purged").isEqualTo(5);
        assertThat(average(kept, "gent", List.of("urn:a"), database)).isEqualTo(5);
    }

    @Test
    void aQuestionAboutManyEntitiesIsAnsweredAgainWhenAnyOfThemChanged() {
        EntityCache entities = EntityCache.ofBytes(1 << 20);
        KeptHistory kept = new KeptHistory(entities, 1 << 20);
        Database database = new Database("urn:a");
        List<String> page = List.of("urn:a", "urn:b", "urn:c");
        average(kept, "gent", page, database);
        assertThat(average(kept, "gent", page, database)).isEqualTo(1);

        entities.historyChanged("gent", List.of("urn:c"));
        Map<String, List<AggregatedPeriod>> answer = kept.aggregate("gent", page, Set.of(SPOTS), WHOLE_HISTORY,
                HOURLY_AVERAGE, 100, database);
        assertThat(answer.keySet()).as("in the order asked").containsExactly("urn:a", "urn:b", "urn:c");
        assertThat(answer.get("urn:a").getFirst().values().get(AggregateMethod.AVG)).as("kept").isEqualTo(1);
        assertThat(answer.get("urn:c").getFirst().values().get(AggregateMethod.AVG)).as("computed again").isEqualTo(2);
        assertThat(database.askedFor).containsExactly(page, List.of("urn:c"));
        entities.historyChanged("gent", List.of("urn:elsewhere-" + 1));
        entities.historyChanged("brugge", List.of("urn:a"));
        average(kept, "gent", page, database);
        assertThat(database.asked).hasValue(2);
    }

    @Test
    void anAnswerComputedWhileAChangeCommittedIsNotTakenAfterIt() {
        EntityCache entities = EntityCache.ofBytes(1 << 20);
        KeptHistory kept = new KeptHistory(entities, 1 << 20);
        AtomicInteger asked = new AtomicInteger();
        // the database read starts, an append commits and is acknowledged, then the read's (old) answer arrives
        Function<List<String>, Map<String, List<AggregatedPeriod>>> raced = ids -> {
            double answer = asked.incrementAndGet();
            entities.historyChanged("gent", List.of("urn:a"));
            return Map.of("urn:a", List.of(new AggregatedPeriod("urn:a", SPOTS, T, T.plusSeconds(3600),
                    Map.of(AggregateMethod.AVG, answer))));
        };
        kept.aggregate("gent", List.of("urn:a"), Set.of(SPOTS), WHOLE_HISTORY, HOURLY_AVERAGE, 100, raced);

        Database database = new Database("urn:a");
        database.asked.set(asked.get());
        assertThat(average(kept, "gent", List.of("urn:a"), database)).as("asked again, not the raced answer").isEqualTo(2);
        assertThat(average(kept, "gent", List.of("urn:a"), database)).isEqualTo(2);
    }

    /** A database read held until released, counting how often it was asked. */
    private static final class Held implements Function<List<String>, Map<String, List<AggregatedPeriod>>> {
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger computed = new AtomicInteger();
        final Supplier<Map<String, List<AggregatedPeriod>>> answer;

        Held(Supplier<Map<String, List<AggregatedPeriod>>> answer) {
            this.answer = answer;
        }

        @Override
        public Map<String, List<AggregatedPeriod>> apply(List<String> ids) {
            computed.incrementAndGet();
            asked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return answer.get();
        }
    }

    /** Two readers of urn:a: the second asks while the first one's database read is held, then both are let go. */
    private static List<Future<Map<String, List<AggregatedPeriod>>>> twoReaders(KeptHistory kept, Held database,
                                                                              ExecutorService readers) throws Exception {
        Callable<Map<String, List<AggregatedPeriod>>> read = () -> kept.aggregate("gent", List.of("urn:a"), Set.of(SPOTS),
                WHOLE_HISTORY, HOURLY_AVERAGE, 100, database);
        Future<Map<String, List<AggregatedPeriod>>> first = readers.submit(read);
        assertThat(database.asked.await(5, TimeUnit.SECONDS)).isTrue();
        Future<Map<String, List<AggregatedPeriod>>> second = readers.submit(read);
        Thread.sleep(200);
        assertThat(second.isDone()).as("waits for the first").isFalse();
        database.release.countDown();
        return List.of(first, second);
    }

    @Test
    void readersOfAnEntityBeingComputedWaitForItInsteadOfAskingTheDatabaseAgain() throws Exception {
        KeptHistory kept = new KeptHistory(EntityCache.ofBytes(1 << 20), 1 << 20);
        Held database = new Held(() -> Map.of("urn:a", List.of(new AggregatedPeriod("urn:a", SPOTS, T,
                T.plusSeconds(3600), Map.of(AggregateMethod.AVG, 42.0)))));
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map<String, List<AggregatedPeriod>>>> both = twoReaders(kept, database, readers);
            assertThat(both.get(0).get(5, TimeUnit.SECONDS)).isEqualTo(both.get(1).get(5, TimeUnit.SECONDS));
        }
        assertThat(database.computed).hasValue(1);
    }

    @Test
    void aFailedComputationFailsItsWaitersTooAndIsNotKept() throws Exception {
        KeptHistory kept = new KeptHistory(EntityCache.ofBytes(1 << 20), 1 << 20);
        Held failing = new Held(() -> {
            throw new IllegalStateException("the database is away");
        });
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Map<String, List<AggregatedPeriod>>> reader : twoReaders(kept, failing, readers)) {
                assertThatThrownBy(() -> reader.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("the database is away")
                        .rootCause().isInstanceOf(IllegalStateException.class);
            }
        }
        Database database = new Database("urn:a");
        assertThat(average(kept, "gent", List.of("urn:a"), database)).as("asked again").isEqualTo(1);
    }

    @Test
    void keepsNothingWhileTheEntityCacheIsOffOrWithoutMemory() {
        EntityCache entities = EntityCache.ofBytes(1 << 20);
        KeptHistory kept = new KeptHistory(entities, 1 << 20);
        Database database = new Database("urn:a");
        entities.turnOff();
        average(kept, "gent", List.of("urn:a"), database);
        average(kept, "gent", List.of("urn:a"), database);
        assertThat(database.asked).as("another node writes the database: nothing kept").hasValue(2);

        KeptHistory none = new KeptHistory(EntityCache.ofBytes(1 << 20), 0);
        average(none, "gent", List.of("urn:a"), database);
        average(none, "gent", List.of("urn:a"), database);
        assertThat(database.asked).hasValue(4);
        assertThat(none.enabled()).isFalse();
        assertThat(new KeptHistory(EntityCache.NONE, 1 << 20).enabled()).isFalse();
    }

    @Test
    void keptAnswersCannotBeChangedByTheirReader() {
        KeptHistory kept = new KeptHistory(EntityCache.ofBytes(1 << 20), 1 << 20);
        Map<String, List<AggregatedPeriod>> answer = kept.aggregate("gent", List.of("urn:a"), Set.of(SPOTS),
                WHOLE_HISTORY, HOURLY_AVERAGE, 100, new Database("urn:a"));
        assertThat(answer.get("urn:a")).isUnmodifiable();
    }

    private static final TemporalQuery LAST_TWO = TemporalQuery.of(null, null, null, null, "2");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The instances the database reads: one per entity asked, whose value is the number of reads so far. */
    private static Function<List<String>, Map<String, List<RecordedInstance>>> instances(AtomicInteger reads,
                                                                                        int coordinates) {
        return ids -> {
            int read = reads.incrementAndGet();
            Map<String, List<RecordedInstance>> byEntity = new LinkedHashMap<>();
            for (String id : ids) {
                ObjectNode instance = JSON.createObjectNode().put("type", "Property").put("value", read);
                ArrayNode line = instance.putArray("line");
                for (int i = 0; i < coordinates; i++) {
                    line.addArray().add(3.7 + i).add(51.0);
                }
                byEntity.put(id, List.of(new RecordedInstance(SPOTS, UUID.randomUUID(), instance)));
            }
            return byEntity;
        };
    }

    private static int lastValue(KeptHistory kept, String id, AtomicInteger reads, int coordinates) {
        return kept.instancesKept("gent", List.of(id), Set.of(SPOTS), LAST_TWO, 2, instances(reads, coordinates))
                .get(id).value().getFirst().instance().get("value").asInt();
    }

    @Test
    void instancesOfAnUnchangedHistoryAreAnsweredFromMemoryApartFromItsAggregations() {
        EntityCache entities = EntityCache.ofBytes(1 << 20);
        KeptHistory kept = new KeptHistory(entities, 1 << 20);
        AtomicInteger reads = new AtomicInteger();

        assertThat(lastValue(kept, "urn:a", reads, 0)).isEqualTo(1);
        assertThat(lastValue(kept, "urn:a", reads, 0)).isEqualTo(1);
        assertThat(reads).hasValue(1);
        assertThat(kept.instancesKept("gent", List.of("urn:a"), Set.of(SPOTS), TemporalQuery.of(null, null, null, null,
                "3"), 3, instances(reads, 0)).get("urn:a").value()).as("another lastN").isNotEmpty();
        assertThat(reads).hasValue(2);

        Database database = new Database("urn:a");
        assertThat(average(kept, "gent", List.of("urn:a"), database)).as("the entity's aggregation is asked apart")
                .isEqualTo(1);
        assertThat(lastValue(kept, "urn:a", reads, 0)).as("and leaves its instances kept").isEqualTo(1);

        entities.historyChanged("gent", List.of("urn:a"));
        assertThat(lastValue(kept, "urn:a", reads, 0)).as("read again after a change").isEqualTo(3);
        assertThat(kept.instancesKept("gent", List.of("urn:a"), Set.of(SPOTS), LAST_TWO, 2, instances(reads, 0))
                .get("urn:a").value()).as("kept answers cannot be changed by their reader").isUnmodifiable();
    }

    @Test
    void instancesAreWeighedByTheirMembersNestedOnesToo() {
        // an instance with a line of 100 points counts 304 nodes, about 37 kB: one fits in 60 kB, two do not
        KeptHistory kept = new KeptHistory(EntityCache.ofBytes(1 << 20), 60_000);
        AtomicInteger reads = new AtomicInteger();
        for (int entity = 0; entity < 5; entity++) {
            lastValue(kept, "urn:" + entity, reads, 100);
        }
        for (int entity = 0; entity < 5; entity++) {
            lastValue(kept, "urn:" + entity, reads, 100);
        }
        assertThat(reads.get()).as("at most one of the five fits, so most are read again").isGreaterThanOrEqualTo(9);

        AtomicInteger small = new AtomicInteger();
        for (int round = 0; round < 2; round++) {
            for (int entity = 0; entity < 5; entity++) {
                lastValue(kept, "urn:small-" + entity, small, 0);
            }
        }
        assertThat(small).as("five small instances fit").hasValue(5);
    }

    @Test
    void aRenderingKeptWeighsWithItsAnswer() {
        KeptHistory kept = new KeptHistory(EntityCache.ofBytes(1 << 20), 1 << 20);
        Database database = new Database("urn:a");
        var answer = kept.aggregateKept("gent", List.of("urn:a"), Set.of(SPOTS), WHOLE_HISTORY, HOURLY_AVERAGE, 100,
                database).get("urn:a");
        long periods = kept.weight();

        assertThat(answer.rendered("json", () -> (be.belfort.model.Keepable) () -> 5_000)).isNotNull();
        assertThat(kept.weight()).isEqualTo(periods + 5_000);
        answer.rendered("json", () -> (be.belfort.model.Keepable) () -> 7_000);
        assertThat(kept.weight()).as("a form is rendered and counted once").isEqualTo(periods + 5_000);
    }
}
