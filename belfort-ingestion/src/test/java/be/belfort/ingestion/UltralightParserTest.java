package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UltralightParserTest {

    @Test
    void pairsBecomeMeasuresInOrder() {
        List<Map<String, JsonNode>> groups = UltralightParser.parse("t|21.5|h|40", "TimeInstant");
        assertThat(groups).hasSize(1);
        assertThat(groups.getFirst().keySet()).containsExactly("t", "h");
        assertThat(groups.getFirst().get("t").asText()).isEqualTo("21.5");
    }

    @Test
    void groupsAreSeparatedByHashAndMayLeadWithTheirTime() {
        List<Map<String, JsonNode>> groups = UltralightParser.parse("2026-12-01T10:00:00Z|t|1#t|2\n", "TimeInstant");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).get("TimeInstant").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(groups.get(1)).doesNotContainKey("TimeInstant");
        assertThat(groups.get(1).get("t").asText()).isEqualTo("2");
    }

    @Test
    void anEmptyValueIsKeptAsEmptyText() {
        assertThat(UltralightParser.parse("s|", "TimeInstant").getFirst().get("s").asText()).isEmpty();
    }

    @Test
    void malformedPayloadsAreRefusedWithWhere() {
        assertThatThrownBy(() -> UltralightParser.parse("t|21.5|h", "TimeInstant")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("key without a value");
        assertThatThrownBy(() -> UltralightParser.parse("t|1##h|2", "TimeInstant")).hasMessageContaining("group 2 is empty");
        assertThatThrownBy(() -> UltralightParser.parse("|1", "TimeInstant")).hasMessageContaining("empty key");
        assertThatThrownBy(() -> UltralightParser.parse("t|1|t|2", "TimeInstant")).hasMessageContaining("twice");
        assertThatThrownBy(() -> UltralightParser.parse("  ", "TimeInstant")).hasMessageContaining("empty");
    }
}
