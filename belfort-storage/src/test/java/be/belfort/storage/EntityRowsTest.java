package be.belfort.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

class EntityRowsTest {

    @Test
    void arrayLiteralsQuoteEveryElement() {
        assertThat(EntityRows.arrayLiteral(List.of("https://example.org/A", "b,c")))
                .isEqualTo("{\"https://example.org/A\",\"b,c\"}");
        assertThat(EntityRows.arrayLiteral(List.of("say \"hi\"", "back\\slash", "{x}")))
                .isEqualTo("{\"say \\\"hi\\\"\",\"back\\\\slash\",\"{x}\"}");
    }
}
