package be.belfort.query;

import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EntityOrderTest {
    private static final String SPOTS = "https://example.org/spots";

    private static Entity entity(String id, Object spots) {
        Map<String, List<ObjectNode>> attributes = new java.util.HashMap<>();
        if (spots != null) {
            ObjectNode instance = JsonNodeFactory.instance.objectNode().put("type", "Property");
            instance.set("value", spots instanceof Integer number ? JsonNodeFactory.instance.numberNode(number)
                    : JsonNodeFactory.instance.textNode(spots.toString()));
            attributes.put(SPOTS, List.of(instance));
        }
        return new Entity(id, List.of("https://example.org/Parking"), List.of(), Instant.EPOCH, Instant.EPOCH, attributes);
    }

    private static List<String> sorted(String orderBy, Entity... entities) {
        List<Entity> all = new ArrayList<>(List.of(entities));
        all.sort(EntityOrder.of(Ordering.parse(orderBy, name -> "https://example.org/" + name)));
        return all.stream().map(Entity::id).toList();
    }

    @Test
    void numbersByValueMissingValuesLastEitherWayTiesById() {
        Entity[] entities = {entity("e", 9), entity("a", 10), entity("b", null), entity("c", 100), entity("d", 9)};
        assertThat(sorted("spots", entities)).containsExactly("d", "e", "a", "c", "b");
        assertThat(sorted("spots;desc", entities)).containsExactly("c", "a", "d", "e", "b");
        assertThat(sorted("id;desc", entities)).containsExactly("e", "d", "c", "b", "a");
    }

    @Test
    void stringsComeBeforeNumbersAsInTheStore() {
        assertThat(sorted("spots", entity("n", 1), entity("s", "many"))).containsExactly("s", "n");
        assertThat(EntityOrder.of(null).compare(entity("a", 1), entity("b", 1))).isNegative();
    }
}
