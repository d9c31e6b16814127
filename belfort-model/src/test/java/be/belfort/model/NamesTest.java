package be.belfort.model;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {
    @Test
    void forbiddenCharactersAreThoseOfTheRuleOnEveryCodePoint() {
        // the rule as a regular expression, which the hand-written check must agree with (C1 controls are refused
        // too: Java's \p{Cntrl} only knows C0)
        Pattern rule = Pattern.compile("[<>\"'=;()\\s\\\\]|\\p{Cntrl}|\\p{Cc}|\\p{Cf}|\\p{Z}");
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (Character.isSurrogate((char) c) && c <= 0xFFFF) {
                continue;
            }
            String name = "a" + Character.toString(c) + "b";
            assertThat(Names.hasForbiddenCharacter(name)).as("U+%04X", c).isEqualTo(rule.matcher(name).find());
        }
        assertThat(Names.hasForbiddenCharacter("urn:ngsi-ld:OffStreetParking:Vrijdagmarkt")).isFalse();
    }

    @Test
    void aUriStartsWithASchemeAndAColon() {
        for (String uri : new String[] {"urn:a", "https://example.org/x", "a+b-c.d:x", "Z9:y"}) {
            assertThat(Names.startsWithScheme(uri)).as(uri).isTrue();
        }
        for (String notUri : new String[] {"", ":a", "urn:", "1urn:a", "ur n:a", "urn", "é:a", "_a:b"}) {
            assertThat(Names.startsWithScheme(notUri)).as(notUri).isFalse();
            assertThatThrownBy(() -> Names.requireUri("id", notUri)).as(notUri).isInstanceOf(NgsiLdException.class);
        }
        assertThatThrownBy(() -> Names.requireUri("id", "urn:a\u0085b")).hasMessageContaining("must be a URI");
    }

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
