package be.belfort.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The attributes an entity of a known Smart Data Model carries when it is complete, as the platform's datasets
 * publish them: those a reuser of the model counts on (its location and name, and the measured values).
 */
public final class ModelAttributes {
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "OffStreetParking", List.of("name", "location", "availableSpotNumber", "totalSpotNumber", "status",
                    "category", "allowedVehicleType", "requiredPermit", "chargeType", "occupancyDetectionType"),
            "AirQualityObserved", List.of("location", "dateObserved", "no2", "pm10", "pm25"),
            "CrowdFlowObserved", List.of("location", "dateObserved", "peopleCount", "congested"),
            "Building", List.of("name", "location", "address", "category"));

    private ModelAttributes() {
    }

    /** The attribute names (under the core @context) a complete entity of the type has; empty for an unknown model. */
    public static List<String> of(String typeName) {
        return EXPECTED.getOrDefault(typeName, List.of());
    }
}
