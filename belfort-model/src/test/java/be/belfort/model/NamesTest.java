package be.belfort.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {
    @Test
    void idsAndNamesAreMeasuredInBytesOfUtf8() {
        String prefix = "urn:x:";
        assertThat(Names.requireUri("id", prefix + "a".repeat(Names.MAX_LENGTH - prefix.length()))).isNotNull();
        assertThatThrownBy(() -> Names.requireUri("id", prefix + "a".repeat(Names.MAX_LENGTH - prefix.length() + 1)))
                .hasMessageContaining("1024 bytes");
        // 'é' is two bytes, '€' three, an emoji (a surrogate pair) four.
        assertThat(Names.requireName("name", "é".repeat(Names.MAX_LENGTH / 2))).isNotNull();
        assertThatThrownBy(() -> Names.requireName("name", "é".repeat(Names.MAX_LENGTH / 2 + 1))).hasMessageContaining("1024");
        assertThatThrownBy(() -> Names.requireName("name", "€".repeat(Names.MAX_LENGTH / 3 + 1))).hasMessageContaining("1024");
        assertThat(Names.requireName("name", "\uD83D\uDE97".repeat(Names.MAX_LENGTH / 4))).isNotNull();
        assertThatThrownBy(() -> Names.requireName("name", "\uD83D\uDE97".repeat(Names.MAX_LENGTH / 4 + 1)))
                .hasMessageContaining("1024");
    }

    @Test
    void scopesArePathsOfNonEmptySegments() {
        assertThat(Names.requireScope("/Gent")).isEqualTo("/Gent");
        assertThat(Names.requireScope("/Gent/Centrum/Korenmarkt")).isNotNull();
        for (String invalid : new String[] {"", "/", "Gent", "/Gent/", "//Gent", "/Gent//Centrum", "/a b", "/a#b", "/a+b"}) {
            assertThatThrownBy(() -> Names.requireScope(invalid)).as(invalid).hasMessageContaining("Invalid scope");
        }
        assertThatThrownBy(() -> Names.requireScope("/a".repeat(100_000))).hasMessageContaining("1024");
    }
}
