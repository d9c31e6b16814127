package be.belfort.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TurnsTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    @Test
    void turnsAreBoundedAndGoToTheWaitersInTheOrderTheyCame() throws Exception {
        Turns turns = new Turns(2, 16);
        assertThat(turns.tryEnter()).isTrue();
        assertThat(turns.tryEnter()).isTrue();
        assertThat(turns.tryEnter()).isFalse();

        List<Integer> served = new ArrayList<>();
        List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int number = i;
            waiters.add(CompletableFuture.supplyAsync(() -> {
                boolean entered = turns.enter(System.nanoTime() + LONG);
                synchronized (served) {
                    served.add(number);
                }
                return entered;
            }, runnable -> Thread.ofVirtual().start(runnable)));
            awaitWaiting(turns, i + 1);
        }
        // someone waiting: a newcomer does not jump the line
        assertThat(turns.tryEnter()).isFalse();

        for (int i = 0; i < 3; i++) {
            turns.leave();
            assertThat(waiters.get(i).get(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(served).containsExactly(0, 1, 2);
        assertThat(turns.working()).isEqualTo(2);
        turns.leave();
        turns.leave();
        assertThat(turns.working()).isZero();
        assertThat(turns.tryEnter()).isTrue();
    }

    @Test
    void aWaiterPastItsDeadlineGivesUpAndTakesNoTurn() {
        Turns turns = new Turns(1, 16);
        assertThat(turns.tryEnter()).isTrue();

        long start = System.nanoTime();
        assertThat(turns.enter(start + TimeUnit.MILLISECONDS.toNanos(200))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(turns.waiting()).isZero();

        // the turn left after the give-up is free again, not handed to the waiter that gave up
        turns.leave();
        assertThat(turns.working()).isZero();
        assertThat(turns.tryEnter()).isTrue();
    }

    @Test
    void aFullLineRefusesAtOnce() {
        Turns turns = new Turns(1, 0);
        assertThat(turns.enter(System.nanoTime() + LONG)).isTrue();
        long start = System.nanoTime();
        assertThat(turns.enter(start + LONG)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(turns.waiting()).isZero();
    }

    private static void awaitWaiting(Turns turns, int count) throws InterruptedException {
        for (int i = 0; i < 500 && turns.waiting() < count; i++) {
            Thread.sleep(10);
        }
        assertThat(turns.waiting()).isEqualTo(count);
    }
}
