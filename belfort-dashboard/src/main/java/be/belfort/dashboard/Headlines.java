package be.belfort.dashboard;

import be.belfort.model.Entity;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The one value a map marker shows for an entity of a known type, and the band it colours the marker with:
 * car parks by how full they are, crowd counters by congestion, air quality stations by the band of the European
 * Air Quality Index. Other types show their name only.
 */
public final class Headlines {
    static final String PARKING = "OffStreetParking";
    static final String AIR = "AirQualityObserved";
    private static final Map<String, String> ATTRIBUTE = Map.of(PARKING, "availableSpotNumber",
            "AirQualityObserved", "no2", "CrowdFlowObserved", "peopleCount");

    private Headlines() {
    }

    /** The name of the attribute a marker of the type shows, or null. */
    static String attribute(String typeName) {
        return ATTRIBUTE.get(typeName);
    }

    /**
     * The band of an entity: "low", "medium", "high" (how full or busy), "aq1" to "aq6" (air quality from good to
     * extremely poor), or "none" when it has no band.
     */
    static String band(String typeName, Entity entity, UnaryOperator<String> compact) {
        if (typeName.equals(PARKING)) {
            Double free = Attributes.number(entity, Attributes.find(entity, compact, "availableSpotNumber"));
            Double total = Attributes.number(entity, Attributes.find(entity, compact, "totalSpotNumber"));
            if (free == null || total == null || total <= 0) {
                return "none";
            }
            double occupied = 1 - free / total;
            return occupied < 0.7 ? "low" : occupied < 0.9 ? "medium" : "high";
        }
        if (typeName.equals("CrowdFlowObserved")) {
            var congested = Attributes.value(entity, Attributes.find(entity, compact, "congested"));
            return congested == null || !congested.isBoolean() ? "none" : congested.asBoolean() ? "high" : "low";
        }
        if (typeName.equals(AIR)) {
            java.util.Map<String, Double> measured = new java.util.HashMap<>();
            for (String pollutant : AirQualityBand.pollutants()) {
                measured.put(pollutant, Attributes.number(entity, Attributes.find(entity, compact, pollutant)));
            }
            return AirQualityBand.worst(measured);
        }
        return "none";
    }
}
