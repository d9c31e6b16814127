package be.belfort.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardSettingsTest {
    @Test
    void theDefaultTilesAreOpenStreetMapsFromTheirOwnOrigin() {
        assertThat(DashboardSettings.DEFAULT.tiles()).isTrue();
        assertThat(DashboardSettings.DEFAULT.tileOrigin()).isEqualTo("https://tile.openstreetmap.org");
        assertThat(new DashboardSettings("https://{s}.tiles.example.be/{z}/{x}/{y}.png", "").tileOrigin())
                .isEqualTo("https://*.tiles.example.be");
    }

    @Test
    void noneMeansAPlainBackground() {
        assertThat(DashboardSettings.NO_TILES.tiles()).isFalse();
        assertThat(new DashboardSettings("NONE", null).tileOrigin()).isNull();
    }

    @Test
    void tilesComeOverHttpOrNotAtAll() {
        assertThatThrownBy(() -> new DashboardSettings("ftp://tiles.example.be/{z}/{x}/{y}.png", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--map-tiles");
        assertThatThrownBy(() -> new DashboardSettings("javascript:alert(1)", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesWithoutTranslationStillReadAsWords() {
        assertThat(Labels.words("availableSpotNumber")).isEqualTo("Available spot number");
        assertThat(Labels.words("https://example.org/ns#noiseLevel")).isEqualTo("Noise level");
        assertThat(Labels.attribute(new Texts(Language.NL), "availableSpotNumber")).isEqualTo("Vrije plaatsen");
    }

    @Test
    void embedOriginsAreTheFrameAncestorsAndTheFrameOptionsSayTheSameWhereTheyCan() {
        assertThat(DashboardSettings.DEFAULT.embedOrigins()).isEqualTo("'self'");
        assertThat(DashboardSettings.DEFAULT.embedFrameOptions()).isEqualTo("SAMEORIGIN");
        DashboardSettings gent = DashboardSettings.DEFAULT.withEmbedOrigins("self, https://www.gent.be/ https://*.stad.gent");
        assertThat(gent.embedOrigins()).isEqualTo("'self' https://www.gent.be https://*.stad.gent");
        assertThat(gent.embedFrameOptions()).isNull();
        assertThat(DashboardSettings.DEFAULT.withEmbedOrigins("'none'").embedFrameOptions()).isEqualTo("DENY");
        assertThat(DashboardSettings.DEFAULT.withEmbedOrigins(" ").embedOrigins()).isEqualTo("'self'");
    }

    @Test
    void anEmbedOriginThatIsNoOriginIsRefusedBeforeItReachesAHeader() {
        assertThatThrownBy(() -> DashboardSettings.DEFAULT.withEmbedOrigins("https://gent.be; script-src *"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--embed-origins");
        assertThatThrownBy(() -> DashboardSettings.DEFAULT.withEmbedOrigins("javascript:alert(1)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DashboardSettings.DEFAULT.withEmbedOrigins("'none' https://gent.be"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
