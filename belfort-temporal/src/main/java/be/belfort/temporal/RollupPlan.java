package be.belfort.temporal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How an aggregation is answered from the history's rollups (buckets of an hour and a day of
 * observation time, aligned to the epoch in UTC) instead of the instances. The periods are the same as over the
 * instances: of exact length, starting at timeAt or at the entity's first instance in the window. A grain answers
 * when every period is a whole number of its buckets, that is when the period length is a multiple of the grain
 * and the first period starts on a bucket boundary; whole buckets inside the window come from the rollups, the
 * rest of the window (partial buckets at its edges) from the instances.
 */
public final class RollupPlan {
    /** The grains kept, coarsest first. */
    public static final List<Duration> GRAINS = List.of(Duration.ofDays(1), Duration.ofHours(1));

    private RollupPlan() {
    }

    /**
     * Whether rollups can answer at all: periods by observation time (the rollups' time), of exact length (or
     * one over the whole range), with methods that moments give (not distinctCount).
     */
    public static boolean applies(TemporalQuery query, Aggregation aggregation) {
        return query.timeProperty() == TemporalQuery.TimeProperty.OBSERVED_AT && aggregation.months() == 0
                && !aggregation.methods().contains(AggregateMethod.DISTINCT_COUNT)
                && (aggregation.wholeRange() || aggregation.exact().toSeconds() % 3600 == 0
                        && aggregation.exact().toNanosPart() == 0);
    }

    /** Whether the periods start at timeAt; otherwise at each entity's first instance in the window. */
    public static boolean startsAtTimeAt(TemporalQuery query) {
        return query.timeAt() != null && query.relation() != TemporalQuery.TimeRelation.BEFORE;
    }

    /**
     * The coarsest grain whose buckets make up every period starting at {@code origin}; null when none does.
     * One period over the whole range has no boundaries inside it: the day answers.
     */
    public static Duration grain(Aggregation aggregation, Instant origin) {
        if (aggregation.wholeRange()) {
            return GRAINS.getFirst();
        }
        for (Duration grain : GRAINS) {
            if (aggregation.exact().toSeconds() % grain.toSeconds() == 0 && aligned(origin, grain)) {
                return grain;
            }
        }
        return null;
    }

    static boolean aligned(Instant instant, Duration grain) {
        return instant.getNano() == 0 && Math.floorMod(instant.getEpochSecond(), grain.toSeconds()) == 0;
    }

    /** The start of the bucket holding {@code instant}. */
    static Instant floor(Instant instant, Duration grain) {
        long seconds = grain.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    /** The first bucket boundary at or after {@code instant}. */
    static Instant ceiling(Instant instant, Duration grain) {
        return aligned(instant, grain) ? instant : floor(instant, grain).plus(grain);
    }

    /** A time range [from, to); either end may be open (null). */
    public record Range(Instant from, Instant to) {
    }

    /**
     * How a window is read: the buckets starting in {@code buckets} (null when no whole bucket lies in the
     * window) from the rollups, and the {@code instances} ranges from the instances.
     */
    public record Cover(Range buckets, List<Range> instances) {
    }

    /** How the window of {@code query} is read at {@code grain}. */
    public static Cover cover(TemporalQuery query, Duration grain) {
        Instant from = query.relation() == null || query.relation() == TemporalQuery.TimeRelation.BEFORE ? null
                : query.timeAt();
        Instant to = query.relation() == TemporalQuery.TimeRelation.BEFORE ? query.timeAt()
                : query.relation() == TemporalQuery.TimeRelation.BETWEEN ? query.endTimeAt() : null;
        Instant wholeFrom = from == null ? null : ceiling(from, grain);
        Instant wholeTo = to == null ? null : floor(to, grain);
        if (wholeFrom != null && wholeTo != null && !wholeFrom.isBefore(wholeTo)) {
            return new Cover(null, List.of(new Range(from, to)));
        }
        List<Range> instances = new ArrayList<>();
        if (from != null && wholeFrom.isAfter(from)) {
            instances.add(new Range(from, wholeFrom));
        }
        if (to != null && wholeTo.isBefore(to)) {
            instances.add(new Range(wholeTo, to));
        }
        return new Cover(new Range(wholeFrom, wholeTo), List.copyOf(instances));
    }
}
