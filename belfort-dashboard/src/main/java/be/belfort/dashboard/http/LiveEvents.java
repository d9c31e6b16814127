package be.belfort.dashboard.http;

import be.belfort.dashboard.Cities;
import be.belfort.dashboard.LiveChanges;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/** A live change as the city page reads it: {@code {"id","layer","name","value","band","href","lon","lat"}}. */
public final class LiveEvents implements LiveChanges.Renderer {
    private final ObjectMapper json;

    public LiveEvents(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String render(String tenant, LiveChanges.Change change) {
        ObjectNode node = json.createObjectNode().put("id", change.row().id()).put("layer", change.layer())
                .put("name", change.row().name()).put("value", change.row().value()).put("band", change.row().band())
                .put("href", View.entityPath(Cities.segment(tenant), change.row().id()));
        if (change.row().lon() != null) {
            node.put("lon", change.row().lon()).put("lat", change.row().lat());
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
