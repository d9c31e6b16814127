package be.belfort.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingestion end to end on the real server and PostgreSQL: devices provisioned through the IoT Agent API send
 * JSON, Ultralight and LoRaWAN uplinks, which end up as entities with history; bad messages get 4xx problem details
 * and their device's status says why.
 */
class IngestionTest {
    private static final String TENANT = "ingestion-city";
    private static Http http;

    @BeforeAll
    static void start() {
        http = new Http(TestPlatform.shared().port());
        Http.Answer group = provision("/iot/services", """
                {"services": [{"apikey": "aq-key-0001", "resource": "/iot/json", "entity_type": "AirQualityObserved",
                  "attributes": [{"object_id": "t", "name": "temperature", "type": "Number", "unitCode": "CEL"}],
                  "static_attributes": [{"name": "location", "type": "geo:point", "value": "51.0543, 3.7174"}]}]}""");
        assertThat(group.status()).as(group.body()).isEqualTo(201);
        Http.Answer devices = provision("/iot/devices", """
                {"devices": [
                  {"device_id": "aq-json", "protocol": "PDI-IoTA-JSON",
                   "attributes": [{"object_id": "n", "name": "no2", "type": "Number", "scale": 0.001, "offset": 1,
                                   "metadata": {"unitCode": {"type": "Text", "value": "GQ"}}},
                                  {"object_id": "on", "name": "running", "type": "Boolean"}]},
                  {"device_id": "aq-ul", "protocol": "PDI-IoTA-UltraLight",
                   "attributes": [{"object_id": "h", "name": "relativeHumidity", "type": "Integer"}]},
                  {"device_id": "aq-refusals"},
                  {"device_id": "aq-plain", "entity_name": "urn:ngsi-ld:AirQualityObserved:plain-1"},
                  {"device_id": "aq-ttn", "dev_eui": "70b3d57ed0000001"},
                  {"device_id": "aq-chirp", "dev_eui": "0101010101010101"},
                  {"device_id": "aq-lpp", "dev_eui": "70B3D57ED00000AA", "explicitAttrs": true,
                   "attributes": [{"object_id": "temperature_3", "name": "temperature", "type": "Number"},
                                  {"object_id": "gps_1", "name": "location", "type": "geo:point"},
                                  {"object_id": "rssi", "name": "rssi", "type": "Number", "unitCode": "2N"}]}
                ]}""");
        assertThat(devices.status()).as(devices.body()).isEqualTo(201);
    }

    private static Http.Answer provision(String path, String body) {
        return http.post(path, body, "fiware-service", TENANT, "fiware-servicepath", "/");
    }

