package be.belfort.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * One city's air-quality sensors as LoRaWAN devices: on Belfort their measurements arrive as The Things Stack
 * uplink webhooks (the platform's ingestion, matched by DevEUI), not through the NGSI-LD API, so that ingestion
 * is visible live. The device group and devices are provisioned through the IoT Agent API; the entities are the
 * same as the other cities' (name, place and type of location given at creation, measurements with their time).
 */
final class LoRaWanAirQuality {
    static final String TENANT = "antwerpen";
    /** The device group's key: the network server's webhook sends it as {@code k}. */
    static final String KEY = "demo-lorawan-antwerpen";
    private static final List<String> MEASURES = List.of("no2", "pm10", "pm25", "temperature", "relativeHumidity");

    private LoRaWanAirQuality() {
    }

    /** Whether an entity of a tenant arrives as LoRaWAN uplinks. */
    static boolean feeds(String tenant, ObjectNode entity) {
        return tenant.equals(TENANT) && entity.path("type").asText().equals("AirQualityObserved");
    }

    /** The device group: the measurements' keys map to the attributes of the same name. */
    static String group() {
        ObjectNode group = Demo.JSON.createObjectNode().put("apikey", KEY).put("resource", "/ingest/lorawan/ttn")
                .put("entity_type", "AirQualityObserved").put("explicitAttrs", true);
        ArrayNode attributes = group.putArray("attributes");
        MEASURES.forEach(name -> attributes.addObject().put("object_id", name).put("name", name).put("type", "Number"));
        attributes.addObject().put("object_id", "dateObserved").put("name", "dateObserved").put("type", "Text");
        ObjectNode body = Demo.JSON.createObjectNode();
        body.putArray("services").add(group);
        return body.toString();
    }

    /** The city's sensors as devices, each feeding the entity the demo names for it. */
    static String devices() {
        ObjectNode body = Demo.JSON.createObjectNode();
        ArrayNode devices = body.putArray("devices");
        List<Places.AirSensor> sensors = Places.AIR_SENSORS.stream().filter(s -> s.tenant().equals(TENANT)).toList();
        for (int i = 0; i < sensors.size(); i++) {
            Places.AirSensor sensor = sensors.get(i);
            ObjectNode device = devices.addObject().put("device_id", sensor.key()).put("protocol", "LoRaWAN")
                    .put("entity_name", "urn:ngsi-ld:AirQualityObserved:" + sensor.tenant() + "-" + sensor.key())
                    .put("dev_eui", devEui(i));
            ArrayNode statics = device.putArray("static_attributes");
            statics.addObject().put("name", "name").put("type", "Text").put("value", sensor.name());
            statics.addObject().put("name", "typeofLocation").put("type", "Text").put("value", "outdoor");
            ObjectNode location = statics.addObject().put("name", "location").put("type", "geo:json");
            location.putObject("value").put("type", "Point").putArray("coordinates").add(sensor.longitude()).add(sensor.latitude());
        }
        return body.toString();
    }

    /** A The Things Stack uplink message with the entity's measurements as its decoded payload. */
    static String uplink(ObjectNode entity) {
        String key = entity.path("id").asText().substring(("urn:ngsi-ld:AirQualityObserved:" + TENANT + "-").length());
        List<Places.AirSensor> sensors = Places.AIR_SENSORS.stream().filter(s -> s.tenant().equals(TENANT)).toList();
        int index = sensors.stream().map(Places.AirSensor::key).toList().indexOf(key);
        String observedAt = entity.path("no2").path("observedAt").asText();
        ObjectNode uplink = Demo.JSON.createObjectNode();
        uplink.putObject("end_device_ids").put("device_id", key).put("dev_eui", devEui(index));
        uplink.put("received_at", observedAt);
        ObjectNode message = uplink.putObject("uplink_message").put("f_port", 1)
                // One observation a minute at most: its minute is its frame counter, so a repeat is known as one.
                .put("f_cnt", Instant.parse(observedAt).getEpochSecond() / 60);
        ObjectNode decoded = message.putObject("decoded_payload");
        MEASURES.forEach(name -> decoded.set(name, entity.path(name).path("value")));
        decoded.set("dateObserved", entity.path("dateObserved").path("value"));
        return uplink.toString();
    }

    private static String devEui(int index) {
        return String.format("70B3D5DE00A1%04X", index);
    }
}
