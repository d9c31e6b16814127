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
                .hasMessageContaining("not Cayenne LPP").hasMessageContaining("ends inside an item's header");
        assertThatThrownBy(() -> LoRaWanUplink.chirpStack(json(
                "{\"deviceInfo\": {\"devEui\": \"0101010101010101\"}, \"fCnt\": -1, \"object\": {}}")))
                .hasMessageContaining("frame counter");
    }

    @Test
    void anUplinkWithOnlyItsRawPayloadIsDecodedAsCayenneLppAndKeepsTheBestGatewaysSignal() throws Exception {
        // 03 67 0110 05 67 00FF: temperature 27.2 on channel 3, 25.5 on channel 5
        LoRaWanUplink uplink = LoRaWanUplink.theThingsStack(json("""
                {"end_device_ids": {"dev_eui": "70B3D57ED0000001"}, "received_at": "2026-12-01T10:00:00Z",
                 "uplink_message": {"f_cnt": 7, "frm_payload": "A2cBEAVnAP8=",
                   "rx_metadata": [{"gateway_ids": {"gateway_id": "gw-far"}, "rssi": -118, "snr": -9.5},
                                   {"gateway_ids": {"gateway_id": "gw-near"}, "rssi": -71, "snr": 9.25}]}}"""));
        var measures = uplink.measures("TimeInstant");
        assertThat(measures.get("temperature_3").asDouble()).isEqualTo(27.2);
        assertThat(measures.get("temperature_5").asDouble()).isEqualTo(25.5);
        assertThat(measures.get("gateway_id").asText()).isEqualTo("gw-near");
        assertThat(measures.get("rssi").asInt()).isEqualTo(-71);
        assertThat(measures.get("snr").asDouble()).isEqualTo(9.25);

        LoRaWanUplink chirp = LoRaWanUplink.chirpStack(json("""
                {"deviceInfo": {"devEui": "0101010101010101"}, "fCnt": 3, "data": "AWf/1w==",
                 "rxInfo": [{"gatewayId": "0016c001ff10a235", "rssi": -60, "snr": 11}]}"""));
        assertThat(chirp.measures("TimeInstant").get("temperature_1").asDouble()).isEqualTo(-4.1);
        assertThat(chirp.measures("TimeInstant").get("gateway_id").asText()).isEqualTo("0016c001ff10a235");
    }
}
