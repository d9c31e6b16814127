package be.belfort.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What several nodes on one database coordinate with, on a real PostgreSQL: a job runs on one node at a time,
 * and runs again once the node that held it is done; one holder of a leader lock, the next when it leaves.
 */
class NodeCoordinationTest {
    private static Database database;

    @BeforeAll
    static void start() throws IOException {
        database = Database.embedded(Files.createTempDirectory("belfort-nodes"), Database.Pool.of(6));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void aJobRunsOnOneNodeAtATime() throws Exception {
        ExclusiveRuns first = new ExclusiveRuns(database.dataSource());
        ExclusiveRuns second = new ExclusiveRuns(database.dataSource());
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> first.run("retention", () -> {
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(second.run("retention", () -> ran.set(true))).as("while another node runs it").isFalse();
        assertThat(ran).isFalse();
        assertThat(second.run("page closing", () -> ran.set(true))).as("another job").isTrue();
        release.countDown();
        holder.join();
        ran.set(false);
        assertThat(second.run("retention", () -> ran.set(true))).as("once the other node is done").isTrue();
        assertThat(ran).isTrue();
    }

    @Test
    void oneNodeHoldsTheLeaderLockAndAnotherTakesItWhenItLeaves() throws Exception {
        try (LeaderLock first = new LeaderLock("test work", database::connectDirectly)) {
            assertThat(first.held()).isTrue();
            try (LeaderLock second = new LeaderLock("test work", database::connectDirectly)) {
                assertThat(second.held()).isFalse();
                first.close();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!second.held() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(second.held()).isTrue();
            }
        }
    }

    @Test
    void aNodeThatThoughtItselfAloneHearsOfAnotherWithinSeconds() throws Exception {
        java.util.concurrent.CompletableFuture<String> other = new java.util.concurrent.CompletableFuture<>();
        try (NodeLease first = NodeLease.join(database.dataSource(), true)) {
            first.whenOthersJoin(other::complete);
            Thread.sleep(1_500);
            assertThat(other).as("no other node yet").isNotDone();

            try (NodeLease second = NodeLease.join(database.dataSource(), false)) {
                assertThat(other.get(5, java.util.concurrent.TimeUnit.SECONDS)).contains("pid");
                assertThat(second.id()).isNotEqualTo(first.id());
            }
        }
    }
}
