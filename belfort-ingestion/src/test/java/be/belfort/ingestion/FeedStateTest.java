package be.belfort.ingestion;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FeedStateTest {

    @Test
    void aFeedsMemoryKeptAsJsonIsRecalledWhole() {
        FeedState state = new FeedState();
        state.validators.put(URI.create("https://parking.example/status.xml"),
                new FeedClient.Validators("\"abc\"", "Tue, 01 Dec 2026 09:00:00 GMT"));
        state.validators.put(URI.create("https://parking.example/table.xml"), new FeedClient.Validators(null, null));
        state.table = Map.of("P1", new Datex2Publication.Site("P1", "Parking Markt", 420, 51.0536, 3.7253,
                Instant.parse("2026-12-01T08:00:00Z")), "P2", new Datex2Publication.Site("P2", null, null, null, null, null));
        state.written.put("urn:ngsi-ld:OffStreetParking:P1", "{availableSpotNumber=125}");
        Instant due = Instant.parse("2026-12-01T09:01:00Z");

        FeedState recalled = FeedState.of(state.toJson(), due);

        assertThat(recalled.due).isEqualTo(due);
        assertThat(recalled.validators).isEqualTo(state.validators);
        assertThat(recalled.table).isEqualTo(state.table);
        assertThat(recalled.written).isEqualTo(state.written);
        assertThat(recalled.changed).isFalse();
    }
}
