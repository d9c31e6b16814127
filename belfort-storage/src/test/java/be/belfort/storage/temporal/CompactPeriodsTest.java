package be.belfort.storage.temporal;

import be.belfort.temporal.AggregateMethod;
import be.belfort.temporal.AggregatedPeriod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompactPeriodsTest {
    private static final Instant YEAR = Instant.parse("2025-01-01T00:00:00Z");
    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void aLongSeriesIsHeldInArraysAndReadsBackAsTheSamePeriods() {
        for (int round = 0; round < 20; round++) {
            List<AggregatedPeriod> periods = series(CompactPeriods.FROM + random.nextInt(3_000),
                    List.of(AggregateMethod.AVG, AggregateMethod.MIN, AggregateMethod.MAX, AggregateMethod.TOTAL_COUNT)
                            .subList(0, 1 + random.nextInt(4)), 1 + random.nextInt(3), random.nextBoolean(),
                    random.nextBoolean());
            List<AggregatedPeriod> held = CompactPeriods.of(periods);

            assertThat(held).isInstanceOf(CompactPeriods.class).isEqualTo(periods);
            // the same order of methods in each period: what renders its values
            assertThat(held.get(7).values().keySet()).containsExactlyElementsOf(periods.get(7).values().keySet());
            assertThat(((CompactPeriods) held).bytes()).isLessThan(60L * periods.size());
        }
    }

    @Test
    void hourlyPeriodsOfWholeSecondsHoldLittleMoreThanTheirValues() {
        List<AggregatedPeriod> year = series(8_760, List.of(AggregateMethod.AVG, AggregateMethod.MIN, AggregateMethod.MAX),
                1, false, false);
        List<AggregatedPeriod> held = CompactPeriods.of(year);

        assertThat(held).isEqualTo(year);
        // three values (24 bytes), a start (4), an attribute (2) and the absent bits
        assertThat(((CompactPeriods) held).bytes()).isBetween(30L * year.size(), 31L * year.size());
    }

    @Test
    void periodsFarApartOrOfManyLengthsReadBackTheSame() {
        List<AggregatedPeriod> apart = new ArrayList<>(series(CompactPeriods.FROM, List.of(AggregateMethod.AVG), 1,
                false, false));
        // more than 68 years after the first: beyond an int of seconds
        Instant late = YEAR.plus(Duration.ofDays(365L * 70));
        apart.add(new AggregatedPeriod("urn:a", "attribute-0", late, late.plusSeconds(3600),
                new EnumMap<>(Map.of(AggregateMethod.AVG, 2.5))));
        assertThat(CompactPeriods.of(apart)).isInstanceOf(CompactPeriods.class).isEqualTo(apart);

        List<AggregatedPeriod> lengths = series(CompactPeriods.FROM, List.of(AggregateMethod.MAX), 2, false, true);
        assertThat(CompactPeriods.of(lengths)).isInstanceOf(CompactPeriods.class).isEqualTo(lengths);

        List<AggregatedPeriod> everyLength = new ArrayList<>();
        for (int i = 0; i < CompactPeriods.FROM; i++) {
            Instant start = YEAR.plusSeconds(7_200L * i);
            everyLength.add(new AggregatedPeriod("urn:a", "spots", start, start.plusSeconds(1 + i),
                    new EnumMap<>(Map.of(AggregateMethod.MIN, (double) i))));
        }
        assertThat(CompactPeriods.of(everyLength)).isInstanceOf(CompactPeriods.class).isEqualTo(everyLength);
    }

    @Test
    void whatArraysCannotHoldIsKeptAsItIs() {
        List<AggregatedPeriod> shortSeries = series(CompactPeriods.FROM - 1, List.of(AggregateMethod.AVG), 1);
        assertThat(CompactPeriods.of(shortSeries)).isNotInstanceOf(CompactPeriods.class).isEqualTo(shortSeries);

        List<AggregatedPeriod> methodsDiffer = new ArrayList<>(series(CompactPeriods.FROM, List.of(AggregateMethod.AVG), 1));
        methodsDiffer.add(new AggregatedPeriod("urn:a", "spots", YEAR, YEAR.plusSeconds(1),
                new EnumMap<>(Map.of(AggregateMethod.MAX, 1.0))));
        assertThat(CompactPeriods.of(methodsDiffer)).isNotInstanceOf(CompactPeriods.class).isEqualTo(methodsDiffer);

        List<AggregatedPeriod> entitiesDiffer = new ArrayList<>(series(CompactPeriods.FROM, List.of(AggregateMethod.AVG), 1));
        entitiesDiffer.add(new AggregatedPeriod("urn:b", "spots", YEAR, YEAR.plusSeconds(1),
                new EnumMap<>(Map.of(AggregateMethod.AVG, 1.0))));
        assertThat(CompactPeriods.of(entitiesDiffer)).isNotInstanceOf(CompactPeriods.class).isEqualTo(entitiesDiffer);
    }

    @Test
    void heldPeriodsCannotBeChanged() {
        List<AggregatedPeriod> held = CompactPeriods.of(series(CompactPeriods.FROM, List.of(AggregateMethod.AVG), 1));
        assertThatThrownBy(() -> held.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> held.get(held.size())).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private List<AggregatedPeriod> series(int size, List<AggregateMethod> methods, int attributes) {
        return series(size, methods, attributes, true, false);
    }

    /**
     * Hourly periods of one entity, attribute after attribute, with some values absent; where asked, some start off
     * the second, and the last of each attribute is cut short (as at the end of a window).
     */
    private List<AggregatedPeriod> series(int size, List<AggregateMethod> methods, int attributes, boolean offSecond,
                                          boolean cutShort) {
        List<AggregatedPeriod> periods = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Instant start = YEAR.plusSeconds(3600L * i).plusNanos(offSecond && i % 17 == 0
                    ? random.nextInt(1_000_000_000) : 0);
            boolean lastOfAttribute = (i + 1) * attributes / size != i * attributes / size;
            Map<AggregateMethod, Double> values = new EnumMap<>(AggregateMethod.class);
            for (AggregateMethod method : methods) {
                values.put(method, random.nextInt(10) == 0 ? null : random.nextDouble() * 1_000 - 500);
            }
            periods.add(new AggregatedPeriod("urn:a", "attribute-" + (i * attributes / size), start,
                    start.plusSeconds(cutShort && lastOfAttribute ? 1 + random.nextInt(3599) : 3600), values));
        }
        return periods;
    }
}
