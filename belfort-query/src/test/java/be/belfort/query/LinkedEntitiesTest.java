package be.belfort.query;

import be.belfort.model.Entity;
import be.belfort.model.NgsiLdException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkedEntitiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Map<String, Entity> store = new LinkedHashMap<>();
    private final List<Collection<String>> fetches = new ArrayList<>();

    private Entity entity(String id, String... links) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        for (int i = 0; i < links.length; i++) {
            ObjectNode relationship = NODES.objectNode().put("type", "Relationship").put("object", links[i]);
            attributes.put("https://example.org/link" + i, List.of(relationship));
        }
        Entity entity = new Entity(id, List.of("https://example.org/Thing"), null, null, null, attributes);
        store.put(id, entity);
        return entity;
    }

    private List<Entity> fetch(Collection<String> ids) {
        fetches.add(List.copyOf(ids));
        return ids.stream().map(store::get).filter(java.util.Objects::nonNull).toList();
    }

    @Test
    void aCycleIsWalkedOnceAndEachLevelIsOneFetch() {
        Entity a = entity("urn:a", "urn:b", "urn:c");
        entity("urn:b", "urn:a", "urn:d");
        entity("urn:c", "urn:missing");
        entity("urn:d", "urn:a");
        Map<String, Entity> linked = LinkedEntities.collect(List.of(a), Join.of("flat", "10", null), this::fetch);
        assertThat(linked.keySet()).containsExactly("urn:b", "urn:c", "urn:d");
        assertThat(fetches).containsExactly(List.of("urn:b", "urn:c"), List.of("urn:d", "urn:missing"));
    }

    @Test
    void theJoinLevelAndContainedByBoundTheWalk() {
        Entity a = entity("urn:a", "urn:b", "urn:c");
        entity("urn:b", "urn:d");
        entity("urn:c");
        entity("urn:d");
        assertThat(LinkedEntities.collect(List.of(a), Join.of("inline", null, null), this::fetch).keySet())
                .containsExactly("urn:b", "urn:c");
        assertThat(LinkedEntities.collect(List.of(a), Join.of("inline", "2", "urn:c"), this::fetch).keySet())
                .containsExactly("urn:b", "urn:d");
        assertThat(LinkedEntities.collect(List.of(a), Join.NONE, this::fetch)).isEmpty();
    }

    @Test
    void moreLinkedEntitiesThanTheLimitIsTooManyResults() {
        String[] links = new String[LinkedEntities.MAX_LINKED + 1];
        for (int i = 0; i < links.length; i++) {
            links[i] = "urn:x:" + i;
        }
        Entity hub = entity("urn:hub", links);
        assertThatThrownBy(() -> LinkedEntities.collect(List.of(hub), Join.of("flat", null, null), this::fetch))
                .isInstanceOf(NgsiLdException.class).hasMessageContaining("joinLevel");
        assertThat(fetches).isEmpty();
    }

    @Test
    void aJoinIsReadFromItsParameters() {
        assertThat(Join.of(null, "3", null).isNone()).isTrue();
        assertThat(Join.of("flat", " 2 ", "urn:a,urn:b")).isEqualTo(new Join(Join.Mode.FLAT, 2, java.util.Set.of("urn:a", "urn:b")));
        assertThatThrownBy(() -> Join.of("nested", null, null)).hasMessageContaining("nested");
        assertThatThrownBy(() -> Join.of("flat", "-1", null)).hasMessageContaining("positive");
    }
}
