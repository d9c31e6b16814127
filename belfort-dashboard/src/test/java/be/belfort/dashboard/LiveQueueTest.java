package be.belfort.dashboard;

import be.belfort.model.ReadScope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LiveQueueTest {
    private static final LiveChanges.Audience ANYONE = new LiveChanges.Audience(ReadScope.EVERYTHING, Language.NL);

    @Test
    void aViewerThatKeepsUpReceivesEveryChangeInOrder() throws InterruptedException {
        Recording connection = new Recording(null);
        LiveQueue viewer = new LiveQueue(ANYONE, connection, 4);
        Thread sender = Thread.ofVirtual().start(viewer::send);
        for (int i = 0; i < 20; i++) {
            assertThat(viewer.offer(bytes("change " + i))).isTrue();
            connection.waitFor(i + 1);
        }
        connection.open = false;
        sender.join(10_000);
        assertThat(connection.sent).hasSize(20).first().isEqualTo("change 0");
        assertThat(connection.flushes).isPositive().isLessThanOrEqualTo(20);
        assertThat(connection.closed).isTrue();
    }

    @Test
    void aViewerAWholeQueueBehindIsToldWhyAndLetGoWithoutHoldingUpTheOneWhoHandsOver() throws InterruptedException {
        CountDownLatch stuck = new CountDownLatch(1);
        Recording connection = new Recording(stuck);
        LiveQueue viewer = new LiveQueue(ANYONE, connection, 4);
        Thread sender = Thread.ofVirtual().start(viewer::send);
        assertThat(viewer.offer(bytes("first"))).isTrue();
        connection.waitForAttempt();
        // The connection's write hangs (a browser that stopped reading); handing over still never waits.
        long start = System.nanoTime();
        List<Boolean> taken = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            taken.add(viewer.offer(bytes("change " + i)));
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
        assertThat(taken).containsExactly(true, true, true, true, false, false, false, false, false, false);

        stuck.countDown();
        sender.join(10_000);
        assertThat(sender.isAlive()).isFalse();
        assertThat(connection.sent).containsExactly("first", "closed:" + viewer.tooSlow());
        assertThat(viewer.tooSlow()).contains("too slow");
        assertThat(connection.closed).isTrue();
    }

    @Test
    void eventsThatWaitTogetherGoOutWithOneFlush() throws InterruptedException {
        Recording connection = new Recording(null);
        LiveQueue viewer = new LiveQueue(ANYONE, connection, 100);
        for (int i = 0; i < 50; i++) {
            viewer.offer(bytes("change " + i));
        }
        Thread sender = Thread.ofVirtual().start(viewer::send);
        connection.waitFor(50);
        connection.open = false;
        sender.join(10_000);
        assertThat(connection.sent).hasSize(50).last().isEqualTo("change 49");
        assertThat(connection.flushes).isEqualTo(1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final class Recording implements LiveQueue.Connection {
        private final CountDownLatch hold;
        private final CountDownLatch attempted = new CountDownLatch(1);
        private final List<String> sent = new CopyOnWriteArrayList<>();
        private volatile boolean open = true;
        private volatile boolean closed;
        private volatile int flushes;

        Recording(CountDownLatch hold) {
            this.hold = hold;
        }

        @Override
        public boolean open() {
            return open;
        }

        @Override
        public void write(byte[] frame) {
            hold();
            sent.add(new String(frame, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            flushes++;
        }

        private void hold() {
            attempted.countDown();
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void event(String name, String data) {
            attempted.countDown();
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sent.add(name + ":" + data);
        }

        @Override
        public void comment(String text) {
        }

        @Override
        public void close() {
            closed = true;
        }

        void waitFor(int count) throws InterruptedException {
            for (int i = 0; i < 500 && sent.size() < count; i++) {
                Thread.sleep(10);
            }
        }

        void waitForAttempt() throws InterruptedException {
            assertThat(attempted.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
