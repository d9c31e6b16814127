package be.belfort.dashboard;

import be.belfort.model.Entity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** An entity's attributes in plain language: a label, the value as text with its unit, when it was observed. */
public final class EntityDetails {
    private final UnaryOperator<String> compact;

    public EntityDetails(UnaryOperator<String> compact) {
        this.compact = compact;
    }

    /**
     * One attribute.
     *
     * @param name     its name under the core @context (for the history link)
     * @param target   the id a Relationship points to, or null
     * @param numeric  whether it has a numeric value, and so a history chart
     */
    public record Row(String name, String label, String value, String unit, Instant observedAt, String target,
                      boolean numeric) {
    }

    public String typeName(Entity entity) {
        return entity.types().isEmpty() ? "" : compact.apply(entity.types().getFirst());
    }

    public String name(Entity entity) {
        return Attributes.name(entity, compact);
    }

    public List<Row> rows(Entity entity, Texts texts) {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<ObjectNode>> attribute : entity.attributes().entrySet()) {
            if (attribute.getValue().isEmpty()) {
                continue;
            }
            ObjectNode instance = attribute.getValue().getFirst();
            String name = compact.apply(attribute.getKey());
            String type = instance.path("type").asText("");
            JsonNode value = switch (type) {
                case "Relationship" -> instance.get("object");
                case "LanguageProperty" -> languageValue(instance.path("languageMap"), texts);
                case "VocabProperty" -> instance.get("vocab");
                case "JsonProperty" -> instance.get("json");
                case "ListProperty" -> instance.get("valueList");
                case "ListRelationship" -> instance.get("objectList");
                default -> instance.get("value");
            };
            String text = type.equals("GeoProperty") ? geometry(value, texts) : Attributes.text(value, texts);
            String target = type.equals("Relationship") && value != null && value.isTextual() ? value.asText() : null;
            String observed = instance.path("observedAt").asText(null);
            rows.add(new Row(name, Labels.attribute(texts, name), text,
                    Labels.unit(texts, instance.path("unitCode").asText(null)), parse(observed), target,
                    value != null && value.isNumber()));
        }
        rows.sort(Comparator.comparing(Row::label, String.CASE_INSENSITIVE_ORDER));
        return rows;
    }

    private static JsonNode languageValue(JsonNode map, Texts texts) {
        JsonNode own = map.get(texts.language().code());
        return own != null ? own : map.elements().hasNext() ? map.elements().next() : null;
    }

    private static String geometry(JsonNode value, Texts texts) {
        if (value != null && "Point".equals(value.path("type").asText()) && value.path("coordinates").size() >= 2) {
            return texts.format("value.point", texts.coordinate(value.get("coordinates").get(1).doubleValue()),
                    texts.coordinate(value.get("coordinates").get(0).doubleValue()));
        }
        return value == null ? "" : value.path("type").asText("");
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }
}
