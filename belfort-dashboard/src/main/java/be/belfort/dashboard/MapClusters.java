package be.belfort.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a large map layer fast: when more of its entities lie in the viewed area than a browser draws at ease,
 * those that share a cell of a grid (about 60 pixels wide at the zoom level) become one cluster with their count,
 * their mean place and their most common band. Lone entities and small layers stay markers of their own.
 */
public final class MapClusters {
    /** The most markers of one layer an answer carries before it clusters them. */
    public static final int MAX_MARKERS = 400;

    private MapClusters() {
    }

    /** The viewed area in degrees. */
    public record Bounds(double west, double south, double east, double north) {
        boolean contains(double lon, double lat) {
            return lon >= west && lon <= east && lat >= south && lat <= north;
        }

        /** "west,south,east,north", as Leaflet's toBBoxString writes it; null when it is not four numbers in order. */
        public static Bounds parse(String text) {
            if (text == null) {
                return null;
            }
            String[] parts = text.split(",");
            if (parts.length != 4) {
                return null;
            }
            try {
                Bounds bounds = new Bounds(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]), Double.parseDouble(parts[3]));
                return bounds.west <= bounds.east && bounds.south <= bounds.north ? bounds : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** Entities drawn as one: how many, where on average, and the band most of them have. */
    public record Cluster(double lon, double lat, int count, String band) {
    }

    /** What a layer shows of the viewed area: markers of their own, and clusters. */
    public record Placed(List<CityMap.Row> rows, List<Cluster> clusters) {
    }

    /**
     * @param rows   the layer's entities (those without a place are left out)
     * @param bounds the viewed area, or null for everywhere
     * @param zoom   the map's zoom level (0 to 22)
     */
    public static Placed of(List<CityMap.Row> rows, Bounds bounds, int zoom, int maxMarkers) {
        List<CityMap.Row> inView = rows.stream().filter(row -> row.lon() != null
                && (bounds == null || bounds.contains(row.lon(), row.lat()))).toList();
        if (inView.size() <= maxMarkers) {
            return new Placed(inView, List.of());
        }
        double cellLon = 80.0 / Math.pow(2, Math.max(0, Math.min(22, zoom)));
        double middle = inView.stream().mapToDouble(CityMap.Row::lat).average().orElse(0);
        // Mercator stretches latitudes: a square cell on screen spans fewer degrees of latitude.
        double cellLat = cellLon * Math.cos(Math.toRadians(middle));
        Map<Long, List<CityMap.Row>> cells = new LinkedHashMap<>();
        for (CityMap.Row row : inView) {
            long key = (long) Math.floor(row.lon() / cellLon) * 4_000_000L + (long) Math.floor(row.lat() / cellLat);
            cells.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        List<CityMap.Row> single = new ArrayList<>();
        List<Cluster> clusters = new ArrayList<>();
        for (List<CityMap.Row> cell : cells.values()) {
            if (cell.size() == 1) {
                single.add(cell.getFirst());
            } else {
                clusters.add(cluster(cell));
            }
        }
        return new Placed(single, clusters);
    }

    private static Cluster cluster(List<CityMap.Row> cell) {
        double lon = 0;
        double lat = 0;
        Map<String, Integer> bands = new HashMap<>();
        for (CityMap.Row row : cell) {
            lon += row.lon();
            lat += row.lat();
            bands.merge(row.band(), 1, Integer::sum);
        }
        String band = bands.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
        return new Cluster(lon / cell.size(), lat / cell.size(), cell.size(), band);
    }
}
