package be.belfort.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTagsTest {
    private static final String TAG = EntityTags.of("data".getBytes(StandardCharsets.UTF_8));

    @Test
    void theSameBytesGiveTheSameStrongTag() {
        assertThat(EntityTags.of("data".getBytes(StandardCharsets.UTF_8))).isEqualTo(TAG).startsWith("\"").endsWith("\"");
        assertThat(EntityTags.of("other".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(TAG);
    }

    @Test
    void ifNoneMatchIsAListComparedWeaklyOrAnAsterisk() {
        assertThat(EntityTags.matches(TAG, TAG)).isTrue();
        assertThat(EntityTags.matches("\"a\", " + TAG, TAG)).isTrue();
        assertThat(EntityTags.matches("W/" + TAG, TAG)).isTrue();
        assertThat(EntityTags.matches("*", TAG)).isTrue();
        assertThat(EntityTags.matches("\"a\", \"b\"", TAG)).isFalse();
        assertThat(EntityTags.matches("", TAG)).isFalse();
        assertThat(EntityTags.matches(null, TAG)).isFalse();
        assertThat(EntityTags.matches(TAG.substring(0, TAG.length() - 1), TAG)).as("a tag without its closing quote").isFalse();
    }
}
