package be.belfort.storage.temporal;

import be.belfort.storage.EntityCache;
import be.belfort.storage.KeptForms;
import be.belfort.temporal.AggregatedPeriod;
import be.belfort.temporal.Aggregation;
import be.belfort.temporal.Kept;
import be.belfort.temporal.RecordedInstance;
import be.belfort.temporal.TemporalQuery;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * History answers as last read, kept per entity so that the same question about an unchanged history is answered
 * without PostgreSQL: aggregations (a dashboard asking every viewer's hourly figures of the same sensors) and
 * instances of named attributes (the last values a sensor's page shows, {@code lastN}). An entity's part is taken
 * only while the entity did not change since it was read: it keeps the entity's generation in the
 * {@link EntityCache} (taken before the database read, so that a change committed during the read makes it stale),
 * and every change of an entity or of its history moves its generation on before the change is acknowledged.
 *
 * <p>A question about many entities (a page of a temporal query) is answered entity by entity: what is kept for the
 * unchanged ones, and one database read for the others. The periods of one entity do not depend on the others asked
 * with it (each series has its own start and its own limit), so live sensors that change a few entities of a page
 * cost the page only those.
 *
 * <p>Each kept entity also keeps a few renderings of its part ({@link #kept}, {@link Kept#rendered}): the bytes of
 * its part of a response, under the form the caller names (the entity as read, media type, @context, reader, ...).
 * They live and die with the part.
 *
 * <p>Correct only where the entity cache is: while this process makes every change to the database, and reads from
 * the database it writes (no replica, whose lag could put an old answer under a new generation). It keeps nothing
 * while the entity cache is off.
 */
public final class KeptHistory {
    /** Keeps nothing. */
    public static final KeptHistory NONE = new KeptHistory(EntityCache.NONE, 0);

    /** What one period costs in memory besides its values: record, two instants, map, list slot. */
    private static final int PERIOD_BYTES = 160;
    /** What one instance costs in memory besides its members: record, id, tree node, map, list slot. */
    private static final int INSTANCE_BYTES = 200;
    /** What one member of an instance costs in memory as a tree node. */
    private static final int MEMBER_BYTES = 120;
    private static final int VALUE_BYTES = 48;

    private final EntityCache generations;
    private final Cache<Question, Answer<?>> answers;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final ConcurrentHashMap<Flight, CompletableFuture<Answer<?>>> flights = new ConcurrentHashMap<>();

    /** One entity's part of a question: the entity, and everything else the store's read of it is given. */
    private record Question(String tenant, String entityId, Object asked) {
    }

    /** What an aggregation asks besides the entity: everything {@link be.belfort.temporal.HistoryStore#aggregate} is given. */
    private record Aggregate(Set<String> attributes, TemporalQuery query, Aggregation aggregation, int limit) {
    }

    /** What a read of instances asks besides the entity: everything {@link be.belfort.temporal.HistoryStore#instances} is given. */
    private record Instances(Set<String> attributes, TemporalQuery query, int limit) {
    }

    /** An entity's part of a question being computed at a generation of the entity. */
    private record Flight(Question question, long generation) {
    }

    /** How the parts of one kind are held in memory (unmodifiable), and what they weigh there. */
    private record Holding<V>(UnaryOperator<List<V>> hold, ToLongFunction<List<V>> weight) {
    }

    /** Periods: a long series in arrays ({@link CompactPeriods}). */
    private static final Holding<AggregatedPeriod> PERIODS = new Holding<>(CompactPeriods::of, KeptHistory::weightOfPeriods);
    private static final Holding<RecordedInstance> INSTANCES = new Holding<>(List::copyOf, KeptHistory::weightOfInstances);

    /**
     * An entity's part as read at a generation of the entity, and renderings of it. Its weight is what the part holds and
     * what its renderings hold ({@link KeptForms}); a rendering kept later weighs the entry again.
     */
    private final class Answer<V> implements Kept<V> {
        private final Question question;
        private final long generation;
        private final V value;
        private final long valueWeight;
        private final KeptForms forms = new KeptForms();

        Answer(Question question, long generation, V value, long valueWeight) {
            this.question = question;
            this.generation = generation;
            this.value = value;
            this.valueWeight = valueWeight;
        }

        long generation() {
            return generation;
        }

        int weight() {
            return (int) Math.min(Integer.MAX_VALUE, 64 + valueWeight + forms.weight());
        }

        @Override
        public V value() {
            return value;
        }

        @Override
        public <T> T rendered(Object form, Supplier<T> render) {
            T kept = forms.get(form);
            if (kept != null) {
                return kept;
            }
            T rendered = render.get();
            // a rendering that cannot tell its size is counted as large as what it renders
            if (forms.keep(form, rendered, valueWeight)) {
                // weighed again with its rendering, unless it was dropped or replaced meanwhile
                answers.asMap().replace(question, this, this);
            }
            return rendered;
        }
    }

    /**
     * @param generations the entity cache, whose generations say when an entity or its history changed
     * @param maxBytes    about the most memory the kept answers take; 0 for none
     */
    public KeptHistory(EntityCache generations, long maxBytes) {
        this.generations = generations;
        this.answers = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<Question, Answer<?>>weigher((question, answer) -> answer.weight())
                .executor(Runnable::run)
                .build();
    }

    public boolean enabled() {
        return answers != null && generations.enabled();
    }

    /**
     * The periods of each entity that has any: kept while it did not change since; the others computed by one call of
     * {@code compute} (given their ids, in the order asked) and kept.
     */
    Map<String, List<AggregatedPeriod>> aggregate(String tenant, List<String> entityIds, Set<String> attributes,
                                                  TemporalQuery query, Aggregation aggregation, int limit,
                                                  Function<List<String>, Map<String, List<AggregatedPeriod>>> compute) {
        Map<String, List<AggregatedPeriod>> byEntity = new LinkedHashMap<>();
        aggregateKept(tenant, entityIds, attributes, query, aggregation, limit, compute).forEach((id, kept) -> {
            if (!kept.value().isEmpty()) {
                byEntity.put(id, kept.value());
            }
        });
        return byEntity;
    }

    /**
     * Each entity's periods, as {@link #aggregate}, with the renderings kept with them (every entity asked, in the
     * order asked). The generations were taken before the database was asked, so what the caller reads of the entities
     * afterwards is at least as new as the periods.
     */
    Map<String, Kept<List<AggregatedPeriod>>> aggregateKept(
            String tenant, List<String> entityIds, Set<String> attributes, TemporalQuery query, Aggregation aggregation,
            int limit, Function<List<String>, Map<String, List<AggregatedPeriod>>> compute) {
        return kept(tenant, entityIds, new Aggregate(names(attributes), query, aggregation, limit), compute,
                PERIODS);
    }

    /**
     * Each entity's instances of the named attributes (every entity asked, in the order asked), kept while it did not
     * change since, with the renderings kept with them; as {@link #aggregateKept}, of instances.
     */
    Map<String, Kept<List<RecordedInstance>>> instancesKept(
            String tenant, List<String> entityIds, Set<String> attributes, TemporalQuery query, int limit,
            Function<List<String>, Map<String, List<RecordedInstance>>> read) {
        return kept(tenant, entityIds, new Instances(names(attributes), query, limit), read,
                INSTANCES);
    }

    private static Set<String> names(Set<String> attributes) {
        return attributes == null ? null : Set.copyOf(attributes);
    }

    /** Each entity's part of the question {@code asked}: kept, or read by {@code compute} for all those missed. */
    @SuppressWarnings("unchecked") // a question's kind decides the kind of its answers: each kind is asked by one method
    private <V> Map<String, Kept<List<V>>> kept(String tenant, List<String> entityIds, Object asked,
                                                 Function<List<String>, Map<String, List<V>>> compute,
                                                 Holding<V> holding) {
        Map<String, Kept<List<V>>> kept = new LinkedHashMap<>();
        if (!enabled()) {
            Map<String, List<V>> computed = compute.apply(entityIds);
            entityIds.forEach(id -> kept.put(id, Kept.of(computed.getOrDefault(id, List.of()))));
            return kept;
        }
        List<Flight> missing = new ArrayList<>();
        for (String id : entityIds) {
            Question question = new Question(tenant, id, asked);
            long generation = generations.generation(tenant, id);
            Answer<?> answer = answers.getIfPresent(question);
            if (answer != null && answer.generation() == generation) {
                kept.put(id, (Kept<List<V>>) answer);
            } else {
                kept.put(id, null); // in the order asked; filled below
                missing.add(new Flight(question, generation));
            }
        }
        hits.add(entityIds.size() - missing.size());
        misses.add(missing.size());
        if (!missing.isEmpty()) {
            computed(missing, compute, holding).forEach((id, answer) -> kept.put(id, (Kept<List<V>>) answer));
        }
        return kept;
    }

    /**
     * The parts of the entities missed: read by one call of {@code compute}, except those another request is
     * reading at the same generation, which are waited for. When a live sensor changes an entity, its many readers
     * cost one computation.
     */
    private <V> Map<String, Answer<?>> computed(List<Flight> missing, Function<List<String>, Map<String, List<V>>> compute,
                                                Holding<V> holding) {
        Map<String, Answer<?>> found = new LinkedHashMap<>();
        Map<Flight, CompletableFuture<Answer<?>>> mine = new LinkedHashMap<>();
        Map<String, CompletableFuture<Answer<?>>> theirs = new LinkedHashMap<>();
        for (Flight flight : missing) {
            CompletableFuture<Answer<?>> computing = new CompletableFuture<>();
            CompletableFuture<Answer<?>> other = flights.putIfAbsent(flight, computing);
            if (other == null) {
                mine.put(flight, computing);
            } else {
                theirs.put(flight.question().entityId(), other);
            }
        }
        if (!mine.isEmpty()) {
            try {
                Map<String, List<V>> computed = compute.apply(mine.keySet().stream()
                        .map(flight -> flight.question().entityId()).toList());
                mine.forEach((flight, computing) -> {
                    Answer<?> fresh = answer(flight.question(), flight.generation(),
                            computed.getOrDefault(flight.question().entityId(), List.of()), holding);
                    // a part read before a change (older generation) never replaces one read after it
                    answers.asMap().merge(flight.question(), fresh,
                            (old, recent) -> old.generation() > recent.generation() ? old : recent);
                    found.put(flight.question().entityId(), fresh);
                    computing.complete(fresh);
                });
            } catch (RuntimeException | Error failure) {
                mine.values().forEach(computing -> computing.completeExceptionally(failure));
                throw failure;
            } finally {
                mine.forEach(flights::remove);
            }
        }
        // computing ours first and waiting for theirs afterwards: two requests never wait for each other
        theirs.forEach((id, computing) -> found.put(id, await(computing)));
        return found;
    }

    private static Answer<?> await(CompletableFuture<Answer<?>> computing) {
        try {
            return computing.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failed.getCause() instanceof Error cause) {
                throw cause;
            }
            throw failed;
        }
    }

    private <V> Answer<List<V>> answer(Question question, long generation, List<V> value, Holding<V> holding) {
        List<V> held = holding.hold().apply(value);
        return new Answer<>(question, generation, held, holding.weight().applyAsLong(held));
    }

    private static long weightOfPeriods(List<AggregatedPeriod> periods) {
        if (periods instanceof CompactPeriods compact) {
            return compact.bytes();
        }
        long weight = 0;
        for (AggregatedPeriod period : periods) {
            weight += PERIOD_BYTES + VALUE_BYTES * period.values().size();
        }
        return weight;
    }

    /** Counted by the members of each instance's tree, nested ones too (a polygon's coordinates are many). */
    private static long weightOfInstances(List<RecordedInstance> instances) {
        long weight = 0;
        for (RecordedInstance instance : instances) {
            weight += INSTANCE_BYTES + (long) MEMBER_BYTES * nodes(instance.instance());
        }
        return weight;
    }

    private static long nodes(com.fasterxml.jackson.databind.JsonNode node) {
        long count = 1;
        for (com.fasterxml.jackson.databind.JsonNode child : node) {
            count += nodes(child);
        }
        return count;
    }

    /** About how many bytes of memory the kept answers take now (for metrics). */
    public long weight() {
        if (answers == null) {
            return 0;
        }
        answers.cleanUp();
        return answers.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L);
    }

    /** Entities whose part of a history answer was answered from memory since the start (for metrics). */
    public long hits() {
        return hits.sum();
    }

    /** Entities whose part of a history answer the database computed while kept answers are on (for metrics). */
    public long misses() {
        return misses.sum();
    }
}
