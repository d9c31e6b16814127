package be.belfort.api;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorableTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void assertRefusedAt(String payload, String where) throws Exception {
        var tree = JSON.readTree(payload);
        assertThatThrownBy(() -> StorableText.require(tree)).isInstanceOf(NgsiLdException.class).hasMessageContaining(where);
    }

    @Test
    void namesTheJsonPointerOfTheValue() throws Exception {
        assertRefusedAt("{\"a\": {\"value\": [1, \"x\\u0000\"]}}", "the value at /a/value/1");
        assertRefusedAt("{\"a/b\": {\"c~d\": \"\\u0000\"}}", "/a~1b/c~0d");
        assertRefusedAt("\"\\u0000\"", "the top level");
    }

    @Test
    void namesTheObjectOfAMemberName() throws Exception {
        assertRefusedAt("{\"a\": {\"b\\u0000\": 1}}", "a member name in the object at /a");
    }

    @Test
    void refusesLoneSurrogatesAndKeepsPairs() throws Exception {
        assertRefusedAt("{\"id\": \"\\ud800\"}", "U+D800");
        assertRefusedAt("{\"id\": \"x\\udc00\"}", "U+DC00");
        assertRefusedAt("{\"id\": \"\\ud83d\\ud83d\"}", "U+D83D");
        assertThatCode(() -> StorableText.require(JSON.readTree("{\"car\": \"\\ud83d\\ude97\", \"n\": null}")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAParameterWithANul() {
        assertThatThrownBy(() -> StorableText.require("Query parameter 'q'", "a==\u0000"))
                .hasMessageContaining("Query parameter 'q' contains a NUL character");
    }
}
