package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ultralight 2.0 measures, as the FIWARE IoT Agent defines them: {@code key|value} pairs separated by {@code |}
 * ({@code t|21.5|h|40}), several groups separated by {@code #}, each group optionally led by its observation time
 * ({@code 2026-12-01T10:00:00Z|t|21.5}). Every value is text; the device's mapping gives it its type.
 */
public final class UltralightParser {
    private UltralightParser() {
    }

    /** Each group's measures in order, the leading time (if any) under {@code timeKey}. */
    public static List<Map<String, JsonNode>> parse(String payload, String timeKey) {
        String body = payload.strip();
        if (body.isEmpty()) {
            throw NgsiLdException.invalidRequest("The Ultralight payload is empty");
        }
        List<Map<String, JsonNode>> groups = new ArrayList<>();
        int number = 0;
        for (String group : body.split("#", -1)) {
            number++;
            groups.add(group(group.strip(), timeKey, number));
        }
        return groups;
    }

    private static Map<String, JsonNode> group(String group, String timeKey, int number) {
        if (group.isEmpty()) {
            throw NgsiLdException.invalidRequest("Ultralight group " + number + " is empty");
        }
        String[] fields = group.split("\\|", -1);
        Map<String, JsonNode> measures = new LinkedHashMap<>();
        int first = 0;
        if (fields.length % 2 == 1) {
            if (!isDateTime(fields[0])) {
                throw NgsiLdException.invalidRequest("Ultralight group " + number + " has a key without a value: '"
                        + fields[fields.length - 1] + "' (expected key|value pairs such as t|21.5|h|40)");
            }
            measures.put(timeKey, TextNode.valueOf(fields[0]));
            first = 1;
        }
        for (int i = first; i < fields.length; i += 2) {
            String key = fields[i].strip();
            if (key.isEmpty()) {
                throw NgsiLdException.invalidRequest("Ultralight group " + number + " has an empty key at field " + (i + 1));
            }
            if (measures.put(key, TextNode.valueOf(fields[i + 1].strip())) != null) {
                throw NgsiLdException.invalidRequest("Ultralight group " + number + " has the key '" + key + "' twice");
            }
        }
        return measures;
    }

    private static boolean isDateTime(String field) {
        try {
            OffsetDateTime.parse(field.strip());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
