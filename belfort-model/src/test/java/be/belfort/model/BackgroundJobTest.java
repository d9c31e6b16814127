package be.belfort.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundJobTest {
    private final AtomicLong now = new AtomicLong();
    private final BackgroundJob job = new BackgroundJob("close pages", Duration.ofSeconds(2), Duration.ofSeconds(60), now::get);

    @Test
    void aFailingUnitIsSkippedAndTheOthersStillRun() {
        List<String> done = new ArrayList<>();
        for (String unit : List.of("a", "poison", "b")) {
            job.run(unit, () -> {
                if (unit.equals("poison")) {
                    throw new IllegalStateException("cannot render");
                }
                done.add(unit);
            });
        }
        assertThat(done).containsExactly("a", "b");
        assertThat(job.failures()).isEqualTo(1);
        assertThat(job.failingUnits()).isEqualTo(1);
    }

    @Test
    void aFailingUnitIsRetriedWithADoublingBackOffAndForgottenOnceItWorks() {
        Runnable failing = () -> {
            throw new IllegalStateException("down");
        };
        assertThat(job.run("unit", failing)).isFalse();
        assertThat(job.isDue("unit")).isFalse();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(job.isDue("unit")).isTrue();
        job.run("unit", failing);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(job.isDue("unit")).as("the second wait is twice the first").isFalse();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(job.run("unit", () -> { })).isTrue();
        assertThat(job.failingUnits()).isZero();
        assertThat(job.failures()).isEqualTo(2);
    }

    @Test
    void theBackOffStopsGrowingAtItsLongest() {
        assertThat(job.backOff(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(job.backOff(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(job.backOff(1000)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aStackOverflowInOneUnitIsContainedLikeAnyFailure() {
        assertThat(job.run("deep", () -> {
            throw new StackOverflowError();
        })).isFalse();
        assertThat(job.run("other", () -> { })).isTrue();
    }

    @Test
    void theFailuresOfUnitsThatAreGoneAreForgotten() {
        job.run("deleted", () -> {
            throw new IllegalStateException("x");
        });
        job.run("kept", () -> {
            throw new IllegalStateException("x");
        });
        job.forgetAllBut(List.of("kept"));
        assertThat(job.failingUnits()).isEqualTo(1);
        assertThat(job.isDue("deleted")).isTrue();
    }
}