    private static JsonNode entity(String id) {
        Http.Answer answer = http.get("/ngsi-ld/v1/entities/" + id, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode history(String id, String attribute) {
        Http.Answer answer = http.get("/ngsi-ld/v1/temporal/entities/" + id + "?attrs=" + attribute, "NGSILD-Tenant", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path(attribute);
    }

    private static JsonNode status(String deviceId) {
        Http.Answer answer = http.get("/iot/devices/" + deviceId, "fiware-service", TENANT);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("status");
    }

    private static Http.Answer json(String key, String device, String body) {
        return http.post("/iot/json?k=" + key + "&i=" + device, body);
    }

    private static Http.Answer ultralight(String key, String device, String body) {
        return http.post("/iot/d?k=" + key + "&i=" + device, body, "Content-Type", "text/plain");
    }

    @Test
    void jsonMeasuresBecomeAttributesWithHistoryAndTheEntityIsCreatedFromTheDevice() {
        Http.Answer first = json("aq-key-0001", "aq-json", "{\"t\": 21.5, \"n\": 40000, \"on\": true}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("written")).hasSize(3);
        assertThat(json("aq-key-0001", "aq-json", "{\"t\": 22.0, \"TimeInstant\": \"2026-01-01T10:00:00Z\"}").status())
                .isEqualTo(200);

        JsonNode entity = entity("urn:ngsi-ld:AirQualityObserved:aq-json");
        assertThat(entity.path("type").asText()).isEqualTo("AirQualityObserved");
        assertThat(entity.path("temperature").path("value").asDouble()).isEqualTo(22.0);
        assertThat(entity.path("temperature").path("unitCode").asText()).isEqualTo("CEL");
        assertThat(entity.path("temperature").path("observedAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(entity.path("no2").path("value").asDouble()).as("scaled and offset").isEqualTo(41.0);
        assertThat(entity.path("no2").path("unitCode").asText()).isEqualTo("GQ");
        assertThat(entity.path("running").path("value").asBoolean()).isTrue();
        assertThat(entity.path("location").path("value").path("coordinates").get(0).asDouble())
                .as("geo:point is latitude, longitude; GeoJSON longitude first").isEqualTo(3.7174);
        assertThat(history("urn:ngsi-ld:AirQualityObserved:aq-json", "temperature")).hasSize(2);

        JsonNode status = status("aq-json");
        assertThat(status.path("accepted").asLong()).isEqualTo(4);
        assertThat(status.path("refused").asLong()).isZero();
        assertThat(status.path("lastSeen").asText()).isNotEmpty();
    }

    @Test
    void ultralightGroupsAreWrittenEachWithItsTime() {
        Http.Answer answer = ultralight("aq-key-0001", "aq-ul",
                "2026-01-02T08:00:00Z|t|19.5|h|60#2026-01-02T09:00:00Z|t|20.5|h|58");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode temperatures = history("urn:ngsi-ld:AirQualityObserved:aq-ul", "temperature");
        assertThat(temperatures).hasSize(2);
        assertThat(entity("urn:ngsi-ld:AirQualityObserved:aq-ul").path("relativeHumidity").path("value").asLong())
                .isEqualTo(58);
        assertThat(entity("urn:ngsi-ld:AirQualityObserved:aq-ul").path("temperature").path("observedAt").asText())
                .isEqualTo("2026-01-02T09:00:00Z");
    }

    @Test
    void aPublisherSendsAPlainJsonObjectOfMeasures() {
        Http.Answer answer = http.post("/ingest/" + TENANT + "/devices/aq-plain", "{\"t\": 18.25}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(entity("urn:ngsi-ld:AirQualityObserved:plain-1").path("temperature").path("value").asDouble())
                .isEqualTo(18.25);
        assertThat(http.post("/ingest/" + TENANT + "/devices/nobody", "{\"t\": 1}").status()).isEqualTo(404);
    }

    @Test
    void aBadValueIsRefusedWithItsReasonAndTheGoodOnesAreKept() {
        Http.Answer answer = ultralight("aq-key-0001", "aq-ul", "t|warm|h|41");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("written").get(0).asText()).isEqualTo("h");
        assertThat(answer.json().path("refused").get(0).path("key").asText()).isEqualTo("t");
        assertThat(answer.json().path("refused").get(0).path("reason").asText()).contains("expected a number");
        assertThat(entity("urn:ngsi-ld:AirQualityObserved:aq-ul").path("relativeHumidity").path("value").asLong())
                .isEqualTo(41);

        Http.Answer nothingValid = ultralight("aq-key-0001", "aq-ul", "h|4.5");
        assertThat(nothingValid.status()).isEqualTo(400);
        assertThat(nothingValid.errorType()).isEqualTo("BadRequestData");
        assertThat(nothingValid.json().path("detail").asText()).contains("expected an integer");

        JsonNode status = status("aq-ul");
        assertThat(status.path("refused").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(status.path("lastErrors").get(0).path("reason").asText()).contains("'h': expected an integer");
    }

    @Test
    void wrongKeysUnknownDevicesAndMalformedMessagesAreRefusedWithProblemDetails() {
        Http.Answer wrongKey = json("not-a-key", "aq-refusals", "{\"t\": 1}");
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.errorType()).isEqualTo("Unauthorized");
        assertThat(json("", "aq-refusals", "{\"t\": 1}").status()).isEqualTo(401);
        Http.Answer unknown = json("aq-key-0001", "no-such-device", "{\"t\": 1}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorType()).isEqualTo("ResourceNotFound");

        Http.Answer malformed = json("aq-key-0001", "aq-refusals", "{\"t\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorType()).isEqualTo("InvalidRequest");
        assertThat(json("aq-key-0001", "aq-refusals", "[1, 2]").status()).isEqualTo(400);
        Http.Answer badUl = ultralight("aq-key-0001", "aq-ul", "t|21.5|h");
        assertThat(badUl.status()).isEqualTo(400);
        assertThat(badUl.json().path("detail").asText()).contains("a key without a value");
        assertThat(ultralight("aq-key-0001", "aq-ul", "t|1##h|2").status()).isEqualTo(400);

        Http.Answer oversized = json("aq-key-0001", "aq-refusals", "{\"t\": 1, \"note\": \"" + "x".repeat(20_000) + "\"}");
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.errorType()).isEqualTo("PayloadTooLarge");

        assertThat(json("aq-key-0001", "aq-refusals", "{\"t\": 20}").status()).isEqualTo(200);
        String future = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        Http.Answer ahead = json("aq-key-0001", "aq-refusals", "{\"t\": 99, \"TimeInstant\": \"" + future + "\"}");
        assertThat(ahead.status()).isEqualTo(400);
        assertThat(ahead.json().path("detail").asText()).contains("ahead of the platform's clock");
        // The values only: an instance id may hold the digits 99.
        assertThat(history("urn:ngsi-ld:AirQualityObserved:aq-refusals", "temperature").findValuesAsText("value"))
                .containsExactly("20.0");

        assertThat(status("aq-refusals").path("lastErrors").toString()).contains("ahead of the platform's clock");
    }

    @Test
    void theProvisioningApiListsShowsUpdatesAndDeletes() {
        Http.Answer created = provision("/iot/devices", """
                {"devices": [{"device_id": "tmp-1", "entity_type": "Sensor", "timezone": "Europe/Brussels",
                  "attributes": [{"object_id": "x", "name": "level", "type": "Number"}]}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(provision("/iot/devices", "{\"devices\": [{\"device_id\": \"tmp-1\"}]}").status()).isEqualTo(409);
        assertThat(provision("/iot/devices", "{\"devices\": [{\"device_id\": \"bad\", \"entity_name\": \"not a uri\"}]}")
                .status()).isEqualTo(400);
        assertThat(provision("/iot/devices", "{\"devices\": []}").status()).isEqualTo(400);

        JsonNode shown = http.get("/iot/devices/tmp-1", "fiware-service", TENANT).json();
        assertThat(shown.path("timezone").asText()).as("members kept as sent").isEqualTo("Europe/Brussels");
        assertThat(shown.path("entity_name").asText()).isEqualTo("urn:ngsi-ld:Sensor:tmp-1");
        JsonNode list = http.get("/iot/devices?limit=1000", "fiware-service", TENANT).json();
        assertThat(list.path("count").asLong()).isEqualTo(list.path("devices").size());
        assertThat(list.path("devices").findValuesAsText("device_id")).contains("tmp-1", "aq-json");
        assertThat(http.get("/iot/devices", "fiware-service", "other-city").json().path("count").asLong())
                .as("tenants are apart").isZero();

        assertThat(json("aq-key-0001", "tmp-1", "{\"x\": 5}").status()).isEqualTo(200);
        assertThat(http.put("/iot/devices/tmp-1", "{\"attributes\": [{\"object_id\": \"x\", \"name\": \"fillingLevel\","
                + " \"type\": \"Number\", \"scale\": 0.01}]}", "fiware-service", TENANT).status()).isEqualTo(204);
        assertThat(json("aq-key-0001", "tmp-1", "{\"x\": 50}").status()).isEqualTo(200);
        assertThat(entity("urn:ngsi-ld:Sensor:tmp-1").path("fillingLevel").path("value").asDouble())
                .as("the new mapping is used at once").isEqualTo(0.5);

        JsonNode groups = http.get("/iot/services", "fiware-service", TENANT).json();
        assertThat(groups.path("services").get(0).path("apikey").asText()).isEqualTo("aq-key-0001");
        assertThat(provision("/iot/services", "{\"services\": [{\"apikey\": \"aq-key-0001\", \"resource\": \"/iot/json\"}]}")
                .status()).isEqualTo(409);
        assertThat(http.post("/iot/services", "{\"services\": [{\"apikey\": \"aq-key-0001\", \"resource\": \"/iot/d\"}]}",
                "fiware-service", "other-city").status()).as("a key belongs to one tenant").isEqualTo(409);
        assertThat(http.post("/iot/devices", "{\"devices\": [{\"device_id\": \"aq-json\", \"apikey\": \"aq-key-0001\"}]}",
                "fiware-service", "other-city").status()).as("a device's own key too").isEqualTo(409);
        assertThat(http.get("/iot/devices/aq-json", "fiware-service", TENANT).json().path("entity_name").asText())
                .as("the entity as the group completes the device").isEqualTo("urn:ngsi-ld:AirQualityObserved:aq-json");

        assertThat(http.delete("/iot/devices/tmp-1", "fiware-service", TENANT).status()).isEqualTo(204);
        assertThat(http.get("/iot/devices/tmp-1", "fiware-service", TENANT).status()).isEqualTo(404);
        assertThat(json("aq-key-0001", "tmp-1", "{\"x\": 5}").status()).isEqualTo(404);
    }

    @Test
    void devicesAreProvisionedInBulkFromACsvFile() {
        Http.Answer created = http.post("/iot/devices", """
                device_id,entity_type,dev_eui,latitude,longitude,street
                csv-1,NoiseLevelObserved,,51.0500,3.7300,Korenmarkt
                csv-2,NoiseLevelObserved,70B3D57ED00000C2,51.0600,3.7400,"Dampoort, zuid"
                """, "Content-Type", "text/csv", "fiware-service", TENANT);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode shown = http.get("/iot/devices/csv-2", "fiware-service", TENANT).json();
        assertThat(shown.path("dev_eui").asText()).isEqualTo("70B3D57ED00000C2");
        assertThat(shown.path("static_attributes").toString()).contains("Dampoort, zuid").contains("51.0600, 3.7400");
        assertThat(json("aq-key-0001", "csv-1", "{\"t\": 1}").status()).isEqualTo(200);
        JsonNode entity = entity("urn:ngsi-ld:NoiseLevelObserved:csv-1");
        assertThat(entity.path("street").path("value").asText()).isEqualTo("Korenmarkt");
        assertThat(entity.path("location").path("value").path("coordinates").get(1).asDouble()).isEqualTo(51.05);

        Http.Answer ragged = http.post("/iot/devices", "device_id,street\ncsv-3,a,b\n", "Content-Type", "text/csv",
                "fiware-service", TENANT);
        assertThat(ragged.status()).isEqualTo(400);
        assertThat(ragged.json().path("detail").asText()).contains("Row 1");
        assertThat(http.post("/iot/devices", "name\nx\n", "Content-Type", "text/csv", "fiware-service", TENANT).status())
                .isEqualTo(400);
        assertThat(http.get("/iot/devices/csv-3", "fiware-service", TENANT).status()).as("nothing of it kept").isEqualTo(404);
    }

    @Test
    void theThingsStackAndChirpStackUplinksAreMatchedByDevEuiAndRepeatedFramesIgnored() {
        String ttn = """
                {"end_device_ids": {"device_id": "eui-70b3d57ed0000001", "application_ids": {"application_id": "air"},
                   "dev_eui": "70B3D57ED0000001", "join_eui": "0000000000000000", "dev_addr": "260B1234"},
                 "correlation_ids": ["as:up:01"], "received_at": "%s",
                 "uplink_message": {"session_key_id": "AXA=", "f_port": 1, "f_cnt": %d, "frm_payload": "AQID",
                   "decoded_payload": {"t": %s},
                   "rx_metadata": [{"gateway_ids": {"gateway_id": "gw-1"}, "rssi": -42, "snr": 9.5}],
                   "settings": {"data_rate": {"lora": {"bandwidth": 125000, "spreading_factor": 7}}, "frequency": "868100000"}}}""";
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        Http.Answer first = http.post("/ingest/lorawan/ttn?k=aq-key-0001", ttn.formatted(at, 7, "12.5"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Http.Answer repeated = http.post("/ingest/lorawan/ttn?k=aq-key-0001", ttn.formatted(at, 7, "12.5"));
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().path("duplicate").asBoolean()).isTrue();
        assertThat(http.post("/ingest/lorawan/ttn?k=aq-key-0001", ttn.formatted(Instant.now().toString(), 8, "13.0"))
                .status()).isEqualTo(200);
        JsonNode entity = entity("urn:ngsi-ld:AirQualityObserved:aq-ttn");
        assertThat(entity.path("temperature").path("value").asDouble()).isEqualTo(13.0);
        assertThat(entity.path("rssi").path("value").asInt()).as("the gateway's signal is kept").isEqualTo(-42);
        assertThat(entity.path("gateway_id").path("value").asText()).isEqualTo("gw-1");
        assertThat(history("urn:ngsi-ld:AirQualityObserved:aq-ttn", "temperature")).hasSize(2);

        String chirp = """
                {"deduplicationId": "3ac7e3c4-4401-4b8d-9386-a5c902f9202d", "time": "%s",
                 "deviceInfo": {"tenantId": "52f14cd4-c6f1-4fbd-8f87-4025e1d49242", "tenantName": "City",
                   "applicationId": "17c82e96-be03-4f38-aef3-f83d48582d97", "applicationName": "air",
                   "deviceProfileId": "14855bf7-d10d-4aee-b618-ebfcb64dc7ad", "deviceProfileName": "sensor",
                   "deviceName": "aq", "devEui": "0101010101010101", "tags": {}},
                 "devAddr": "00189440", "dr": 1, "fPort": 1, "data": "qg==", "fCnt": 10,
                 "object": {"t": 9.5}, "rxInfo": [{"gatewayId": "0016c001f153a14c", "rssi": -60, "snr": 10}]}""";
        String time = Instant.now().atOffset(java.time.ZoneOffset.UTC).toString();
        assertThat(http.post("/ingest/lorawan/chirpstack?k=aq-key-0001&event=up", chirp.formatted(time)).status()).isEqualTo(200);
        assertThat(http.post("/ingest/lorawan/chirpstack?k=aq-key-0001&event=up", chirp.formatted(time)).json()
                .path("duplicate").asBoolean()).isTrue();
        assertThat(http.post("/ingest/lorawan/chirpstack?k=aq-key-0001&event=join", "{}").status()).isEqualTo(204);
        assertThat(entity("urn:ngsi-ld:AirQualityObserved:aq-chirp").path("temperature").path("value").asDouble())
                .isEqualTo(9.5);

        assertThat(http.post("/ingest/lorawan/ttn?k=wrong", ttn.formatted(at, 9, "1")).status()).isEqualTo(401);
        assertThat(http.post("/ingest/lorawan/ttn?k=aq-key-0001", ttn.formatted(at, 9, "1")
                .replace("70B3D57ED0000001", "70B3D57ED00000FF")).status()).isEqualTo(404);
        assertThat(http.post("/ingest/lorawan/ttn?k=aq-key-0001", "{\"end_device_ids\": {}}").status()).isEqualTo(400);
    }

    @Test
    void aGroupThatAllowsItProvisionsUnknownDevicesOnTheirFirstMessage() {
        assertThat(provision("/iot/services", """
                {"services": [{"apikey": "auto-key-0001", "resource": "/iot/json", "entity_type": "WaterQualityObserved",
                  "autoprovision": true, "attributes": [{"object_id": "ph", "name": "pH", "type": "Number"}]}]}""")
                .status()).isEqualTo(201);
        Http.Answer first = json("auto-key-0001", "wq-new", "{\"ph\": 7.2}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(entity("urn:ngsi-ld:WaterQualityObserved:wq-new").path("pH").path("value").asDouble()).isEqualTo(7.2);
        assertThat(status("wq-new").path("accepted").asLong()).isEqualTo(1);

        String uplink = "{\"end_device_ids\": {\"dev_eui\": \"70B3D57ED00000F1\"}, \"received_at\": \"" + Instant.now()
                + "\", \"uplink_message\": {\"f_cnt\": 1, \"decoded_payload\": {\"ph\": 6.9}}}";
        assertThat(http.post("/ingest/lorawan/ttn?k=auto-key-0001", uplink).status()).isEqualTo(200);
        assertThat(entity("urn:ngsi-ld:WaterQualityObserved:eui-70b3d57ed00000f1").path("pH").path("value").asDouble())
                .isEqualTo(6.9);

        assertThat(json("auto-key-0001", "bad%20id%20with%20spaces", "{\"ph\": 7}").status())
                .as("an id that makes no entity id is refused, not provisioned").isEqualTo(400);
        assertThat(json("aq-key-0001", "not-provisioned", "{\"t\": 1}").status()).as("off by default").isEqualTo(404);
    }

    @Test
    void anUplinkWithoutDecoderIsReadAsCayenneLpp() {
        // gps_1 at 51.0543, 3.7216, 10 m; temperature_3 at 21.5 °C
        byte[] lpp = java.util.HexFormat.of().parseHex("018807ca4f0091600003e8" + "036700d7");
        String uplink = """
                {"end_device_ids": {"device_id": "lpp", "dev_eui": "70B3D57ED00000AA"}, "received_at": "%s",
                 "uplink_message": {"f_port": 1, "f_cnt": 1, "frm_payload": "%s",
                   "rx_metadata": [{"gateway_ids": {"gateway_id": "gw-2"}, "rssi": -97, "snr": 1.5}]}}"""
                .formatted(Instant.now().toString(), java.util.Base64.getEncoder().encodeToString(lpp));
        Http.Answer answer = http.post("/ingest/lorawan/ttn?k=aq-key-0001", uplink);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode entity = entity("urn:ngsi-ld:AirQualityObserved:aq-lpp");
        assertThat(entity.path("temperature").path("value").asDouble()).isEqualTo(21.5);
        assertThat(entity.path("location").path("value").path("coordinates").toString()).isEqualTo("[3.7216,51.0543]");
        assertThat(entity.path("rssi").path("value").asInt()).isEqualTo(-97);
        assertThat(entity.path("rssi").path("unitCode").asText()).isEqualTo("2N");

        Http.Answer notLpp = http.post("/ingest/lorawan/ttn?k=aq-key-0001", uplink.replace("\"f_cnt\": 1", "\"f_cnt\": 2")
                .replaceAll("\"frm_payload\": \"[^\"]*\"", "\"frm_payload\": \"/w==\""));
        assertThat(notLpp.status()).isEqualTo(400);
        assertThat(notLpp.json().path("detail").asText()).contains("not Cayenne LPP");
    }

    @Test
    void concurrentMessagesOfManyDevicesAreAllWritten() throws Exception {
        StringBuilder devices = new StringBuilder("{\"devices\": [");
        for (int i = 0; i < 40; i++) {
            devices.append(i == 0 ? "" : ",").append("{\"device_id\": \"many-").append(i).append("\"}");
        }
        assertThat(provision("/iot/devices", devices.append("]}").toString()).status()).isEqualTo(201);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 40; i++) {
                    String body = "{\"t\": " + round + ", \"TimeInstant\": \"2026-03-01T00:00:0" + round + "Z\"}";
                    String device = "many-" + i;
                    answers.add(clients.submit(() -> json("aq-key-0001", device, body).status()));
                }
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            clients.shutdown();
        }
        for (int i = 0; i < 40; i++) {
            assertThat(history("urn:ngsi-ld:AirQualityObserved:many-" + i, "temperature"))
                    .as("every acknowledged message is in the history").hasSize(5);
        }
    }
}
