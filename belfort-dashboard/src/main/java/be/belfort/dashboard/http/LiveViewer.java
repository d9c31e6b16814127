package be.belfort.dashboard.http;

import be.belfort.dashboard.LiveQueue;
import io.javalin.http.sse.SseClient;

/** A browser's server-sent event connection, as a live viewer's way out. */
record LiveViewer(SseClient client) implements LiveQueue.Connection {
    @Override
    public boolean open() {
        return !client.terminated();
    }

    @Override
    public void event(String name, String data) {
        client.sendEvent(name, data);
    }

    @Override
    public void comment(String text) {
        client.sendComment(text);
    }

    @Override
    public void close() {
        client.close();
    }
}
