package be.belfort.dashboard.http;

import be.belfort.dashboard.Cities;
import be.belfort.dashboard.LiveChanges;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A live change as the city page reads it, framed as a server-sent event once for all the viewers who share it:
 * {@code event: change} with {@code {"id","layer","name","value","band","href","lon","lat"}} as its data (one line:
 * JSON as Jackson writes it has no line break).
 */
public final class LiveEvents implements LiveChanges.Renderer {
    private final ObjectMapper json;

    public LiveEvents(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public byte[] render(String tenant, LiveChanges.Change change) {
        ObjectNode node = json.createObjectNode().put("id", change.row().id()).put("layer", change.layer())
                .put("name", change.row().name()).put("value", change.row().value()).put("band", change.row().band())
                .put("href", View.entityPath(Cities.segment(tenant), change.row().id()));
        if (change.row().lon() != null) {
            node.put("lon", change.row().lon()).put("lat", change.row().lat());
        }
        try {
            return ("event: change\ndata: " + json.writeValueAsString(node) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
