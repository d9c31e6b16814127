package be.belfort.dashboard;

import java.util.List;
import java.util.Map;

/**
 * The bands of the European Air Quality Index (EEA), which the Belgian interregional environment agency publishes
 * beside its own BelAQI: good, fair, moderate, poor, very poor, extremely poor. Each pollutant has its upper
 * limits in µg/m³; a station's band is the worst of its pollutants' bands.
 */
public final class AirQualityBand {
    /** The band codes from good to extremely poor, as the pages and scripts name them. */
    public static final List<String> BANDS = List.of("aq1", "aq2", "aq3", "aq4", "aq5", "aq6");
    private static final Map<String, double[]> UPPER_LIMITS = Map.of(
            "no2", new double[] {40, 90, 120, 230, 340},
            "pm10", new double[] {20, 40, 50, 100, 150},
            "pm25", new double[] {10, 20, 25, 50, 75});

    private AirQualityBand() {
    }

    /** The pollutants that have bands, by attribute name. */
    public static java.util.Set<String> pollutants() {
        return UPPER_LIMITS.keySet();
    }

    /** The band of one pollutant's concentration, or null for a pollutant without bands or a negative value. */
    public static String of(String pollutant, double concentration) {
        double[] limits = UPPER_LIMITS.get(pollutant);
        if (limits == null || concentration < 0 || Double.isNaN(concentration)) {
            return null;
        }
        for (int band = 0; band < limits.length; band++) {
            if (concentration <= limits[band]) {
                return BANDS.get(band);
            }
        }
        return BANDS.getLast();
    }

    /** The worst band of the concentrations a station measured (pollutant to µg/m³), or "none" without any. */
    public static String worst(Map<String, Double> concentrations) {
        int worst = -1;
        for (Map.Entry<String, Double> measured : concentrations.entrySet()) {
            String band = measured.getValue() == null ? null : of(measured.getKey(), measured.getValue());
            if (band != null) {
                worst = Math.max(worst, BANDS.indexOf(band));
            }
        }
        return worst < 0 ? "none" : BANDS.get(worst);
    }
}
