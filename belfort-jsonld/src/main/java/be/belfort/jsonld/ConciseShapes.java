package be.belfort.jsonld;

import be.belfort.model.AttributeType;
import be.belfort.model.GeoJson;
import be.belfort.model.Members;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The shapes by which concise NGSI-LD tells attributes apart. The reader uses them to infer an
 * attribute's type; the renderer uses them to know when a bare value cannot be misread.
 */
final class ConciseShapes {
    private ConciseShapes() {
    }

    /** Whether the object carries the value member of some attribute type ({@code value}, {@code object}, ...). */
    static boolean hasValueMember(JsonNode object) {
        for (AttributeType type : AttributeType.values()) {
            if (object.has(type.valueMember())) {
                return true;
            }
        }
        return false;
    }

    /** Whether the object reads as an attribute: it names an attribute type or has a value member. */
    static boolean looksLikeAttribute(JsonNode element) {
        return element.isObject() && (element.has(Members.TYPE)
                && AttributeType.ofTerm(element.path(Members.TYPE).asText()).isPresent() || hasValueMember(element));
    }

    /** Whether an array reads as the instances of a multi-attribute rather than as a value. */
    static boolean looksLikeInstances(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return false;
        }
        for (JsonNode element : array) {
            if (!looksLikeAttribute(element)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a Property value can stand alone in concise form and still be read back as that value. */
    static boolean standsAlone(JsonNode value) {
        if (value.isObject()) {
            return !looksLikeAttribute(value) && !GeoJson.looksLikeGeometry(value);
        }
        if (value.isArray()) {
            return !looksLikeInstances(value);
        }
        return true;
    }
}
