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
}
