package be.belfort.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WaitDeadlinesTest {

    @Test
    void aWaitPastItsDeadlineIsEndedByItsExpiry() throws Exception {
        CompletableFuture<String> waiting = new CompletableFuture<>();
        long start = System.nanoTime();
        WaitDeadlines.expire(waiting, start + TimeUnit.MILLISECONDS.toNanos(200), () -> waiting.complete("expired"));

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("expired");
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).as("not before its deadline").isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aWaitDoneInTimeIsNotEndedAgain() throws Exception {
        AtomicInteger expiries = new AtomicInteger();
        CompletableFuture<String> answered = new CompletableFuture<>();
        WaitDeadlines.expire(answered, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150),
                expiries::incrementAndGet);
        answered.complete("answered");
        CompletableFuture<String> marker = new CompletableFuture<>();
        WaitDeadlines.expire(marker, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300), () -> marker.complete("x"));

        marker.get(5, TimeUnit.SECONDS);
        assertThat(expiries).hasValue(0);
        assertThat(answered.get()).isEqualTo("answered");
    }

    @Test
    void anExpiryThatFailsDoesNotStopTheOthers() throws Exception {
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> next = new CompletableFuture<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        WaitDeadlines.expire(failing, deadline, () -> {
            throw new IllegalStateException("on purpose");
        });
        WaitDeadlines.expire(next, deadline, () -> next.complete("expired"));
        CompletableFuture<String> later = new CompletableFuture<>();
        WaitDeadlines.expire(later, deadline + TimeUnit.MILLISECONDS.toNanos(300), () -> later.complete("expired too"));

        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo("expired");
        assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo("expired too");
        assertThat(failing).isNotDone();
    }
}
