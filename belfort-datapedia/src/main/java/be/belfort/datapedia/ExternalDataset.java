package be.belfort.datapedia;

import java.util.List;
import java.util.Map;

/**
 * A dataset described in a harvested DCAT(-AP) catalogue: what the datapedia needs to match it to a need and a city
 * and to judge how it can be had.
 *
 * @param conformsTo    dct:conformsTo of the dataset and its distributions (a Smart Data Model, LDES…)
 * @param accessRights  dct:accessRights (an EU access-right IRI), or null
 */
public record ExternalDataset(String iri, Map<String, String> title, String publisher, String publisherIri,
                              String contact, String license, String accessRights, String updateFrequency,
                              List<String> conformsTo, List<String> keywords, List<String> types, List<String> spatial,
                              List<Distribution> distributions, String modified) {
    public ExternalDataset {
        title = Map.copyOf(title);
        conformsTo = List.copyOf(conformsTo);
        keywords = List.copyOf(keywords);
        types = List.copyOf(types);
        spatial = List.copyOf(spatial);
        distributions = List.copyOf(distributions);
    }

    /** One way to get the data: an access or download URL with its format. */
    public record Distribution(String accessUrl, String downloadUrl, String format, List<String> conformsTo) {
        public Distribution {
            conformsTo = List.copyOf(conformsTo);
        }
    }

    /**
     * True when the dataset is about the type: a conformsTo, dct:type or keyword names the type or its data model (by
     * its last path segment, case aside).
     */
    public boolean isAbout(String typeName, String dataModel) {
        java.util.stream.Stream<String> names = java.util.stream.Stream.of(conformsTo, types, keywords).flatMap(List::stream);
        return names.anyMatch(name -> matches(name, typeName) || (dataModel != null && name.contains(dataModel + "/" + typeName)));
    }

    private static boolean matches(String name, String typeName) {
        String last = name.replaceAll("/+$", "");
        last = last.substring(Math.max(last.lastIndexOf('/'), last.lastIndexOf('#')) + 1);
        return last.equalsIgnoreCase(typeName) || last.equalsIgnoreCase("schema.json") && name.contains("/" + typeName + "/");
    }

    public String titleIn(String language) {
        return Question.in(title, language).isEmpty() ? title.values().stream().findFirst().orElse(iri)
                : Question.in(title, language);
    }
}
