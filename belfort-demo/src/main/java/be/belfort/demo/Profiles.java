package be.belfort.demo;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * Daily and weekly shapes of the simulated measurements, by local time. Values between the hours are
 * interpolated linearly so series are smooth.
 */
final class Profiles {
    // Car park occupancy (0..1) per hour: commuters on weekdays, shoppers on Saturdays, little on Sundays.
    private static final double[] PARKING_WEEKDAY = {0.10, 0.08, 0.07, 0.07, 0.08, 0.12, 0.22, 0.40, 0.55, 0.62,
            0.66, 0.70, 0.72, 0.72, 0.70, 0.68, 0.66, 0.60, 0.50, 0.40, 0.32, 0.25, 0.18, 0.13};
    private static final double[] PARKING_SATURDAY = {0.12, 0.10, 0.08, 0.08, 0.08, 0.09, 0.12, 0.18, 0.30, 0.50,
            0.68, 0.80, 0.85, 0.88, 0.90, 0.90, 0.86, 0.78, 0.62, 0.48, 0.38, 0.30, 0.22, 0.16};
    private static final double[] PARKING_SUNDAY = {0.10, 0.08, 0.07, 0.07, 0.07, 0.07, 0.08, 0.10, 0.14, 0.20,
            0.28, 0.34, 0.38, 0.40, 0.42, 0.42, 0.40, 0.36, 0.30, 0.25, 0.20, 0.16, 0.13, 0.11};
    // Pedestrians per minute per metre of walkway in a shopping street.
    private static final double[] CROWD_WEEKDAY = {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 5, 8, 14, 22, 30, 28, 25,
            26, 28, 30, 22, 12, 6, 3, 1.5, 0.6};
    private static final double[] CROWD_SATURDAY = {0.5, 0.3, 0.2, 0.1, 0.1, 0.2, 0.4, 1, 4, 12, 28, 42, 52, 58, 62,
            64, 60, 50, 32, 16, 8, 4, 2, 1};
    private static final double[] CROWD_SUNDAY = {0.5, 0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 3, 6, 10, 14, 16, 18,
            18, 16, 13, 9, 6, 3, 2, 1, 0.6};
    // Traffic share for NO2: morning and evening rush hours on weekdays.
    private static final double[] TRAFFIC_WEEKDAY = {0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.8, 1.0, 0.95, 0.7, 0.6,
            0.6, 0.62, 0.6, 0.62, 0.7, 0.85, 1.0, 0.9, 0.65, 0.45, 0.35, 0.28, 0.2};
    private static final double[] TRAFFIC_WEEKEND = {0.2, 0.15, 0.1, 0.08, 0.08, 0.1, 0.15, 0.25, 0.35, 0.45, 0.55,
            0.6, 0.62, 0.6, 0.58, 0.58, 0.6, 0.6, 0.55, 0.45, 0.38, 0.32, 0.28, 0.22};

    private final double parkingScale;

    /**
     * @param ghentMeanOccupancyByHour the measured Ghent mean occupancy per hour (the recording covers a
     *                                 Wednesday morning); the weekday curve is scaled so that it meets
     *                                 those hours, and the other curves by the same factor
     */
    Profiles(Map<Integer, Double> ghentMeanOccupancyByHour) {
        double measured = ghentMeanOccupancyByHour.values().stream().mapToDouble(Double::doubleValue).average()
                .orElse(0.5);
        double modelled = ghentMeanOccupancyByHour.keySet().stream().mapToDouble(hour -> PARKING_WEEKDAY[hour])
                .average().orElse(0.5);
        this.parkingScale = measured / modelled;
    }

    double parkingScale() {
        return parkingScale;
    }

    double parkingOccupancy(LocalDateTime time) {
        double[] curve = switch (time.getDayOfWeek()) {
            case SATURDAY -> PARKING_SATURDAY;
            case SUNDAY -> PARKING_SUNDAY;
            default -> PARKING_WEEKDAY;
        };
        return Math.min(0.98, interpolate(curve, time) * parkingScale);
    }

    double pedestriansPerMinutePerMetre(LocalDateTime time) {
        double[] curve = switch (time.getDayOfWeek()) {
            case SATURDAY -> CROWD_SATURDAY;
            case SUNDAY -> CROWD_SUNDAY;
            default -> CROWD_WEEKDAY;
        };
        return interpolate(curve, time);
    }

    double traffic(LocalDateTime time) {
        boolean weekend = time.getDayOfWeek() == DayOfWeek.SATURDAY || time.getDayOfWeek() == DayOfWeek.SUNDAY;
        return interpolate(weekend ? TRAFFIC_WEEKEND : TRAFFIC_WEEKDAY, time);
    }

    /** 1 in mid-winter, 0 in mid-summer: heating and stable air raise particulate matter in winter. */
    static double winterness(LocalDateTime time) {
        return (Math.cos(2 * Math.PI * (time.getDayOfYear() - 15) / 365.0) + 1) / 2;
    }

    /** Air temperature in °C: a seasonal mean with a daily cycle that peaks mid-afternoon. */
    static double temperature(LocalDateTime time) {
        double seasonal = 11 - 8 * winternessSigned(time);
        double hours = time.getHour() + time.getMinute() / 60.0;
        return seasonal + 4.5 * Math.cos(2 * Math.PI * (hours - 15) / 24);
    }

    private static double winternessSigned(LocalDateTime time) {
        return Math.cos(2 * Math.PI * (time.getDayOfYear() - 15) / 365.0);
    }

    private static double interpolate(double[] curve, LocalDateTime time) {
        double hours = time.getHour() + time.getMinute() / 60.0 + time.getSecond() / 3600.0;
        int hour = (int) hours;
        double fraction = hours - hour;
        return curve[hour] * (1 - fraction) + curve[(hour + 1) % 24] * fraction;
    }
}
