package be.belfort.federation;

import be.belfort.model.ReadScope;
import be.belfort.query.DistributedReads.DocumentKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentMergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void listsAreJoinedCountsAddUpAndDetailsMergeById() {
        JsonNode types = DocumentMerge.merge(json("{\"id\": \"urn:a\", \"type\": \"EntityTypeList\", \"typeList\": [\"A\", \"B\"]}"),
                json("{\"id\": \"urn:b\", \"type\": \"EntityTypeList\", \"typeList\": [\"B\", \"C\"]}"));
        assertThat(types.get("id").asText()).isEqualTo("urn:a");
        assertThat(types.get("typeList")).extracting(JsonNode::asText).containsExactly("A", "B", "C");

        JsonNode info = DocumentMerge.merge(json("""
                {"id": "https://t/A", "type": "EntityTypeInfo", "entityCount": 2,
                 "attributeDetails": [{"id": "https://t/x", "attributeTypes": ["Property"]}]}"""), json("""
                {"id": "https://t/A", "type": "EntityTypeInfo", "entityCount": 5,
                 "attributeDetails": [{"id": "https://t/x", "attributeTypes": ["Relationship"]}, {"id": "https://t/y"}]}"""));
        assertThat(info.get("entityCount").asInt()).isEqualTo(7);
        assertThat(info.get("attributeDetails")).hasSize(2);
        assertThat(info.at("/attributeDetails/0/attributeTypes")).hasSize(2);
    }

    @Test
    void theInstancesOfATemporalAttributeAreJoinedOnceAndEntityTypesMerged() {
        JsonNode merged = DocumentMerge.merge(json("""
                [{"id": "urn:e:1", "type": "A", "n": [{"type": "Property", "value": 1, "observedAt": "2026-01-01T00:00:00Z"}]}]"""),
                json("""
                [{"id": "urn:e:1", "type": "B", "n": {"type": "Property", "value": 1, "observedAt": "2026-01-01T00:00:00Z"}},
                 {"id": "urn:e:0", "type": "A", "n": {"type": "Property", "values": [[2, "2026-01-01T00:00:00Z"]]}}]"""));
        assertThat(merged).hasSize(2);
        assertThat(merged.at("/0/type")).extracting(JsonNode::asText).containsExactly("A", "B");
        assertThat(merged.at("/0/n")).as("the same instance from two sources, once").hasSize(1);
        assertThat(DocumentMerge.inIdOrder(merged)).extracting(entity -> entity.get("id").asText())
                .containsExactly("urn:e:0", "urn:e:1");
    }

    @Test
    void whatTheReaderMayNotSeeIsLeftOutOfASourcesDocument() {
        ReadScope scope = new ReadScope(Set.of("https://t/A"), Set.of(), Map.of("https://t/A", Set.of("https://t/secret")));
        java.util.function.UnaryOperator<String> expand = name -> "https://t/" + name;
        JsonNode types = DocumentMerge.readable(DocumentKind.ENTITY_TYPES,
                json("{\"typeList\": [\"A\", \"B\"]}"), scope, expand);
        assertThat(types.get("typeList")).extracting(JsonNode::asText).containsExactly("A");
        JsonNode attributes = DocumentMerge.readable(DocumentKind.ATTRIBUTES,
                json("{\"attributeList\": [\"secret\", \"open\"]}"), scope, expand);
        assertThat(attributes.get("attributeList")).extracting(JsonNode::asText).containsExactly("open");
        JsonNode entities = DocumentMerge.readable(DocumentKind.TEMPORAL_ENTITIES, json("""
                [{"id": "urn:1", "type": "A", "secret": [], "open": []}, {"id": "urn:2", "type": "B"}]"""), scope, expand);
        assertThat(entities).singleElement().satisfies(entity -> {
            assertThat(entity.has("secret")).isFalse();
            assertThat(entity.has("open")).isTrue();
        });
        assertThat(DocumentMerge.readable(DocumentKind.TEMPORAL_ENTITY, json("{\"id\": \"urn:2\", \"type\": \"B\"}"),
                scope, expand)).isNull();
    }

    @Test
    void anEntitysOwnMembersAreNotTakenForAttributesWhenItIsTrimmed() {
        ReadScope scope = new ReadScope(Set.of("https://t/A"), Set.of(), Map.of("https://t/A", Set.of("https://t/secret")));
        // As the core @context does: id and type are keywords, not names with an IRI.
        java.util.function.UnaryOperator<String> expand = name -> {
            if (name.equals("id") || name.equals("type")) {
                throw new IllegalArgumentException("The name '" + name + "' does not expand to an IRI");
            }
            return "https://t/" + name;
        };
        JsonNode entity = DocumentMerge.readable(DocumentKind.TEMPORAL_ENTITY,
                json("{\"id\": \"urn:1\", \"type\": \"A\", \"secret\": [], \"open\": []}"), scope,
                name -> name.equals("A") ? "https://t/A" : expand.apply(name));
        assertThat(entity.has("id")).isTrue();
        assertThat(entity.has("secret")).isFalse();
        assertThat(entity.has("open")).isTrue();
    }
}
