package be.belfort.storage.temporal;

import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;

import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;

/**
 * One entity's aggregated periods held in arrays: a year of hourly figures is about 8,800 periods, which as objects (a
 * record, two instants, a map and its boxed values each) take about 330 bytes apiece, and here about 30 with three
 * methods (their values, a start and the attribute's index; periods of one length hold no ends). A period is made again
 * each time it is read, so only long series are held this way ({@link #of}): they are read once per rendering, where a
 * page's short parts are read for every page.
 */
final class CompactPeriods extends AbstractList<AggregatedPeriod> implements RandomAccess {
    /** Series shorter than this stay as they were read. */
    static final int FROM = 1_000;

    private final String entityId;
    private final String[] attributes;
    private final short[] attributeOf;
    private final Instants starts;
    private final Ends ends;
    private final AggregateMethod[] methods;
    /** The value of method m in period p at p * methods.length + m; where none, its bit in {@link #absent}. */
    private final double[] values;
    private final BitSet absent;

    private CompactPeriods(List<AggregatedPeriod> periods, String[] attributes, short[] attributeOf,
                           AggregateMethod[] methods) {
        int size = periods.size();
        this.entityId = periods.getFirst().entityId();
        this.attributes = attributes;
        this.attributeOf = attributeOf;
        this.methods = methods;
        this.starts = Instants.of(periods.stream().map(AggregatedPeriod::start).toArray(Instant[]::new));
        this.ends = Ends.of(periods);
        this.values = new double[size * methods.length];
        this.absent = new BitSet();
        for (int p = 0; p < size; p++) {
            AggregatedPeriod period = periods.get(p);
            for (int m = 0; m < methods.length; m++) {
                Double value = period.values().get(methods[m]);
                if (value == null) {
                    absent.set(p * methods.length + m);
                } else {
                    values[p * methods.length + m] = value;
                }
            }
        }
    }

    /**
     * The periods held in arrays where the series is long and its periods alike (one entity, every period with the same
     * methods, in the order of {@link AggregateMethod}); otherwise an unmodifiable copy of the list.
     */
    static List<AggregatedPeriod> of(List<AggregatedPeriod> periods) {
        if (periods.size() < FROM) {
            return List.copyOf(periods);
        }
        String entityId = periods.getFirst().entityId();
        Set<AggregateMethod> firstMethods = periods.getFirst().values().keySet();
        AggregateMethod[] methods = firstMethods.toArray(AggregateMethod[]::new);
        Map<String, Short> attributeIndex = new HashMap<>();
        short[] attributeOf = new short[periods.size()];
        for (int p = 0; p < periods.size(); p++) {
            AggregatedPeriod period = periods.get(p);
            if (!period.entityId().equals(entityId) || !(period.values() instanceof EnumMap<?, ?>)
                    || !period.values().keySet().equals(firstMethods)
                    || attributeIndex.size() == Short.MAX_VALUE) {
                return List.copyOf(periods);
            }
            attributeOf[p] = attributeIndex.computeIfAbsent(period.attribute(), name -> (short) attributeIndex.size());
        }
        String[] attributes = new String[attributeIndex.size()];
        attributeIndex.forEach((name, index) -> attributes[index] = name);
        return new CompactPeriods(periods, attributes, attributeOf, methods);
    }

    @Override
    public AggregatedPeriod get(int index) {
        Objects.checkIndex(index, attributeOf.length);
        Map<AggregateMethod, Double> periodValues = new EnumMap<>(AggregateMethod.class);
        for (int m = 0; m < methods.length; m++) {
            int at = index * methods.length + m;
            periodValues.put(methods[m], absent.get(at) ? null : values[at]);
        }
        Instant start = starts.get(index);
        return new AggregatedPeriod(entityId, attributes[attributeOf[index]], start, ends.get(index, start),
                periodValues);
    }

    @Override
    public int size() {
        return attributeOf.length;
    }

    /** About the memory the arrays take. */
    long bytes() {
        return 160 + starts.bytes() + ends.bytes() + 2L * attributeOf.length + 8L * values.length + absent.size() / 8;
    }

    /**
     * The periods' ends: as long as the first period for most (the periods of an aggregation), and the others (the last
     * of a series cut by the end of the window) by their index.
     */
    private record Ends(Duration length, int[] otherIndexes, Instants otherEnds) {
        static Ends of(List<AggregatedPeriod> periods) {
            Duration length = Duration.between(periods.getFirst().start(), periods.getFirst().end());
            List<Integer> others = new ArrayList<>();
            for (int p = 0; p < periods.size(); p++) {
                if (!periods.get(p).start().plus(length).equals(periods.get(p).end())) {
                    others.add(p);
                }
            }
            return new Ends(length, others.stream().mapToInt(Integer::intValue).toArray(),
                    Instants.of(others.stream().map(p -> periods.get(p).end()).toArray(Instant[]::new)));
        }

        Instant get(int index, Instant start) {
            int other = Arrays.binarySearch(otherIndexes, index);
            return other >= 0 ? otherEnds.get(other) : start.plus(length);
        }

        long bytes() {
            return 4L * otherIndexes.length + otherEnds.bytes();
        }
    }

    /** A column of instants, as small as they allow. */
    private sealed interface Instants {
        Instant get(int index);

        long bytes();

        /**
         * Whole seconds all within 68 years after the first: an int of seconds from the earliest each (hourly or daily
         * periods); otherwise each instant's seconds and nanoseconds.
         */
        static Instants of(Instant[] instants) {
            if (instants.length == 0) {
                return new SecondsFrom(0, new int[0]);
            }
            long earliest = Long.MAX_VALUE;
            long latest = Long.MIN_VALUE;
            boolean wholeSeconds = true;
            for (Instant instant : instants) {
                earliest = Math.min(earliest, instant.getEpochSecond());
                latest = Math.max(latest, instant.getEpochSecond());
                wholeSeconds &= instant.getNano() == 0;
            }
            if (wholeSeconds && latest - earliest <= Integer.MAX_VALUE) {
                int[] offsets = new int[instants.length];
                for (int i = 0; i < instants.length; i++) {
                    offsets[i] = (int) (instants[i].getEpochSecond() - earliest);
                }
                return new SecondsFrom(earliest, offsets);
            }
            long[] seconds = new long[instants.length];
            int[] nanos = new int[instants.length];
            for (int i = 0; i < instants.length; i++) {
                seconds[i] = instants[i].getEpochSecond();
                nanos[i] = instants[i].getNano();
            }
            return new Exact(seconds, nanos);
        }
    }

    private record SecondsFrom(long earliest, int[] offsets) implements Instants {
        @Override
        public Instant get(int index) {
            return Instant.ofEpochSecond(earliest + offsets[index]);
        }

        @Override
        public long bytes() {
            return 4L * offsets.length;
        }
    }

    private record Exact(long[] seconds, int[] nanos) implements Instants {
        @Override
        public Instant get(int index) {
            return Instant.ofEpochSecond(seconds[index], nanos[index]);
        }

        @Override
        public long bytes() {
            return 12L * seconds.length;
        }
    }
}
