package be.belfort.ingestion;

import be.belfort.model.NgsiLdException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes a Cayenne Low Power Payload: a sequence of (channel, type, value) with the IPSO-based types and their
 * resolutions, into measures named as The Things Stack's Cayenne LPP formatter names them ({@code temperature_1},
 * {@code relative_humidity_2}, {@code gps_3} with latitude, longitude and altitude…).
 */
public final class CayenneLpp {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A data type: its name in the measures, its size in bytes, whether signed, and its resolution. */
    private enum Type {
        DIGITAL_INPUT(0, "digital_in", 1, false, "1"),
        DIGITAL_OUTPUT(1, "digital_out", 1, false, "1"),
        ANALOG_INPUT(2, "analog_in", 2, true, "0.01"),
        ANALOG_OUTPUT(3, "analog_out", 2, true, "0.01"),
        ILLUMINANCE(101, "luminosity", 2, false, "1"),
        PRESENCE(102, "presence", 1, false, "1"),
        TEMPERATURE(103, "temperature", 2, true, "0.1"),
        HUMIDITY(104, "relative_humidity", 1, false, "0.5"),
        ACCELEROMETER(113, "accelerometer", 6, true, "0.001"),
        BAROMETER(115, "barometric_pressure", 2, false, "0.1"),
        GYROMETER(134, "gyrometer", 6, true, "0.01"),
        GPS(136, "gps", 9, true, null);

        final int code;
        final String name;
        final int size;
        final boolean signed;
        final BigDecimal resolution;

        Type(int code, String name, int size, boolean signed, String resolution) {
            this.code = code;
            this.name = name;
            this.size = size;
            this.signed = signed;
            this.resolution = resolution == null ? null : new BigDecimal(resolution);
        }

        static Type of(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            return null;
        }
    }

    private CayenneLpp() {
    }

    public static Map<String, JsonNode> decode(byte[] payload) {
        if (payload.length == 0) {
            throw NgsiLdException.badData("The Cayenne LPP payload is empty");
        }
        Map<String, JsonNode> measures = new LinkedHashMap<>();
        int at = 0;
        while (at < payload.length) {
            if (at + 2 > payload.length) {
                throw NgsiLdException.badData("The Cayenne LPP payload ends inside an item's header (byte " + at + ")");
            }
            int channel = payload[at] & 0xff;
            int code = payload[at + 1] & 0xff;
            Type type = Type.of(code);
            if (type == null) {
                throw NgsiLdException.badData("The Cayenne LPP payload has an unknown data type " + code + " (byte " + (at + 1) + ")");
            }
            at += 2;
            if (at + type.size > payload.length) {
                throw NgsiLdException.badData("The Cayenne LPP payload ends inside a " + type.name + " value (byte " + at + ")");
            }
            measures.put(type.name + "_" + channel, value(type, payload, at));
            at += type.size;
        }
        return measures;
    }

    private static JsonNode value(Type type, byte[] payload, int at) {
        return switch (type) {
            case ACCELEROMETER, GYROMETER -> {
                ObjectNode axes = NODES.objectNode();
                axes.set("x", scaled(integer(payload, at, 2, true), type.resolution));
                axes.set("y", scaled(integer(payload, at + 2, 2, true), type.resolution));
                axes.set("z", scaled(integer(payload, at + 4, 2, true), type.resolution));
                yield axes;
            }
            case GPS -> {
                ObjectNode position = NODES.objectNode();
                position.set("latitude", scaled(integer(payload, at, 3, true), new BigDecimal("0.0001")));
                position.set("longitude", scaled(integer(payload, at + 3, 3, true), new BigDecimal("0.0001")));
                position.set("altitude", scaled(integer(payload, at + 6, 3, true), new BigDecimal("0.01")));
                yield position;
            }
            default -> scaled(integer(payload, at, type.size, type.signed), type.resolution);
        };
    }

    /** The value at its resolution: whole numbers stay integers, others the nearest double (27.2, not 27.200000000000003). */
    private static JsonNode scaled(long raw, BigDecimal resolution) {
        BigDecimal value = BigDecimal.valueOf(raw).multiply(resolution);
        return value.stripTrailingZeros().scale() <= 0 && resolution.scale() == 0 ? NODES.numberNode(raw)
                : NODES.numberNode(value.doubleValue());
    }

    /** A big-endian integer of 1 to 3 bytes. */
    private static long integer(byte[] payload, int at, int size, boolean signed) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | payload[at + i] & 0xff;
        }
        if (signed && (payload[at] & 0x80) != 0) {
            value -= 1L << (8 * size);
        }
        return value;
    }
}
