package be.belfort.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which attribute instances an operation wrote, so that each becomes one entry of the entity's
 * history. Every operation stamps the instances it writes, and the entity, with the same modifiedAt;
 * instances it left alone keep an older one.
 */
public final class History {
    /** One written instance of one attribute. */
    public record Written(String attribute, ObjectNode instance) {
    }

    private History() {
    }

    public static List<Written> writtenBy(Entity entity) {
        List<Written> written = new ArrayList<>();
        String modifiedAt = entity.modifiedAt() == null ? null : entity.modifiedAt().toString();
        for (Map.Entry<String, List<ObjectNode>> attribute : entity.attributes().entrySet()) {
            for (ObjectNode instance : attribute.getValue()) {
                if (modifiedAt != null && modifiedAt.equals(instance.path(Members.MODIFIED_AT).asText())) {
                    written.add(new Written(attribute.getKey(), instance));
                }
            }
        }
        return written;
    }
}
