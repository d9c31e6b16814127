package be.belfort.temporal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class MomentsTest {
    private static final MathContext LONG_DIVISION = new MathContext(40);

    private static double longDivision(BigDecimal sum, long count) {
        return sum.divide(BigDecimal.valueOf(count), LONG_DIVISION).doubleValue();
    }

    @Test
    void theAverageIsTheLongDivisionRoundedOnce() {
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 1_000_000; i++) {
            // sums of up to 15 digits at up to 15 decimals, counts from one to past where the quick division applies
            long unscaled = random.nextLong(-999_999_999_999_999L, 1_000_000_000_000_000L)
                    / (long) Math.pow(10, random.nextInt(15));
            BigDecimal sum = BigDecimal.valueOf(unscaled, random.nextInt(16));
            long count = 1 + (random.nextBoolean() ? random.nextLong(100_000) : random.nextLong(1L << 53));
            assertThat(Moments.average(sum, count)).as("%s / %d", sum, count).isEqualTo(longDivision(sum, count));
        }
    }

    @Test
    void sumsBeyondTheQuickDivisionAreDividedInFull() {
        BigDecimal huge = new BigDecimal(BigInteger.TEN.pow(30).add(BigInteger.ONE), 3);
        BigDecimal negativeScale = new BigDecimal(BigInteger.valueOf(123), -20);
        BigDecimal manyDecimals = new BigDecimal("0.12345678901234567890123");
        for (BigDecimal sum : new BigDecimal[] {huge, negativeScale, manyDecimals}) {
            assertThat(Moments.average(sum, 7)).as(sum.toString()).isEqualTo(longDivision(sum, 7));
        }
        assertThat(Moments.average(new BigDecimal("10.5"), 3)).isEqualTo(3.5);
        assertThat(new Moments(3, 3, new BigDecimal("10.5"), new BigDecimal("40"), 2.0, 5.0).value(AggregateMethod.AVG))
                .isEqualTo(3.5);
    }

    @Test
    void momentsAddUpAsTheInstancesOfBoth() {
        Moments numbers = new Moments(3, 2, new BigDecimal("1.5"), new BigDecimal("2.25"), -1.0, 2.5);
        Moments texts = new Moments(2, 0, null, null, null, null);
        Moments more = new Moments(1, 1, new BigDecimal("0.1"), new BigDecimal("0.01"), 4.0, 4.0);

        assertThat(numbers.plus(texts)).isEqualTo(new Moments(5, 2, new BigDecimal("1.5"), new BigDecimal("2.25"), -1.0,
                2.5));
        assertThat(texts.plus(numbers)).isEqualTo(numbers.plus(texts));
        assertThat(numbers.plus(more)).isEqualTo(new Moments(4, 3, new BigDecimal("1.6"), new BigDecimal("2.26"), -1.0,
                4.0));
        assertThat(texts.plus(texts)).isEqualTo(new Moments(4, 0, null, null, null, null));
    }
}
