package be.belfort.console;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetFormTest {

    private static Map<String, List<String>> complete() {
        Map<String, List<String>> fields = new HashMap<>();
        fields.put("accessLevel", List.of("open"));
        fields.put("titleNl", List.of("Parkings"));
        fields.put("descriptionNl", List.of("Vrije plaatsen"));
        fields.put("publisherName", List.of("Stad Gent"));
        fields.put("publisherId", List.of("https://data.vlaanderen.be/id/organisatie/OVO002949"));
        fields.put("contactPoint", List.of("opendata@stad.gent"));
        fields.put("license", List.of("modellicentie-gratis-hergebruik"));
        fields.put("themes", List.of("TRAN", "REGI"));
        fields.put("keywords", List.of(" parking ,, mobiliteit "));
        fields.put("updateFrequency", List.of("DAILY"));
        fields.put("personalAttributes", List.of("ownerName, phone"));
        return fields;
    }

    @Test
    void aCompleteFormBecomesTheAdminApisBody() {
        DatasetForm form = DatasetForm.posted(complete());
        assertThat(form.errors()).isEmpty();
        assertThat(form.body().toString()).isEqualTo("{\"accessLevel\":\"open\",\"title\":{\"nl\":\"Parkings\"},"
                + "\"description\":{\"nl\":\"Vrije plaatsen\"},\"publisher\":{\"id\":"
                + "\"https://data.vlaanderen.be/id/organisatie/OVO002949\",\"name\":\"Stad Gent\"},"
                + "\"contactPoint\":\"mailto:opendata@stad.gent\",\"license\":\"modellicentie-gratis-hergebruik\","
                + "\"themes\":[\"TRAN\",\"REGI\"],\"keywords\":[\"parking\",\"mobiliteit\"],\"updateFrequency\":\"DAILY\","
                + "\"personalAttributes\":[\"ownerName\",\"phone\"]}");
    }

    @Test
    void eachMistakeIsNamedAtItsField() {
        Map<String, List<String>> fields = complete();
        fields.put("titleNl", List.of("  "));
        fields.put("publisherId", List.of("OVO002949"));
        fields.put("contactPoint", List.of("http://insecure.example"));
        fields.put("license", List.of("gpl"));
        fields.put("themes", List.of("TRAN", "MAGIC"));
        fields.put("updateFrequency", List.of("SOMETIMES"));
        fields.put("personalAttributes", List.of("owner name"));
        fields.put("accessLevel", List.of("public"));
        assertThat(DatasetForm.posted(fields).errors()).containsOnly(
                Map.entry("titleNl", "form.error.required"), Map.entry("publisherId", "form.error.publisherId"),
                Map.entry("contactPoint", "form.error.contactPoint"), Map.entry("license", "form.error.license"),
                Map.entry("themes", "form.error.theme"), Map.entry("updateFrequency", "form.error.frequency"),
                Map.entry("personalAttributes", "form.error.attribute"), Map.entry("accessLevel", "form.error.accessLevel"));
    }

    @Test
    void aRestrictedDatasetWithoutDescriptionNeedsNoMetadata() {
        DatasetForm form = DatasetForm.posted(Map.of("accessLevel", List.of("restricted")));
        assertThat(form.errors()).isEmpty();
        assertThat(form.body().toString()).isEqualTo("{\"accessLevel\":\"restricted\"}");
        DatasetForm described = DatasetForm.posted(Map.of("accessLevel", List.of("restricted"), "titleNl", List.of("x")));
        assertThat(described.errors()).containsKeys("descriptionNl", "publisherId", "contactPoint", "license");
    }

    @Test
    void whatWasTypedIsKeptForTheConfirmation() {
        DatasetForm form = DatasetForm.posted(complete());
        Map<String, List<String>> again = new HashMap<>();
        form.hiddenFields().forEach(field -> again.computeIfAbsent(field.getKey(), k -> new java.util.ArrayList<>())
                .add(field.getValue()));
        assertThat(DatasetForm.posted(again)).isEqualTo(form);
    }
}
