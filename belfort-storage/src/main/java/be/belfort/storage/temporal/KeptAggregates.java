package be.belfort.storage.temporal;

import be.belfort.storage.EntityCache;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.TemporalQuery;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Aggregations of history as last computed, kept so that the same question about an unchanged history (a dashboard
 * asking every viewer's hourly figures of the same sensors) is answered without PostgreSQL. An answer is taken only
 * while none of its entities changed since it was computed: it keeps the sum of their generations in the
 * {@link EntityCache} (taken before the database read, so that a change committed during the read makes it stale), and
 * every change of an entity or of its history moves its generation on before the change is acknowledged. Generations
 * only grow, so the sum is unchanged exactly when none of them moved.
 *
 * <p>Each kept answer also keeps a few renderings of it ({@link #aggregateAs}): the bytes of a response, under the form
 * the caller names (media type, @context, reader, ...). They live and die with the answer.
 *
 * <p>Correct only where the entity cache is: while this process makes every change to the database, and reads from
 * the database it writes (no replica, whose lag could put an old answer under a new generation). It keeps nothing
 * while the entity cache is off.
 */
public final class KeptAggregates {
    /** Keeps nothing. */
    public static final KeptAggregates NONE = new KeptAggregates(EntityCache.NONE, 0);

    /** What one period costs in memory besides its values: record, two instants, map, list slot. */
    private static final int PERIOD_BYTES = 160;
    private static final int VALUE_BYTES = 48;
    /** Renderings kept per answer: the common forms of one client population (say plain JSON and JSON-LD). */
    static final int MAX_FORMS = 2;
    /** Room reserved per rendering of one value: about [12.5,"2026-12-04T10:00:00Z","2026-12-04T11:00:00Z"]. */
    private static final int RENDERED_VALUE_BYTES = 56;

    private final EntityCache generations;
    private final Cache<Question, Answer> answers;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** One aggregation: everything {@link be.belfort.temporal.HistoryStore#aggregate} is given. */
    private record Question(String tenant, List<String> entityIds, Set<String> attributes, TemporalQuery query,
                            Aggregation aggregation, int limit) {
    }

    private record Answer(long generation, Map<String, List<AggregatedPeriod>> periods, int weight,
                          ConcurrentHashMap<Object, Object> forms) {
        @SuppressWarnings("unchecked")
        <T> T form(Object form) {
            return (T) forms.get(form);
        }

        <T> T keep(Object form, T rendered) {
            if (rendered != null && forms.size() < MAX_FORMS) {
                forms.putIfAbsent(form, rendered);
            }
            return rendered;
        }
    }

    /**
     * @param generations the entity cache, whose generations say when an entity or its history changed
     * @param maxBytes    about the most memory the kept answers take; 0 for none
     */
    public KeptAggregates(EntityCache generations, long maxBytes) {
        this.generations = generations;
        this.answers = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<Question, Answer>weigher((question, answer) -> answer.weight())
                .executor(Runnable::run)
                .build();
    }

    public boolean enabled() {
        return answers != null && generations.enabled();
    }

    /** The kept answer to the aggregation while none of its entities changed since; else computes and keeps it. */
    Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                  TemporalQuery query, Aggregation aggregation, int limit,
                                                  Supplier<Map<String, List<AggregatedPeriod>>> compute) {
        if (!enabled()) {
            return compute.get();
        }
        return answer(tenant, entityIds, attributes, query, aggregation, limit, compute).periods();
    }

    /**
     * The kept rendering of the kept answer in that form; else the answer (kept or computed) rendered now and kept.
     * {@code render} runs after the entities' generation was taken, so what it reads of them is at least as new.
     */
    <T> T aggregateAs(String tenant, List<String> entityIds, Set<String> attributes, TemporalQuery query,
                      Aggregation aggregation, int limit, Object form,
                      Supplier<Map<String, List<AggregatedPeriod>>> compute,
                      Function<Map<String, List<AggregatedPeriod>>, T> render) {
        if (!enabled()) {
            return render.apply(compute.get());
        }
        Answer answer = answer(tenant, entityIds, attributes, query, aggregation, limit, compute);
        T kept = answer.form(form);
        return kept != null ? kept : answer.keep(form, render.apply(answer.periods()));
    }

    private Answer answer(String tenant, List<String> entityIds, Set<String> attributes, TemporalQuery query,
                          Aggregation aggregation, int limit, Supplier<Map<String, List<AggregatedPeriod>>> compute) {
        Question question = new Question(tenant, List.copyOf(entityIds), attributes == null ? null : Set.copyOf(attributes),
                query, aggregation, limit);
        long generation = generation(tenant, entityIds);
        Answer kept = answers.getIfPresent(question);
        if (kept != null && kept.generation() == generation) {
            hits.increment();
            return kept;
        }
        misses.increment();
        Answer fresh = answer(generation, compute.get());
        // an answer computed before a change (older generation) never replaces one computed after it
        answers.asMap().merge(question, fresh, (old, computed) -> old.generation() > computed.generation() ? old : computed);
        return fresh;
    }

    private long generation(String tenant, List<String> entityIds) {
        long sum = 0;
        for (String id : entityIds) {
            sum += generations.generation(tenant, id);
        }
        return sum;
    }

    private static Answer answer(long generation, Map<String, List<AggregatedPeriod>> periods) {
        Map<String, List<AggregatedPeriod>> copy = new LinkedHashMap<>();
        long weight = 64;
        for (Map.Entry<String, List<AggregatedPeriod>> entity : periods.entrySet()) {
            List<AggregatedPeriod> list = List.copyOf(entity.getValue());
            copy.put(entity.getKey(), list);
            for (AggregatedPeriod period : list) {
                weight += PERIOD_BYTES + (VALUE_BYTES + MAX_FORMS * RENDERED_VALUE_BYTES) * period.values().size();
            }
        }
        return new Answer(generation, Collections.unmodifiableMap(copy), (int) Math.min(Integer.MAX_VALUE, weight),
                new ConcurrentHashMap<>(MAX_FORMS));
    }

    /** Aggregations answered from memory since the start (for metrics). */
    public long hits() {
        return hits.sum();
    }

    /** Aggregations that asked the database since the start (for metrics). */
    public long misses() {
        return misses.sum();
    }
}
