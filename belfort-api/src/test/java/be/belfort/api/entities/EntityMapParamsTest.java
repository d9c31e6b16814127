package be.belfort.api.entities;

import be.belfort.model.NgsiLdException;
import be.belfort.query.DistributedReads;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntityMapParamsTest {
    private static final String ID = "urn:ngsi-ld:EntityMap:1";

    @Test
    void aQueryAsksForAMapWithTheFlagOrTheHeaderAndForNoneOtherwise() {
        assertThat(EntityMapParams.of(null, null, null, "reader", false)).isNull();
        assertThat(EntityMapParams.of("false", null, null, "reader", false)).isNull();
        DistributedReads.MapRequest made = EntityMapParams.of("true", "PT5M", null, "reader", true);
        assertThat(made).isEqualTo(new DistributedReads.MapRequest(null, Duration.ofMinutes(5), "reader", true));
        assertThat(EntityMapParams.of("false", null, ID, "reader", false).mapId()).as("the header alone names a map")
                .isEqualTo(ID);
    }

    @Test
    void theHeaderNamesAMapByItsIdItsPathOrItsUrl() {
        assertThat(EntityMapParams.mapId(ID)).isEqualTo(ID);
        assertThat(EntityMapParams.mapId(EntityMapParams.location(ID))).isEqualTo(ID);
        assertThat(EntityMapParams.mapId("https://region.example.org/ngsi-ld/v1/entityMaps/urn%3Angsi-ld%3AEntityMap%3A1"))
                .isEqualTo(ID);
        assertThatThrownBy(() -> EntityMapParams.mapId("not a uri")).isInstanceOf(NgsiLdException.class)
                .hasMessageContaining("NGSILD-EntityMap");
    }

    @Test
    void aLifetimeIsAnIso8601DurationLongerThanZero() {
        assertThat(EntityMapParams.duration("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(EntityMapParams.duration("P1DT1H")).isEqualTo(Duration.ofHours(25));
        assertThat(EntityMapParams.duration("P1W")).isEqualTo(Duration.ofDays(7));
        assertThat(EntityMapParams.duration("P1Y2M")).isEqualTo(Duration.ofDays(365 + 60));
        assertThat(EntityMapParams.duration("PT0.5S")).isEqualTo(Duration.ofMillis(500));
        for (String bad : new String[] {"1hour", "P", "PT", "P1DT", "PT0S", "-PT1M", "P99999999999999999999D", ""}) {
            assertThatThrownBy(() -> EntityMapParams.duration(bad)).as(bad).isInstanceOf(NgsiLdException.class)
                    .hasMessageContaining("entityMapLifetime");
        }
    }

    @Test
    void aFlagOtherThanTrueOrFalseIsRefused() {
        assertThatThrownBy(() -> EntityMapParams.of("yes", null, null, "reader", false))
                .isInstanceOf(NgsiLdException.class).hasMessageContaining("entityMap must be true or false");
    }
}
