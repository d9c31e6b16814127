package be.belfort.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * OffStreetParking entities (Smart Data Models) spread over Flanders, in normalized NGSI-LD with no
 * @context (the core context applies), so that any broker accepts them without fetching anything.
 * The same seed gives the same entities.
 */
public final class ParkingPayloads {
    static final double MIN_LON = 2.55;
    static final double MAX_LON = 5.9;
    static final double MIN_LAT = 50.7;
    static final double MAX_LAT = 51.5;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final long seed;
    private final String idPrefix;

    public ParkingPayloads(long seed, String idPrefix) {
        this.seed = seed;
        this.idPrefix = idPrefix;
    }

    public String id(long n) {
        return "urn:ngsi-ld:OffStreetParking:" + idPrefix + n;
    }

    /** Entity number n: its static attributes depend only on the seed and n. */
    public ObjectNode entity(long n, Instant observedAt) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003 + n);
        int total = 50 + random.nextInt(950);
        int available = random.nextInt(total + 1);
        ObjectNode entity = JSON.createObjectNode();
        entity.put("id", id(n));
        entity.put("type", "OffStreetParking");
        property(entity, "name").put("value", "Parking " + n);
        ObjectNode spots = property(entity, "availableSpotNumber");
        spots.put("value", available);
        spots.put("observedAt", observedAt.toString());
        property(entity, "totalSpotNumber").put("value", total);
        property(entity, "occupancy").put("value", Math.round(1000.0 * (total - available) / total) / 1000.0);
        ObjectNode location = entity.putObject("location");
        location.put("type", "GeoProperty");
        ObjectNode point = location.putObject("value");
        point.put("type", "Point");
        ArrayNode coordinates = point.putArray("coordinates");
        coordinates.add(round(MIN_LON + random.nextDouble() * (MAX_LON - MIN_LON)));
        coordinates.add(round(MIN_LAT + random.nextDouble() * (MAX_LAT - MIN_LAT)));
        return entity;
    }

    public String batch(long first, int size, Instant observedAt) {
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < size; i++) {
            batch.add(entity(first + i, observedAt));
        }
        return batch.toString();
    }

    /** A batch update of the free spots of entities first..first+size-1: one observation each. */
    public String spotsBatch(long first, int size, int round, Instant observedAt) {
        ArrayNode batch = JSON.createArrayNode();
        for (int i = 0; i < size; i++) {
            long n = first + i;
            SplittableRandom random = new SplittableRandom(seed * 7_919 + n * 1_000_003L + round);
            ObjectNode entity = batch.addObject();
            entity.put("id", id(n));
            entity.put("type", "OffStreetParking");
            ObjectNode spots = property(entity, "availableSpotNumber");
            spots.put("value", random.nextInt(1000));
            spots.put("observedAt", observedAt.toString());
        }
        return batch.toString();
    }

    public static String spotsUpdate(int value, Instant observedAt) {
        return "{\"type\":\"Property\",\"value\":" + value + ",\"observedAt\":\"" + observedAt + "\"}";
    }

    private static ObjectNode property(ObjectNode entity, String name) {
        ObjectNode attribute = entity.putObject(name);
        attribute.put("type", "Property");
        return attribute;
    }

    private static double round(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }
}
