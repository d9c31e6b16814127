package be.belfort.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How complete a dataset's entities are against the attributes of their model: per attribute, how many entities
 * lack it, and the share of all expected values present.
 *
 * @param expected the model's attributes, in the model's order
 * @param missing  per expected attribute that some entity lacks, how many lack it
 * @param share    the share of the expected values present, from 0 to 1; 1 when nothing is expected
 */
public record Completeness(List<String> expected, Map<String, Integer> missing, double share) {
    /** @param present per entity, the names of the attributes it has */
    public static Completeness of(List<String> expected, List<Set<String>> present) {
        Map<String, Integer> missing = new LinkedHashMap<>();
        long found = 0;
        for (String attribute : expected) {
            int lacking = 0;
            for (Set<String> attributes : present) {
                if (attributes.contains(attribute)) {
                    found++;
                } else {
                    lacking++;
                }
            }
            if (lacking > 0) {
                missing.put(attribute, lacking);
            }
        }
        long possible = (long) expected.size() * present.size();
        return new Completeness(List.copyOf(expected), missing, possible == 0 ? 1 : (double) found / possible);
    }

    /** The expected attributes no entity lacks. */
    public List<String> complete() {
        List<String> complete = new ArrayList<>(expected);
        complete.removeAll(missing.keySet());
        return complete;
    }
}
