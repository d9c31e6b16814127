package be.belfort.storage;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An external server whose statistics come late is named in the log; the embedded server's settings are not. */
class StatisticsSettingsTest {

    @Test
    void aServerWithTheDefaultNaptimeIsAdvisedTheEmbeddedOne() {
        assertThat(StatisticsSettings.advice(Map.of("autovacuum", "on", "autovacuum_naptime", "60")))
                .singleElement().asString().contains("every 60 s", "10 s");
    }

    @Test
    void aServerWithoutAutovacuumIsToldThatNothingAnalysesItsTables() {
        assertThat(StatisticsSettings.advice(Map.of("autovacuum", "off", "autovacuum_naptime", "10")))
                .singleElement().asString().contains("without autovacuum");
    }

    @Test
    void aNaptimeOfTenSecondsOrLessNeedsNoAdvice() {
        assertThat(StatisticsSettings.advice(Map.of("autovacuum", "on", "autovacuum_naptime", "10"))).isEmpty();
        assertThat(StatisticsSettings.advice(Map.of("autovacuum", "on", "autovacuum_naptime", "5"))).isEmpty();
    }

    @Test
    void theEmbeddedServerHasTheSettingsItRecommends() throws SQLException {
        try (TestDatabase db = new TestDatabase("statistics-settings")) {
            Map<String, String> settings = StatisticsSettings.read(db.database().dataSource());
            assertThat(settings).containsEntry("autovacuum", "on")
                    .containsEntry("autovacuum_naptime", String.valueOf(StatisticsSettings.NAPTIME_SECONDS));
            assertThat(StatisticsSettings.advice(settings)).isEmpty();
        }
    }
}
