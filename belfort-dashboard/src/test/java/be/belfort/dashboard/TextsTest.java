package be.belfort.dashboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class TextsTest {
    private static final Instant AFTERNOON = Instant.parse("2026-12-01T13:05:00Z");

    @Test
    void dutchWritesNumbersAndDatesAsInBelgium() {
        Texts dutch = new Texts(Language.NL);
        assertThat(dutch.number(1234.5)).isEqualTo("1.234,5");
        assertThat(dutch.number(1234L)).isEqualTo("1.234");
        assertThat(dutch.dateTime(AFTERNOON)).isEqualTo("1 dec. 2026 14:05");
        assertThat(dutch.date(Instant.parse("2026-05-03T10:00:00Z"))).isEqualTo("3 mei 2026");
        assertThat(dutch.format("catalogue.count", 2)).isEqualTo("2 datasets");
        assertThat(dutch.format("catalogue.count", 1)).isEqualTo("1 dataset");
    }

    @Test
    void englishKeepsBrusselsTimeWithEnglishNames() {
        Texts english = new Texts(Language.EN);
        assertThat(english.dateTime(AFTERNOON)).isEqualTo("1 Dec 2026 14:05");
        assertThat(english.get("region.title")).isEqualTo("The region in figures");
    }

    @Test
    void aMissingTextShowsItsKeySoThatItIsSeen() {
        assertThat(new Texts(Language.NL).get("no.such.key")).isEqualTo("no.such.key");
        assertThat(new Texts(Language.NL).find("no.such.key")).isNull();
    }

    @Test
    void bothLanguagesHaveEveryText() throws IOException {
        Properties dutch = load("messages.properties");
        Properties english = load("messages_en.properties");
        assertThat(english.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(dutch.stringPropertyNames());
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = TextsTest.class.getResourceAsStream(name)) {
            properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        }
        return properties;
    }
}
