package be.belfort.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitGroupsTest {
    private final List<List<String>> committed = new CopyOnWriteArrayList<>();

    @Test
    void whatQueuesWhileAGroupCommitsGoesInTheNextGroupUpToTheMaximum() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (CommitGroups<String, String> groups = new CommitGroups<>("tests", new CommitGroups.Options(3, Duration.ZERO, 1,
                100), write -> write, group -> {
            awaitQuietly(hold);
            commitAll(group);
        })) {
            CompletableFuture<String> first = groups.enqueue("a");
            awaitQueued(groups, 0);
            List<CompletableFuture<String>> more = new ArrayList<>();
            for (String write : List.of("b", "c", "d", "e")) {
                more.add(groups.enqueue(write));
            }
            hold.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a committed");
            for (CompletableFuture<String> write : more) {
                assertThat(write.get(10, TimeUnit.SECONDS)).endsWith("committed");
            }
            assertThat(committed).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("e"));
            assertThat(groups.figures()).isEqualTo(new CommitGroups.Figures(3, 5, 0));
        }
    }

    @Test
    void aWriteWhoseCallerGaveUpBeforeItsGroupIsNotWritten() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (CommitGroups<String, String> groups = new CommitGroups<>("tests", new CommitGroups.Options(10, Duration.ZERO, 1,
                100), write -> write, group -> {
            awaitQuietly(hold);
            commitAll(group);
        })) {
            CompletableFuture<String> first = groups.enqueue("a");
            awaitQueued(groups, 0);
            CompletableFuture<String> givenUp = groups.enqueue("b");
            CompletableFuture<String> kept = groups.enqueue("c");
            // as when the write's deadline passes while it still waits in the queue
            givenUp.completeExceptionally(new ServiceUnavailable("The commit took too long", Duration.ofSeconds(1), null));
            hold.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("a committed");
            assertThat(kept.get(10, TimeUnit.SECONDS)).isEqualTo("c committed");
            assertThat(committed).containsExactly(List.of("a"), List.of("c"));
            assertThatThrownBy(givenUp::join).hasCauseInstanceOf(ServiceUnavailable.class);
        }
    }

    @Test
    void aFullQueueRefusesWritesRatherThanGrowing() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (CommitGroups<String, String> groups = new CommitGroups<>("tests", new CommitGroups.Options(10, Duration.ZERO, 1,
                2), write -> write, group -> {
            awaitQuietly(hold);
            commitAll(group);
        })) {
            CompletableFuture<String> first = groups.enqueue("a");
            awaitQueued(groups, 0);
            CompletableFuture<String> b = groups.enqueue("b");
            CompletableFuture<String> c = groups.enqueue("c");
            CompletableFuture<String> refused = groups.enqueue("d");
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(ServiceUnavailable.class);
            hold.countDown();
            assertThat(List.of(first.get(), b.get(), c.get())).containsExactly("a committed", "b committed", "c committed");
        }
    }

    @Test
    void aWriteTheCommitterLeftUnsettledIsRefusedNotLost() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        try (CommitGroups<String, String> groups = new CommitGroups<>("tests", new CommitGroups.Options(10, Duration.ZERO, 1,
                10), write -> write, group -> {
            awaitQuietly(hold);
            group.getFirst().succeed("first");
            throw new IllegalStateException("a bug");
        })) {
            CompletableFuture<String> first = groups.enqueue("x");
            awaitQueued(groups, 0);
            CompletableFuture<String> a = groups.enqueue("a");
            CompletableFuture<String> b = groups.enqueue("b");
            hold.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ServiceUnavailable.class);
        }
    }

    @Test
    void closingCommitsWhatIsQueuedThenRefusesMore() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CommitGroups<String, String> groups = new CommitGroups<>("tests", new CommitGroups.Options(10, Duration.ZERO, 2,
                10), write -> write, group -> {
            awaitQuietly(hold);
            commitAll(group);
        });
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (String write : List.of("a", "b", "c", "d")) {
            queued.add(groups.enqueue(write));
        }
        Thread closing = Thread.ofVirtual().start(groups::close);
        hold.countDown();
        closing.join();
        for (CompletableFuture<String> write : queued) {
            assertThat(write).isCompletedWithValueMatching(result -> result.endsWith("committed"));
        }
        assertThatThrownBy(() -> groups.write("e")).isInstanceOf(ServiceUnavailable.class);
    }

    private void commitAll(List<CommitGroups.Pending<String, String>> group) {
        committed.add(group.stream().map(CommitGroups.Pending::write).toList());
        group.forEach(pending -> pending.succeed(pending.write() + " committed"));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQueued(CommitGroups<?, ?> groups, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (groups.figures().queued() != count || groups.figures().groups() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the committer did not take the first write");
            }
            Thread.sleep(5);
        }
    }
}
