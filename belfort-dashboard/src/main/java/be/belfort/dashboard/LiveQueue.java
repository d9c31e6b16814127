package be.belfort.dashboard;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One viewer's way out: a bounded queue of changes, framed once for their whole audience, written out to the
 * viewer's connection by its own thread ({@link #send()}): as many as wait, then one flush. A comment every few
 * seconds notices a viewer who left. Handing a change over never waits. A viewer that falls a whole queue behind
 * is told why (an event {@code closed}) and let go: its map would miss changes, and its browser reconnects and
 * loads the map afresh.
 */
public final class LiveQueue implements LiveChanges.Viewer {
    /** Room for the largest batch the API takes (1,000 entities) twice over; the events are shared, not copied. */
    public static final int CAPACITY = 2048;
    public static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** Events written before one flush, so that a viewer catching up is not flushed event by event. */
    private static final int PER_FLUSH = 64;

    /** Where a viewer's events go: its server-sent event connection. */
    public interface Connection {
        boolean open();

        /** Writes an event framed for the wire, without flushing. */
        void write(byte[] frame);

        void flush();

        /** Writes and flushes one event. */
        void event(String name, String data);

        void comment(String text);

        void close();
    }

    private final LiveChanges.Audience audience;
    private final Connection connection;
    private final int capacity;
    private final BlockingQueue<byte[]> queue;
    private volatile boolean behind;

    public LiveQueue(LiveChanges.Audience audience, Connection connection, int capacity) {
        this.audience = audience;
        this.connection = connection;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public LiveChanges.Audience audience() {
        return audience;
    }

    @Override
    public boolean offer(byte[] event) {
        if (behind) {
            return false;
        }
        if (!queue.offer(event)) {
            behind = true;
            return false;
        }
        return true;
    }

    /** The reason a viewer that fell behind is given before its connection closes. */
    public String tooSlow() {
        return "too slow: " + capacity + " changes waited to be sent; load the map again";
    }

    /** Writes changes until the connection is gone or its viewer has fallen behind; then closes it. */
    public void send() {
        try {
            while (connection.open()) {
                byte[] event = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (behind) {
                    queue.clear();
                    connection.event("closed", tooSlow());
                    return;
                }
                if (event == null) {
                    connection.comment("still here");
                    continue;
                }
                int written = 0;
                do {
                    connection.write(event);
                    written++;
                } while (written < PER_FLUSH && !behind && (event = queue.poll()) != null);
                connection.flush();
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException gone) {
            // The browser left or the answer cannot be written: this viewer is done.
        } finally {
            queue.clear();
            connection.close();
        }
    }
}
