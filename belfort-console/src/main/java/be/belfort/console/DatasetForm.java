package be.belfort.console;

import be.belfort.model.Names;
import be.belfort.model.NgsiLdException;
import be.belfort.opendata.AccessLevel;
import be.belfort.opendata.Dataset;
import be.belfort.opendata.DatasetMetadata;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The dataset form as the person typed it: every field kept as text, so that a refused form comes back with
 * what was typed. {@link #errors()} checks each field and names, per field, the text key of what is wrong;
 * only a form without errors becomes the admin API's request body ({@link #body()}), which the same
 * {@code Datasets} service then saves in one go.
 */
public record DatasetForm(String accessLevel, String titleNl, String titleEn, String descriptionNl,
                          String descriptionEn, String publisherId, String publisherName, String contactPoint,
                          String license, List<String> themes, String keywords, String updateFrequency,
                          String personalAttributes) {
    /** The EU data themes (publications.europa.eu authority table), by code. */
    public static final List<String> THEMES = List.of("AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR",
            "JUST", "REGI", "SOCI", "TECH", "TRAN");
    /** The EU frequencies the form offers, by code. */
    public static final List<String> FREQUENCIES = List.of("CONT", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ANNUAL",
            "IRREG");
    /** The licences a dataset may carry, as the admin API names them. */
    public static final List<String> LICENSES = List.of("cc0", "modellicentie-gratis-hergebruik");
    private static final String THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/";
    private static final int MAX_TEXT = 4000;

    public DatasetForm {
        themes = List.copyOf(themes);
    }

    /** An empty form for a type not declared yet: restricted, the safe default. */
    public static DatasetForm blank() {
        return new DatasetForm(AccessLevel.RESTRICTED.term(), "", "", "", "", "", "", "", "", List.of(), "", "", "");
    }

    /** The form of a dataset as declared, attribute IRIs as their names. */
    public static DatasetForm of(Dataset dataset, UnaryOperator<String> compact) {
        String personal = String.join(", ", dataset.personalAttributes().stream().map(compact).sorted().toList());
        DatasetMetadata metadata = dataset.metadata();
        if (metadata == null) {
            return new DatasetForm(dataset.access().term(), "", "", "", "", "", "", "", "", List.of(), "", "", personal);
        }
        String license = DatasetMetadata.CC0.equals(metadata.license()) ? "cc0"
                : DatasetMetadata.MODELLICENTIE_GRATIS_HERGEBRUIK.equals(metadata.license())
                ? "modellicentie-gratis-hergebruik" : metadata.license();
        return new DatasetForm(dataset.access().term(), metadata.title().getOrDefault("nl", ""),
                metadata.title().getOrDefault("en", ""), metadata.description().getOrDefault("nl", ""),
                metadata.description().getOrDefault("en", ""), metadata.publisherId(), metadata.publisherName(),
                metadata.contactPoint(), license, metadata.themes().stream().map(DatasetForm::lastSegment).toList(),
                String.join(", ", metadata.keywords()),
                metadata.updateFrequency() == null ? "" : lastSegment(metadata.updateFrequency()), personal);
    }

    /** The form as posted: a missing field is empty. */
    public static DatasetForm posted(Map<String, List<String>> fields) {
        return new DatasetForm(one(fields, "accessLevel"), one(fields, "titleNl"), one(fields, "titleEn"),
                one(fields, "descriptionNl"), one(fields, "descriptionEn"), one(fields, "publisherId"),
                one(fields, "publisherName"), one(fields, "contactPoint"), one(fields, "license"),
                fields.getOrDefault("themes", List.of()).stream().map(String::trim).filter(t -> !t.isEmpty()).toList(),
                one(fields, "keywords"), one(fields, "updateFrequency"), one(fields, "personalAttributes"));
    }

    public boolean opens() {
        return AccessLevel.OPEN.term().equals(accessLevel);
    }

    /** True when the person gave any catalogue metadata (then it is checked as strictly as for an open dataset). */
    public boolean describes() {
        return !(titleNl.isBlank() && titleEn.isBlank() && descriptionNl.isBlank() && descriptionEn.isBlank()
                && publisherId.isBlank() && publisherName.isBlank() && contactPoint.isBlank() && license.isBlank()
                && themes.isEmpty() && keywords.isBlank() && updateFrequency.isBlank());
    }

    /** What is wrong, field by field (the text key of each message); empty when the form may be saved. */
    public Map<String, String> errors() {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!List.of("open", "restricted", "personal").contains(accessLevel)) {
            errors.put("accessLevel", "form.error.accessLevel");
        }
        for (Map.Entry<String, String> text : Map.of("titleNl", titleNl, "titleEn", titleEn, "descriptionNl",
                descriptionNl, "descriptionEn", descriptionEn, "publisherName", publisherName, "keywords", keywords,
                "personalAttributes", personalAttributes).entrySet()) {
            if (text.getValue().length() > MAX_TEXT) {
                errors.put(text.getKey(), "form.error.tooLong");
            }
        }
        if (opens() || describes()) {
            required(errors, "titleNl", titleNl);
            required(errors, "descriptionNl", descriptionNl);
            required(errors, "publisherName", publisherName);
            if (publisherId.isBlank()) {
                errors.put("publisherId", "form.error.required");
            } else if (!isHttpIri(publisherId)) {
                errors.put("publisherId", "form.error.publisherId");
            }
            if (contactPoint.isBlank()) {
                errors.put("contactPoint", "form.error.required");
            } else if (contactPointIri() == null) {
                errors.put("contactPoint", "form.error.contactPoint");
            }
            if (license.isBlank()) {
                errors.put("license", "form.error.required");
            } else if (!LICENSES.contains(license)) {
                errors.put("license", "form.error.license");
            }
        }
        if (!THEMES.containsAll(themes)) {
            errors.put("themes", "form.error.theme");
        }
        if (!updateFrequency.isBlank() && !FREQUENCIES.contains(updateFrequency)) {
            errors.put("updateFrequency", "form.error.frequency");
        }
        for (String attribute : list(personalAttributes)) {
            try {
                Names.requireName("Attribute", attribute);
            } catch (NgsiLdException notAName) {
                errors.putIfAbsent("personalAttributes", "form.error.attribute");
            }
        }
        return errors;
    }

    /** The admin API's body for this form; call only when {@link #errors()} is empty. */
    public ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("accessLevel", accessLevel);
        if (opens() || describes()) {
            languages(body.putObject("title"), titleNl, titleEn);
            languages(body.putObject("description"), descriptionNl, descriptionEn);
            body.putObject("publisher").put("id", publisherId.trim()).put("name", publisherName.trim());
            body.put("contactPoint", contactPointIri());
            body.put("license", license);
            themes.forEach(body.putArray("themes")::add);
            list(keywords).forEach(body.withArray("keywords")::add);
            if (!updateFrequency.isBlank()) {
                body.put("updateFrequency", updateFrequency);
            }
        }
        List<String> personal = list(personalAttributes);
        if (!personal.isEmpty()) {
            personal.forEach(body.putArray("personalAttributes")::add);
        }
        return body;
    }

    /** The theme IRIs of the chosen codes, for the catalogue preview. */
    public List<String> themeIris() {
        return themes.stream().map(code -> THEME_BASE + code).toList();
    }

    /** An e-mail address becomes a mailto: IRI; an https: or mailto: IRI stays; anything else is null. */
    String contactPointIri() {
        String given = contactPoint.trim();
        if (given.matches("[^@\\s:/]+@[^@\\s:/]+\\.[^@\\s:/]+")) {
            return "mailto:" + given;
        }
        if (given.startsWith("mailto:") && given.length() > 7 && given.contains("@")) {
            return given;
        }
        return given.startsWith("https://") && isHttpIri(given) ? given : null;
    }

    private static boolean isHttpIri(String text) {
        try {
            URI uri = new URI(text.trim());
            return uri.isAbsolute() && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void languages(ObjectNode node, String dutch, String english) {
        node.put("nl", dutch.trim());
        if (!english.isBlank()) {
            node.put("en", english.trim());
        }
    }

    private static void required(Map<String, String> errors, String field, String value) {
        if (value.isBlank()) {
            errors.putIfAbsent(field, "form.error.required");
        }
    }

    /** A comma-separated list, each item trimmed, empty items left out. */
    static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    private static String one(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() || values.getFirst() == null ? "" : values.getFirst();
    }

    private static String lastSegment(String iri) {
        return iri.substring(iri.lastIndexOf('/') + 1);
    }

    /** The fields, for carrying a previewed form to its confirmation unchanged. */
    public List<Map.Entry<String, String>> hiddenFields() {
        List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(Map.entry("accessLevel", accessLevel),
                Map.entry("titleNl", titleNl), Map.entry("titleEn", titleEn), Map.entry("descriptionNl", descriptionNl),
                Map.entry("descriptionEn", descriptionEn), Map.entry("publisherId", publisherId),
                Map.entry("publisherName", publisherName), Map.entry("contactPoint", contactPoint),
                Map.entry("license", license), Map.entry("keywords", keywords),
                Map.entry("updateFrequency", updateFrequency), Map.entry("personalAttributes", personalAttributes)));
        themes.forEach(theme -> fields.add(Map.entry("themes", theme)));
        return fields;
    }
}
