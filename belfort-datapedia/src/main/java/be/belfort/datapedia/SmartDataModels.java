package be.belfort.datapedia;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Smart Data Models entity types the datapedia knows: their subject and the properties their schema requires. */
public final class SmartDataModels {
    /** One model: its subject ({@code dataModel.Parking}) and the properties its schema requires beside id and type. */
    public record Model(String type, String dataModel, List<String> required) {
        public String url() {
            return "https://github.com/smart-data-models/" + dataModel + "/tree/master/" + type;
        }
    }

    private final Map<String, Model> byType;

    private SmartDataModels(Map<String, Model> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** The index bundled with the platform. */
    public static SmartDataModels bundled() {
        Map<String, Model> models = new HashMap<>();
        try (InputStream in = SmartDataModels.class.getResourceAsStream("smart-data-models.tsv")) {
            if (in == null) {
                throw new IllegalStateException("The Smart Data Models index is missing from the jar");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                List<String> required = columns.length < 3 || columns[2].isBlank() ? List.of()
                        : Arrays.stream(columns[2].split(",")).map(String::trim).toList();
                models.put(columns[0], new Model(columns[0], columns[1], required));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SmartDataModels(models);
    }

    /** The model of a type name, or null. */
    public Model of(String typeName) {
        return byType.get(typeName);
    }
}
