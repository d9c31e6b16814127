package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * Bulk provisioning from a spreadsheet: a CSV file with a header row, one device per row, read into the same
 * {@code {"devices": [...]}} document as the JSON provisioning. Columns named like the device members
 * ({@code device_id}, {@code entity_name}, {@code entity_type}, {@code protocol}, {@code apikey}, {@code dev_eui},
 * {@code observed_at_key}) set them; {@code latitude} and {@code longitude} together become the static
 * {@code location}; any other column is a static attribute of that name with the cell as text. Empty cells say
 * nothing. The measurement mappings come from the device group.
 */
public final class DeviceCsv {
    private static final Set<String> MEMBERS = Set.of("device_id", "entity_name", "entity_type", "protocol", "apikey",
            "dev_eui", "observed_at_key");
    private static final int MAX_ROWS = 10_000;

    private DeviceCsv() {
    }

    public static ObjectNode devices(String csv) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        ArrayNode devices = document.putArray("devices");
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            List<String> columns = parser.getHeaderNames();
            if (!columns.contains("device_id")) {
                throw NgsiLdException.badData("The CSV needs a header row with a 'device_id' column");
            }
            for (CSVRecord row : parser) {
                if (devices.size() == MAX_ROWS) {
                    throw NgsiLdException.badData("A CSV may provision at most " + MAX_ROWS + " devices at once");
                }
                devices.add(device(row, columns));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw NgsiLdException.badData("The CSV cannot be read: " + e.getMessage());
        }
        return document;
    }

    private static ObjectNode device(CSVRecord row, List<String> columns) {
        if (!row.isConsistent()) {
            throw NgsiLdException.badData("Row " + row.getRecordNumber() + " has " + row.size() + " cells, the header "
                    + columns.size());
        }
        ObjectNode device = JsonNodeFactory.instance.objectNode();
        ArrayNode statics = JsonNodeFactory.instance.arrayNode();
        for (String column : columns) {
            String cell = row.get(column);
            if (cell.isEmpty() || column.equals("latitude") || column.equals("longitude")) {
                continue;
            }
            if (MEMBERS.contains(column)) {
                device.put(column, cell);
            } else {
                statics.addObject().put("name", column).put("type", "Text").put("value", cell);
            }
        }
        String latitude = columns.contains("latitude") ? row.get("latitude") : "";
        String longitude = columns.contains("longitude") ? row.get("longitude") : "";
        if (!latitude.isEmpty() || !longitude.isEmpty()) {
            statics.addObject().put("name", "location").put("type", "geo:point").put("value", latitude + ", " + longitude);
        }
        if (!statics.isEmpty()) {
            device.set("static_attributes", statics);
        }
        return device;
    }
}
