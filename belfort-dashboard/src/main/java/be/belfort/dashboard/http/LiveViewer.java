package be.belfort.dashboard.http;

import be.belfort.dashboard.LiveQueue;
import io.javalin.http.sse.SseClient;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A browser's server-sent event connection, as a live viewer's way out. Changes come framed already (shared by
 * every viewer of their audience) and go to the response as they are; Javalin's own events (re-framed line by
 * line for each viewer) carry only the rare ones.
 */
record LiveViewer(SseClient client) implements LiveQueue.Connection {
    @Override
    public boolean open() {
        return !client.terminated();
    }

    @Override
    public void write(byte[] frame) {
        try {
            client.ctx().res().getOutputStream().write(frame);
        } catch (IOException gone) {
            throw new UncheckedIOException(gone);
        }
    }

    @Override
    public void flush() {
        try {
            client.ctx().res().flushBuffer();
        } catch (IOException gone) {
            throw new UncheckedIOException(gone);
        }
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
