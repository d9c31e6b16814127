package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * q over a LanguageProperty (ETSI GS CIM 009 v1.8, clause 4.9): {@code street[nl]==…} compares the Dutch text only,
 * {@code street[*]==…} and a plain {@code street==…} the text of any language.
 */
class LanguageQueryTest {
    private static final String TENANT = "language-q";
    private static final Http HTTP = new Http(TestPlatform.shared().port());

    @BeforeAll
    static void twoStreets() {
        String[][] streets = {{"1", "Kouter", "Kouter square"}, {"2", "Vrijdagmarkt", "Friday market"}};
        for (String[] street : streets) {
            Http.Answer created = HTTP.post("/ngsi-ld/v1/entities", "{\"id\": \"urn:ngsi-ld:Street:" + street[0]
                    + "\", \"type\": \"Street\", \"street\": {\"type\": \"LanguageProperty\", \"languageMap\": {\"nl\": \""
                    + street[1] + "\", \"en\": \"" + street[2] + "\"}}}", "Content-Type", "application/json",
                    "NGSILD-Tenant", TENANT);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
    }

    private static List<String> ids(String q) {
        Http.Answer answer = HTTP.get("/ngsi-ld/v1/entities?type=Street&q=" + java.net.URLEncoder.encode(q,
                java.nio.charset.StandardCharsets.UTF_8), "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(q + ": " + answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode entity : answer.json()) {
            ids.add(entity.get("id").asText());
        }
        return ids;
    }

    @Test
    void aLanguageTagInBracketsComparesThatLanguagesTextOnly() {
        assertThat(ids("street[en]==\"Kouter square\"")).containsExactly("urn:ngsi-ld:Street:1");
        assertThat(ids("street[nl]==\"Kouter square\"")).isEmpty();
        assertThat(ids("street[nl]~=markt$")).containsExactly("urn:ngsi-ld:Street:2");
    }

    @Test
    void aStarOrNoTagComparesTheTextOfAnyLanguage() {
        assertThat(ids("street[*]==\"Friday market\"")).containsExactly("urn:ngsi-ld:Street:2");
        assertThat(ids("street==\"Kouter\"")).containsExactly("urn:ngsi-ld:Street:1");
    }
}
