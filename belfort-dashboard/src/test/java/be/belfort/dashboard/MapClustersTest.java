package be.belfort.dashboard;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MapClustersTest {
    private static List<CityMap.Row> grid(int count) {
        List<CityMap.Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new CityMap.Row("urn:x:" + i, "X" + i, 3.6 + (i % 100) * 0.002, 51.0 + (i / 100) * 0.002, "",
                    i % 3 == 0 ? "high" : "low"));
        }
        return rows;
    }

    @Test
    void aSmallLayerKeepsOneMarkerPerPlacedEntity() {
        List<CityMap.Row> rows = new ArrayList<>(grid(30));
        rows.add(new CityMap.Row("urn:x:nowhere", "Nowhere", null, null, "", "none"));
        MapClusters.Placed placed = MapClusters.of(rows, null, 12, MapClusters.MAX_MARKERS);
        assertThat(placed.rows()).hasSize(30);
        assertThat(placed.clusters()).isEmpty();
    }

    @Test
    void aLargeLayerBecomesClustersThatCountEveryEntityOnce() {
        List<CityMap.Row> rows = grid(10_000);
        MapClusters.Placed placed = MapClusters.of(rows, null, 12, MapClusters.MAX_MARKERS);
        int shown = placed.rows().size() + placed.clusters().stream().mapToInt(MapClusters.Cluster::count).sum();
        assertThat(shown).isEqualTo(10_000);
        assertThat(placed.rows().size() + placed.clusters().size()).isLessThan(500);
        assertThat(placed.clusters()).allMatch(cluster -> cluster.band().equals("low"));
    }

    @Test
    void zoomingInOnAnAreaShowsItsEntitiesOneByOne() {
        MapClusters.Bounds corner = MapClusters.Bounds.parse("3.5995,50.9995,3.6105,51.0105");
        MapClusters.Placed placed = MapClusters.of(grid(10_000), corner, 17, MapClusters.MAX_MARKERS);
        assertThat(placed.clusters()).isEmpty();
        assertThat(placed.rows()).hasSize(36);
        assertThat(MapClusters.Bounds.parse("1,2,3")).isNull();
        assertThat(MapClusters.Bounds.parse("3,2,1,0")).isNull();
        assertThat(MapClusters.Bounds.parse("a,b,c,d")).isNull();
    }
}
