package be.belfort.dashboard;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AirQualityBandTest {
    @Test
    void eachPollutantHasItsOwnLimitsWithTheUpperOneIncluded() {
        assertThat(AirQualityBand.of("no2", 40)).isEqualTo("aq1");
        assertThat(AirQualityBand.of("no2", 40.1)).isEqualTo("aq2");
        assertThat(AirQualityBand.of("no2", 500)).isEqualTo("aq6");
        assertThat(AirQualityBand.of("pm10", 45)).isEqualTo("aq3");
        assertThat(AirQualityBand.of("pm25", 30)).isEqualTo("aq4");
        assertThat(AirQualityBand.of("o3", 30)).isNull();
        assertThat(AirQualityBand.of("no2", -1)).isNull();
    }

    @Test
    void aStationIsInTheWorstBandOfItsPollutants() {
        Map<String, Double> measured = new HashMap<>(Map.of("no2", 35.0, "pm10", 45.0, "pm25", 12.0));
        measured.put("o3", 300.0);
        assertThat(AirQualityBand.worst(measured)).isEqualTo("aq3");
        Map<String, Double> nothing = new HashMap<>();
        nothing.put("no2", null);
        assertThat(AirQualityBand.worst(nothing)).isEqualTo("none");
    }
}
