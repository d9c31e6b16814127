package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoRaWanUplinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theThingsStackUplink() throws Exception {
        LoRaWanUplink uplink = LoRaWanUplink.theThingsStack(json("""
                {"end_device_ids": {"device_id": "d1", "dev_eui": "70B3D57ED0000001"}, "received_at": "2026-12-01T10:00:00.123Z",
                 "uplink_message": {"f_port": 1, "f_cnt": 42, "decoded_payload": {"pm10": 12}}}"""));
        assertThat(uplink.devEui()).isEqualTo("70B3D57ED0000001");
        assertThat(uplink.frame()).isEqualTo(42);
        assertThat(uplink.measures("TimeInstant").get("TimeInstant").asText()).isEqualTo("2026-12-01T10:00:00.123Z");
        assertThat(uplink.measures("TimeInstant").get("pm10").asInt()).isEqualTo(12);
    }

    @Test
    void chirpStackUpEventWithoutFrameCounterHasFrameZero() throws Exception {
        LoRaWanUplink uplink = LoRaWanUplink.chirpStack(json("""
                {"time": "2026-12-01T10:00:00.5+00:00", "deviceInfo": {"devEui": "0101010101010101"},
                 "object": {"pm10": 12, "TimeInstant": "2026-12-01T09:59:00Z"}}"""));
        assertThat(uplink.frame()).isZero();
        assertThat(uplink.measures("TimeInstant").get("TimeInstant").asText())
                .as("the payload's own time wins").isEqualTo("2026-12-01T09:59:00Z");
    }

    @Test
    void uplinksWithoutDeviceOrDecodedPayloadAreRefused() throws Exception {
        assertThatThrownBy(() -> LoRaWanUplink.theThingsStack(json("{\"end_device_ids\": {}}")))
                .isInstanceOf(NgsiLdException.class).hasMessageContaining("uplink_message");
        assertThatThrownBy(() -> LoRaWanUplink.theThingsStack(json(
                "{\"end_device_ids\": {\"dev_eui\": \"70B3D57ED0000001\"}, \"uplink_message\": {\"frm_payload\": \"AQ==\"}}")))
                .hasMessageContaining("decoder");
        assertThatThrownBy(() -> LoRaWanUplink.chirpStack(json(
                "{\"deviceInfo\": {\"devEui\": \"0101010101010101\"}, \"fCnt\": -1, \"object\": {}}")))
                .hasMessageContaining("frame counter");
    }
}
