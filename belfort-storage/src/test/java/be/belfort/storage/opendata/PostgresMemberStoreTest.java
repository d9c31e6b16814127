package be.belfort.storage.opendata;

import be.belfort.model.History;
import be.belfort.opendata.MemberStore;
import be.belfort.storage.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The members of an event stream as PostgreSQL reads them from the history, in commit order, and its closed pages. */
class PostgresMemberStoreTest {
    private static final String TENANT = "stream";
    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final SteppingClock CLOCK = new SteppingClock();
    private static TestDatabase db;
    private static PostgresMemberStore members;
    private static String parking;

    @BeforeAll
    static void writeChanges() {
        db = new TestDatabase("stream", CLOCK);
        members = new PostgresMemberStore(db.database().dataSource(), TestDatabase.JSON);
        parking = db.core().expand("OffStreetParking");
        CLOCK.at = START;
        db.create(TENANT, """
                {"id": "urn:ngsi-ld:OffStreetParking:b", "type": "OffStreetParking",
                 "spots": {"type": "Property", "value": 1}, "name": {"type": "Property", "value": "B"}}""");
        db.create(TENANT, """
                {"id": "urn:ngsi-ld:OffStreetParking:a", "type": "OffStreetParking",
                 "spots": {"type": "Property", "value": 2}}""");
        db.create(TENANT, "{\"id\": \"urn:ngsi-ld:Bench:1\", \"type\": \"Bench\", \"spots\": {\"type\": \"Property\", \"value\": 3}}");
        db.create("elsewhere", "{\"id\": \"urn:ngsi-ld:OffStreetParking:x\", \"type\": \"OffStreetParking\"}");
        CLOCK.at = START.plusSeconds(10);
        db.service().appendAttributes(TENANT, "urn:ngsi-ld:OffStreetParking:b", db.read("""
                {"id": "urn:ngsi-ld:OffStreetParking:b", "type": "OffStreetParking",
                 "spots": {"type": "Property", "value": 0}}""").attributes(), null, java.util.List.of(), false);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void changesComeInCommitOrderWithTiesByEntityIdAndEveryInstanceEachWrote() {
        List<MemberStore.Change> changes = members.changesAfter(TENANT, parking, null, START.plusSeconds(60), 10);

        assertThat(changes).extracting(change -> change.position().entityId()).containsExactly(
                "urn:ngsi-ld:OffStreetParking:a", "urn:ngsi-ld:OffStreetParking:b", "urn:ngsi-ld:OffStreetParking:b");
        assertThat(changes).extracting(change -> change.position().at())
                .containsExactly(START, START, START.plusSeconds(10));
        assertThat(changes.get(1).written()).extracting(History.Written::attribute)
                .containsExactly(db.core().expand("name"), db.core().expand("spots"));
        assertThat(changes.get(2).written()).hasSize(1);
        assertThat(changes.get(2).written().get(0).instance().get("value").asInt()).isZero();
    }

    @Test
    void theWindowStartsAfterAPositionEndsBeforeATimeAndHoldsAtMostTheLimit() {
        MemberStore.Position first = new MemberStore.Position(START, "urn:ngsi-ld:OffStreetParking:a");

        assertThat(members.changesAfter(TENANT, parking, first, START.plusSeconds(60), 10))
                .extracting(change -> change.position().entityId())
                .containsExactly("urn:ngsi-ld:OffStreetParking:b", "urn:ngsi-ld:OffStreetParking:b");
        assertThat(members.changesAfter(TENANT, parking, null, START.plusSeconds(10), 10)).as("before is exclusive")
                .hasSize(2);
        assertThat(members.changesAfter(TENANT, parking, null, START.plusSeconds(60), 1)).hasSize(1);
        assertThat(members.changesAfter("nobody", parking, null, START.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void changesAfterAPositionAreCountedUpToTheLimit() {
        MemberStore.Position first = new MemberStore.Position(START, "urn:ngsi-ld:OffStreetParking:a");

        assertThat(members.countAfter(TENANT, parking, null, 10)).isEqualTo(3);
        assertThat(members.countAfter(TENANT, parking, first, 10)).isEqualTo(2);
        assertThat(members.countAfter(TENANT, parking, null, 2)).isEqualTo(2);
        assertThat(members.countAfter("nobody", parking, null, 10)).isZero();
    }

    @Test
    void theChangesFoundByTheirPositionsAreThoseReadAfterAPosition() {
        List<MemberStore.Position> positions = members.positionsAfter(TENANT, parking, null, START.plusSeconds(60), 10);
        List<MemberStore.Change> read = members.changesAfter(TENANT, parking, null, START.plusSeconds(60), 10);

        assertThat(positions).isEqualTo(read.stream().map(MemberStore.Change::position).toList());
        assertThat(members.changesAt(TENANT, parking, positions)).usingRecursiveComparison().isEqualTo(read);
        assertThat(members.changesAt(TENANT, parking, positions.subList(1, 3))).usingRecursiveComparison()
                .isEqualTo(read.subList(1, 3));
        assertThat(members.positionsAfter(TENANT, parking, positions.get(0), START.plusSeconds(10), 10))
                .as("after a position, before a time").containsExactly(positions.get(1));
        MemberStore.Position bench = new MemberStore.Position(START, "urn:ngsi-ld:Bench:1");
        assertThat(members.changesAt(TENANT, parking, List.of(bench))).as("a change of another type").isEmpty();
        assertThat(members.changesAt("elsewhere", parking, positions)).isEmpty();
        assertThat(members.changesAt(TENANT, parking, List.of())).isEmpty();
    }

    @Test
    void aClosedPageIsKeptAsFirstSavedAndTheLastOneIsFound() {
        String type = "https://example.org/Closed";
        assertThat(members.lastPage(TENANT, type)).isEmpty();
        MemberStore.Position first = new MemberStore.Position(START, "urn:a");
        MemberStore.Position last = new MemberStore.Position(START.plusSeconds(1), "urn:b");
        members.savePage(TENANT, type, new MemberStore.Page(0, first, last, 2, "<urn:a> <urn:p> \"1\" .\n"));
        members.savePage(TENANT, type, new MemberStore.Page(1, last, last, 1, "<urn:b> <urn:p> \"2\" .\n"));
        members.savePage(TENANT, type, new MemberStore.Page(0, first, first, 9, "changed"));

        assertThat(members.page(TENANT, type, 0)).hasValueSatisfying(page -> {
            assertThat(page.memberCount()).isEqualTo(2);
            assertThat(page.last()).isEqualTo(last);
            assertThat(page.members()).isEqualTo("<urn:a> <urn:p> \"1\" .\n");
        });
        assertThat(members.lastPage(TENANT, type)).contains(new MemberStore.Bounds(1, last, last));
        assertThat(members.page("elsewhere", type, 0)).isEmpty();
    }

    @Test
    void theFirstPageEndingFromATimeIsFoundByTheTimeOfItsLastMember() {
        String type = "https://example.org/Kept";
        assertThat(members.firstPageEndingFrom(TENANT, type, START)).as("no page closed: the first to close").isZero();
        for (int number = 0; number < 4; number++) {
            MemberStore.Position first = new MemberStore.Position(START.plusSeconds(10L * number), "urn:a");
            MemberStore.Position last = new MemberStore.Position(START.plusSeconds(10L * number + 5), "urn:b");
            members.savePage(TENANT, type, new MemberStore.Page(number, first, last, 2, ""));
        }

        assertThat(members.firstPageEndingFrom(TENANT, type, START)).isZero();
        assertThat(members.firstPageEndingFrom(TENANT, type, START.plusSeconds(15))).as("at its last member").isEqualTo(1);
        assertThat(members.firstPageEndingFrom(TENANT, type, START.plusSeconds(16))).isEqualTo(2);
        assertThat(members.firstPageEndingFrom(TENANT, type, START.plusSeconds(36))).as("every page older: the open one")
                .isEqualTo(4);
        assertThat(members.firstPageEndingFrom("elsewhere", type, START.plusSeconds(36))).isZero();
    }

    /** A clock the test sets. */
    private static final class SteppingClock extends Clock {
        volatile Instant at = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return at;
        }
    }
}
