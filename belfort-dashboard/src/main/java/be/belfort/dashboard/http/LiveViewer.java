package be.belfort.dashboard.http;

import be.belfort.dashboard.LiveChanges;
import be.belfort.dashboard.Texts;
import be.belfort.model.ReadScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One browser watching a city's live map over server-sent events: a bounded queue of changes and a virtual
 * thread that writes them out, with a comment every few seconds so that a viewer who left is noticed.
 */
final class LiveViewer implements LiveChanges.Viewer {
    static final int QUEUE = 256;
    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final SseClient client;
    private final ReadScope scope;
    private final Texts texts;
    private final View view;
    private final String segment;
    private final ObjectMapper json;
    private final BlockingQueue<LiveChanges.Change> queue = new ArrayBlockingQueue<>(QUEUE);

    LiveViewer(SseClient client, ReadScope scope, Texts texts, View view, String segment, ObjectMapper json) {
        this.client = client;
        this.scope = scope;
        this.texts = texts;
        this.view = view;
        this.segment = segment;
        this.json = json;
    }

    @Override
    public ReadScope scope() {
        return scope;
    }

    @Override
    public Texts texts() {
        return texts;
    }

    @Override
    public boolean offer(LiveChanges.Change change) {
        return queue.offer(change);
    }

    /** Writes changes until the browser is gone. */
    void send() {
        try {
            while (!client.terminated()) {
                LiveChanges.Change change = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (change == null) {
                    client.sendComment("still here");
                } else {
                    client.sendEvent("change", render(change));
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (JsonProcessingException | RuntimeException gone) {
            // The browser left or the answer cannot be written: this viewer is done.
        } finally {
            client.close();
        }
    }

    private String render(LiveChanges.Change change) throws JsonProcessingException {
        ObjectNode node = json.createObjectNode().put("id", change.row().id()).put("layer", change.layer())
                .put("name", change.row().name()).put("value", change.row().value()).put("band", change.row().band())
                .put("href", view.entity(segment, change.row().id()));
        if (change.row().lon() != null) {
            node.put("lon", change.row().lon()).put("lat", change.row().lat());
        }
        return json.writeValueAsString(node);
    }
}
