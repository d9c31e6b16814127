package be.belfort.ingestion.mqtt;

import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * How many messages Belfort has received and not yet acknowledged. The MQTT client sends acknowledgements in the
 * order the messages arrived, so a message counts until it and every message before it are acknowledged: that is
 * what the broker sees as unacknowledged, and what the client refuses to let grow past 65,535 (it drops the
 * connection). A full window stops the intake, and with it the reading from the broker's connection, so that the
 * broker is held back by TCP and queues what devices publish meanwhile, whatever flow control it keeps itself.
 */
final class AcknowledgementWindow {

    /** One message's place in the window. */
    static final class Place {
        private boolean acknowledged;
    }

    private final Semaphore room;
    private final int size;
    private final ArrayDeque<Place> places = new ArrayDeque<>();

    AcknowledgementWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("A window holds at least one message");
        }
        this.size = size;
        this.room = new Semaphore(size);
    }

    /**
     * A place for the message that just arrived, waiting while the window is full; null when {@code stopping} became
     * true first. Places are taken in arrival order: call from the thread that receives the messages.
     */
    Place enter(BooleanSupplier stopping) throws InterruptedException {
        while (!room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (stopping.getAsBoolean()) {
                return null;
            }
        }
        Place place = new Place();
        synchronized (this) {
            places.add(place);
        }
        return place;
    }

    /**
     * The message was acknowledged: its place, and those of acknowledged messages after it, free up once every message
     * before it is acknowledged too.
     */
    void acknowledged(Place place) {
        int freed = 0;
        synchronized (this) {
            place.acknowledged = true;
            while (!places.isEmpty() && places.peek().acknowledged) {
                places.poll();
                freed++;
            }
        }
        if (freed > 0) {
            room.release(freed);
        }
    }

    /** Messages received and not yet acknowledged in order. */
    int held() {
        return size - room.availablePermits();
    }
}
