package be.belfort.subscriptions;

import be.belfort.model.Entity;
import be.belfort.model.EntityChange;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored form of a notified change reads back as the change: what its notifications are rendered from. */
class ChangeCodecTest {
    private static final String TYPE = "https://uri.etsi.org/ngsi-ld/default-context/OffStreetParking";
    private static final String SPOTS = "https://uri.etsi.org/ngsi-ld/default-context/availableSpotNumber";
    private static final String NAME = "https://uri.etsi.org/ngsi-ld/name";

    @Test
    void anUpdateReadsBackWithItsAttributesTimesScopesAndDeletions() throws Exception {
        Entity before = entity(1);
        Entity after = entity(2);
        after.setExpiresAt(Instant.parse("2026-03-02T00:00:00Z"));
        after.recordDeletion(NAME, Parsing.object("{\"type\": \"Property\", \"value\": \"P1\"}"),
                Instant.parse("2026-03-01T12:00:01Z"));

        ObjectNode stored = ChangeCodec.write(new EntityChange(before, after), true);
        EntityChange read = ChangeCodec.read(Parsing.JSON.readTree(stored.toString()));

        assertSame(read.before(), before);
        assertSame(read.after(), after);
        assertThat(read.after().expiresAt()).isEqualTo(after.expiresAt());
        assertThat(read.after().deletions()).isEqualTo(after.deletions());
    }

    @Test
    void theEntityAsTheChangeFoundItIsLeftOutUnlessARenderingNeedsItOrTheChangeDeletedIt() throws Exception {
        Entity before = entity(1);

        EntityChange update = ChangeCodec.read(Parsing.JSON.readTree(
                ChangeCodec.write(new EntityChange(before, entity(2)), false).toString()));
        EntityChange deletion = ChangeCodec.read(Parsing.JSON.readTree(
                ChangeCodec.write(new EntityChange(before, null), false).toString()));

        assertThat(update.before()).isNull();
        assertSame(update.after(), entity(2));
        assertThat(deletion.after()).isNull();
        assertSame(deletion.before(), before);
    }

    private static void assertSame(Entity read, Entity written) {
        assertThat(read.id()).isEqualTo(written.id());
        assertThat(read.types()).isEqualTo(written.types());
        assertThat(read.scopes()).isEqualTo(written.scopes());
        assertThat(read.createdAt()).isEqualTo(written.createdAt());
        assertThat(read.modifiedAt()).isEqualTo(written.modifiedAt());
        assertThat(read.attributes()).isEqualTo(written.attributes());
        assertThat(new ArrayList<>(read.attributes().keySet())).isEqualTo(new ArrayList<>(written.attributes().keySet()));
    }

    private static Entity entity(int spots) {
        Map<String, List<ObjectNode>> attributes = new LinkedHashMap<>();
        attributes.put(SPOTS, List.of(Parsing.object("{\"type\": \"Property\", \"value\": " + spots
                + ", \"modifiedAt\": \"2026-03-01T12:00:0" + spots + "Z\"}")));
        attributes.put(NAME, List.of(Parsing.object("{\"type\": \"Property\", \"value\": \"P1\", \"datasetId\": \"urn:a\"}")));
        return new Entity("urn:ngsi-ld:OffStreetParking:1", List.of(TYPE), List.of("/Gent/Centrum"),
                Instant.parse("2026-03-01T11:00:00Z"), Instant.parse("2026-03-01T12:00:0" + spots + "Z"), attributes);
    }
}
