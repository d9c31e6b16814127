package be.belfort.opendata;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a publisher tells about a dataset, in the terms of DCAT-AP Vlaanderen: title and description
 * (Dutch required, English recommended), publisher, contact point, licence, themes, keywords, spatial
 * coverage and update frequency.
 *
 * @param publisherType   the kind of publisher, an ADMS publisher type IRI (such as …/publishertype/LocalAuthority), or null
 * @param license         the licence IRI: CC0 1.0 or the Flemish Modellicentie Gratis Hergebruik
 * @param updateFrequency an EU frequency IRI, or null
 */
public record DatasetMetadata(Map<String, String> title, Map<String, String> description, String publisherId,
                              String publisherName, String publisherType, String contactPoint, String license,
                              List<String> themes, List<String> keywords, List<String> spatial, String updateFrequency) {

    public static final String CC0 = "http://creativecommons.org/publicdomain/zero/1.0/";
    public static final String MODELLICENTIE_GRATIS_HERGEBRUIK =
            "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0";
    static final String FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/";
    static final String DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/";
    static final String PUBLISHER_TYPE = "http://purl.org/adms/publishertype/";

    /**
     * Reads the metadata of an admin request. Every missing mandatory member is named in one
     * BadRequestData, so that a publisher fixes them all at once.
     */
    public static DatasetMetadata parse(JsonNode body) {
        List<String> missing = new ArrayList<>();
        Map<String, String> title = languages(body, "title", missing);
        Map<String, String> description = languages(body, "description", missing);
        JsonNode publisher = body.path("publisher");
        String publisherId = uriOrNull(publisher.path("id"), "publisher.id");
        String publisherName = text(publisher.path("name"));
        if (publisherId == null) {
            missing.add("publisher.id (an IRI of the organisation, such as https://data.vlaanderen.be/id/organisatie/…)");
        }
        if (publisherName == null) {
            missing.add("publisher.name");
        }
        String publisherType = text(publisher.path("type"));
        if (publisherType != null) {
            publisherType = publisherType.contains(":") ? requireUri(publisherType, "publisher.type")
                    : PUBLISHER_TYPE + publisherType;
        }
        String contactPoint = uriOrNull(body.path("contactPoint"), "contactPoint");
        if (contactPoint == null) {
            missing.add("contactPoint (mailto: or https: URI)");
        }
        String license = license(text(body.path("license")));
        if (license == null) {
            missing.add("license (cc0 or modellicentie-gratis-hergebruik)");
        }
        if (!missing.isEmpty()) {
            throw NgsiLdException.badData("The dataset metadata lacks what DCAT-AP Vlaanderen requires: "
                    + String.join(", ", missing));
        }
        List<String> themes = new ArrayList<>();
        for (String theme : strings(body, "themes")) {
            themes.add(theme.contains(":") ? requireUri(theme, "themes") : DATA_THEME + theme);
        }
        List<String> spatial = new ArrayList<>();
        for (String place : strings(body, "spatial")) {
            spatial.add(requireUri(place, "spatial"));
        }
        String frequency = text(body.path("updateFrequency"));
        if (frequency != null && !frequency.contains(":")) {
            frequency = FREQUENCY + frequency.toUpperCase(java.util.Locale.ROOT);
        } else if (frequency != null) {
            requireUri(frequency, "updateFrequency");
        }
        return new DatasetMetadata(title, description, publisherId, publisherName, publisherType, contactPoint, license, themes,
                strings(body, "keywords"), spatial, frequency);
    }

    /** The metadata as the admin API shows it (and as it is stored). */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode titles = out.putObject("title");
        title.forEach(titles::put);
        ObjectNode descriptions = out.putObject("description");
        description.forEach(descriptions::put);
        ObjectNode publisher = out.putObject("publisher").put("id", publisherId).put("name", publisherName);
        if (publisherType != null) {
            publisher.put("type", publisherType);
        }
        out.put("contactPoint", contactPoint);
        out.put("license", license);
        themes.forEach(out.withArray("themes")::add);
        keywords.forEach(out.withArray("keywords")::add);
        spatial.forEach(out.withArray("spatial")::add);
        if (updateFrequency != null) {
            out.put("updateFrequency", updateFrequency);
        }
        return out;
    }

    private static Map<String, String> languages(JsonNode body, String member, List<String> missing) {
        JsonNode node = body.path(member);
        Map<String, String> texts = new LinkedHashMap<>();
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
                    throw NgsiLdException.badData(member + "." + entry.getKey() + " must be a non-empty string");
                }
                if (!entry.getKey().matches("[a-z]{2,3}(-[A-Za-z0-9]+)*")) {
                    throw NgsiLdException.badData(member + " is keyed by language tags such as nl and en, not "
                            + entry.getKey());
                }
                texts.put(entry.getKey(), entry.getValue().asText());
            });
        } else if (!node.isMissingNode() && !node.isNull()) {
            throw NgsiLdException.badData(member + " must be an object of texts by language, such as {\"nl\": …, \"en\": …}");
        }
        if (!texts.containsKey("nl")) {
            missing.add(member + ".nl");
        }
        return texts;
    }

    private static String license(String given) {
        if (given == null) {
            return null;
        }
        return switch (given) {
            case "cc0", CC0, "https://creativecommons.org/publicdomain/zero/1.0/" -> CC0;
            case "modellicentie-gratis-hergebruik", MODELLICENTIE_GRATIS_HERGEBRUIK -> MODELLICENTIE_GRATIS_HERGEBRUIK;
            default -> throw NgsiLdException.badData("license must be cc0 (" + CC0 + ") or modellicentie-gratis-hergebruik ("
                    + MODELLICENTIE_GRATIS_HERGEBRUIK + "), not " + given);
        };
    }

    private static List<String> strings(JsonNode body, String member) {
        JsonNode node = body.path(member);
        List<String> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw NgsiLdException.badData(member + " must be an array of strings");
        }
        node.forEach(value -> {
            if (!value.isTextual() || value.asText().isBlank()) {
                throw NgsiLdException.badData(member + " must hold non-empty strings");
            }
            values.add(value.asText());
        });
        return values;
    }

    private static String text(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw NgsiLdException.badData("Expected a string, not " + node);
        }
        return node.asText().isBlank() ? null : node.asText();
    }

    private static String uriOrNull(JsonNode node, String member) {
        String text = text(node);
        return text == null ? null : requireUri(text, member);
    }

    private static String requireUri(String text, String member) {
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute()) {
                throw NgsiLdException.badData(member + " must be an absolute IRI, not " + text);
            }
            return text;
        } catch (URISyntaxException e) {
            throw NgsiLdException.badData(member + " must be an absolute IRI, not " + text);
        }
    }
}
