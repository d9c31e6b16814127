package be.belfort.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageTest {
    @Test
    void aChoiceMadeWithTheSwitchWinsOverTheBrowser() {
        assertThat(Language.choose("nl", "en-GB,en;q=0.9")).isEqualTo(Language.NL);
        assertThat(Language.choose("en", "nl-BE")).isEqualTo(Language.EN);
    }

    @Test
    void theBrowsersFirstSpokenLanguageCountsElseDutch() {
        assertThat(Language.choose(null, "en-GB,en;q=0.9")).isEqualTo(Language.EN);
        assertThat(Language.choose(null, "fr-BE, en;q=0.5, nl;q=0.4")).isEqualTo(Language.EN);
        assertThat(Language.choose(null, "fr-BE")).isEqualTo(Language.NL);
        assertThat(Language.choose(null, null)).isEqualTo(Language.NL);
        assertThat(Language.choose("de", "en;q=0")).isEqualTo(Language.NL);
    }

    @Test
    void aMalformedHeaderIsNoReasonToRefuseThePage() {
        assertThat(Language.choose(null, ";;;q=abc,,")).isEqualTo(Language.NL);
    }
}
