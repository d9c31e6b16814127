package be.belfort.dashboard;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TablePageTest {
    private static List<CityMap.Row> rows(int count) {
        List<CityMap.Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new CityMap.Row("urn:x:%03d".formatted(i), "X" + i, null, null, "", "none"));
        }
        return rows;
    }

    @Test
    void theFirstPageByDefaultAndEveryRowOnExactlyOnePage() {
        TablePage first = TablePage.of(rows(25), null, 10);
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.rows()).hasSize(10);
        assertThat(first.hasPrevious()).isFalse();
        assertThat(first.hasNext()).isTrue();
        TablePage last = TablePage.of(rows(25), "3", 10);
        assertThat(last.rows()).extracting(CityMap.Row::id).containsExactly("urn:x:020", "urn:x:021", "urn:x:022",
                "urn:x:023", "urn:x:024");
        assertThat(last.from()).isEqualTo(21);
        assertThat(last.to()).isEqualTo(25);
        assertThat(last.hasNext()).isFalse();
        assertThat(last.hasPrevious()).isTrue();
    }

    @Test
    void anEmptyLayerHasOneEmptyPage() {
        TablePage only = TablePage.of(List.of(), "1", 10);
        assertThat(only.pages()).isEqualTo(1);
        assertThat(only.rows()).isEmpty();
        assertThat(only.from()).isZero();
    }

    @Test
    void aPageThatIsNotOneOfTheTablesSaysWhichThereAre() {
        for (String asked : List.of("0", "-1", "4", "two", "", "1.5")) {
            assertThatThrownBy(() -> TablePage.of(rows(25), asked, 10)).as(asked)
                    .isInstanceOfSatisfying(TablePage.OutOfRange.class, outOfRange -> assertThat(outOfRange.pages()).isEqualTo(3))
                    .hasMessageContaining("from 1 to 3");
        }
    }
}
