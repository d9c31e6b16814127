package be.belfort.ingestion;

import com.fasterxml.jackson.databind.JsonNode;

/** An attribute a device's entity gets when it is created, whatever the device sends (e.g. its location). */
public record StaticAttribute(String name, String type, JsonNode value) {
}
