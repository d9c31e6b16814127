package be.belfort.storage.temporal;

import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;

import java.time.Instant;
import java.util.AbstractList;
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
 * record, two instants, a map and its boxed values each) take about 330 bytes apiece, and here about 50. A period is
 * made again each time it is read, so only long series are held this way ({@link #of}): they are read once per
 * rendering, where a page's short parts are read for every page.
 */
final class CompactPeriods extends AbstractList<AggregatedPeriod> implements RandomAccess {
    /** Series shorter than this stay as they were read. */
    static final int FROM = 1_000;

    private final String entityId;
    private final String[] attributes;
    private final short[] attributeOf;
    private final long[] startSeconds;
    private final int[] startNanos;
    private final long[] endSeconds;
    private final int[] endNanos;
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
        this.startSeconds = new long[size];
        this.startNanos = new int[size];
        this.endSeconds = new long[size];
        this.endNanos = new int[size];
        this.values = new double[size * methods.length];
        this.absent = new BitSet();
        for (int p = 0; p < size; p++) {
            AggregatedPeriod period = periods.get(p);
            startSeconds[p] = period.start().getEpochSecond();
            startNanos[p] = period.start().getNano();
            endSeconds[p] = period.end().getEpochSecond();
            endNanos[p] = period.end().getNano();
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
        Objects.checkIndex(index, startSeconds.length);
        Map<AggregateMethod, Double> periodValues = new EnumMap<>(AggregateMethod.class);
        for (int m = 0; m < methods.length; m++) {
            int at = index * methods.length + m;
            periodValues.put(methods[m], absent.get(at) ? null : values[at]);
        }
        return new AggregatedPeriod(entityId, attributes[attributeOf[index]],
                Instant.ofEpochSecond(startSeconds[index], startNanos[index]),
                Instant.ofEpochSecond(endSeconds[index], endNanos[index]), periodValues);
    }

    @Override
    public int size() {
        return startSeconds.length;
    }

    /** About the memory the arrays take. */
    long bytes() {
        return 128 + 26L * startSeconds.length + 8L * values.length + absent.size() / 8;
    }
}
