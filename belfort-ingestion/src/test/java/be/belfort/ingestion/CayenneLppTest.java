package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CayenneLppTest {
    private static Map<String, com.fasterxml.jackson.databind.JsonNode> decode(String hex) {
        return CayenneLpp.decode(HexFormat.of().parseHex(hex));
    }

    @Test
    void eachTypeAtItsResolution() {
        var measures = decode("0167ffd7" + "026860" + "0373273f" + "046500c8" + "050001" + "0602fc18");
        assertThat(measures.get("temperature_1").asDouble()).isEqualTo(-4.1);
        assertThat(measures.get("relative_humidity_2").asDouble()).isEqualTo(48.0);
        assertThat(measures.get("barometric_pressure_3").asDouble()).isEqualTo(1004.7);
        assertThat(measures.get("luminosity_4").isIntegralNumber()).isTrue();
        assertThat(measures.get("luminosity_4").asInt()).isEqualTo(200);
        assertThat(measures.get("digital_in_5").asInt()).isEqualTo(1);
        assertThat(measures.get("analog_in_6").asDouble()).isEqualTo(-10.0);
    }

    @Test
    void gpsAndAccelerometerAreObjects() {
        var measures = decode("018806765ff2960a0003e8" + "027104d2fb2e0000");
        assertThat(measures.get("gps_1").path("latitude").asDouble()).isEqualTo(42.3519);
        assertThat(measures.get("gps_1").path("longitude").asDouble()).isEqualTo(-87.9094);
        assertThat(measures.get("gps_1").path("altitude").asDouble()).isEqualTo(10.0);
        assertThat(measures.get("accelerometer_2").path("x").asDouble()).isEqualTo(1.234);
        assertThat(measures.get("accelerometer_2").path("y").asDouble()).isEqualTo(-1.234);
        assertThat(measures.get("accelerometer_2").path("z").asDouble()).isEqualTo(0.0);
    }

    @Test
    void truncatedOrUnknownPayloadsAreRefusedWithThePlace() {
        assertThatThrownBy(() -> decode("0167ff")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("ends inside a temperature value (byte 2)");
        assertThatThrownBy(() -> decode("01ff00")).hasMessageContaining("unknown data type 255");
        assertThatThrownBy(() -> decode("")).hasMessageContaining("empty");
    }
}
