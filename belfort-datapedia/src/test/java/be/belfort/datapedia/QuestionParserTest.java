package be.belfort.datapedia;

import be.belfort.datamodels.DataModels;
import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuestionParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Region REGION = new Region() {
        @Override
        public boolean hasCity(String city) {
            return Set.of("gent", "leuven").contains(city);
        }

        @Override
        public boolean hasType(String type, List<String> cities) {
            return type.equals("https://example.org/Bench");
        }

        @Override
        public List<String> cities() {
            return List.of("gent", "leuven");
        }
    };
    private final QuestionParser parser = new QuestionParser(name -> name.contains(":") ? name : "https://example.org/" + name,
            iri -> iri.replace("https://example.org/", ""), REGION, DataModels.bundled());

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static final String NEEDS = "'needs': [{'entityType': 'OffStreetParking', 'attributes': ['availableSpotNumber'],"
            + " 'freshness': 'PT15M', 'history': 'P1Y'}]";

    @Test
    void aQuestionIsReadWithItsNeedsExpandedAndItsModelFilledIn() throws Exception {
        Question question = parser.parse("vrije-parking", json("{'title': {'nl': 'Waar is er plaats?', 'en': 'Where?'},"
                + " 'domain': 'mobility', 'cities': ['gent'], " + NEEDS + "}"));

        Need need = question.needs().getFirst();
        assertThat(need.id()).isEqualTo("offstreetparking");
        assertThat(need.type()).isEqualTo("https://example.org/OffStreetParking");
        assertThat(need.dataModel()).isEqualTo("dataModel.Parking");
        assertThat(need.attributes()).containsExactly("https://example.org/availableSpotNumber");
        assertThat(need.historyDuration().toDays()).isEqualTo(365);
        assertThat(QuestionParser.toJson(question).path("needs").get(0).path("entityType").asText())
                .isEqualTo("OffStreetParking");
    }

    @Test
    void invalidQuestionsNameTheMemberAtFault() {
        assertRefused("{'title': {'nl': 'x'}, 'domain': 'mobility', 'cities': ['brugge'], " + NEEDS + "}", "cities[0]: unknown city");
        assertRefused("{'title': {'nl': 'x'}, 'domain': 'mobility', 'cities': ['gent'], 'needs': []}", "needs:");
        assertRefused("{'title': {'nl': 'x'}, 'domain': 'mobility', 'cities': ['gent']}", "needs:");
        assertRefused("{'title': {'nl': 'x'}, 'domain': 'traffic', 'cities': ['gent'], " + NEEDS + "}", "domain:");
        assertRefused("{'title': {'en': 'x'}, 'domain': 'mobility', 'cities': ['gent'], " + NEEDS + "}", "title.nl:");
        assertRefused("{'title': {'nl': 'x'}, 'domain': 'mobility', 'cities': ['gent'], 'needs': [{'entityType': 'Unicorn'}]}",
                "needs[0].entityType: unknown type 'Unicorn'");
        assertRefused("{'title': {'nl': 'x'}, 'domain': 'mobility', 'cities': ['gent'], 'needs': [{'entityType': 'Building',"
                + " 'freshness': 'soon'}]}", "needs[0].freshness:");
        assertRefused("{'title': {'nl': 'x'}, 'domain': 'mobility', 'cities': ['gent'], 'needs': [{'entityType': 'Building',"
                + " 'area': {'bbox': [4, 51, 3, 52]}}]}", "needs[0].area.bbox:");
    }

    @Test
    void aTypeNoCityHoldsYetIsAGapNotAnError() throws Exception {
        Question known = parser.parse("q", json("{'title': {'nl': 'x'}, 'domain': 'people', 'cities': ['gent'],"
                + " 'needs': [{'entityType': 'Bench'}, {'entityType': 'Unicorn', 'dataModel': 'dataModel.Fantasy'}]}"));

        assertThat(known.needs()).extracting(Need::typeName).containsExactly("Bench", "Unicorn");
    }

    private void assertRefused(String body, String detail) {
        assertThatThrownBy(() -> parser.parse("q", json(body))).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining(detail);
    }
}
