package be.belfort.opendata;

import be.belfort.model.ErrorType;
import be.belfort.model.History;
import be.belfort.model.NgsiLdException;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.util.Models;
import org.eclipse.rdf4j.model.util.Values;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.Rio;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static be.belfort.opendata.Fixtures.PARKING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStreamsTest {
    private static final String TREE = "https://w3id.org/tree#";
    private static final IRI TYPE = Values.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    private static final IRI MEMBER = Values.iri(TREE + "member");
    private static final IRI RELATION = Values.iri(TREE + "relation");
    private static final IRI NODE = Values.iri(TREE + "node");
    private static final IRI VALUE = Values.iri(TREE + "value");
    private static final IRI IS_VERSION_OF = Values.iri("http://purl.org/dc/terms/isVersionOf");
    private static final String STREAM = "https://data.example.org/datasets/-/OffStreetParking/ldes";
    private static final int PAGE_SIZE = 3;
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final Members store = new Members();
    private String retention;
    private final EventStreams streams = new EventStreams(store, Fixtures.CORE, Fixtures.LOADER, Fixtures.JSON, PAGE_SIZE,
            SETTLE, (tenant, type) -> Optional.ofNullable(retention));
    private final Dataset parking = Fixtures.parking();

    @Test
    void fullSettledPagesCloseInCommitOrderAndTheRestStaysOpen() {
        for (int i = 0; i < 7; i++) {
            store.change("urn:ngsi-ld:OffStreetParking:" + i, NOW.minusSeconds(600 - i), "availableSpotNumber", i);
        }

        assertThat(streams.closePages(parking, NOW, 10)).isEqualTo(2);

        assertThat(store.pages).containsOnlyKeys(0, 1);
        MemberStore.Page first = store.pages.get(0);
        assertThat(first.memberCount()).isEqualTo(PAGE_SIZE);
        assertThat(first.first().entityId()).isEqualTo("urn:ngsi-ld:OffStreetParking:0");
        assertThat(first.last().entityId()).isEqualTo("urn:ngsi-ld:OffStreetParking:2");
        assertThat(store.pages.get(1).first().entityId()).isEqualTo("urn:ngsi-ld:OffStreetParking:3");
        assertThat(streams.closePages(parking, NOW, 10)).as("nothing more to close").isZero();
    }

    @Test
    void aFullPageWithAMemberYoungerThanTheSettleTimeStaysOpen() {
        store.change("urn:a", NOW.minusSeconds(60), "availableSpotNumber", 1);
        store.change("urn:b", NOW.minusSeconds(30), "availableSpotNumber", 2);
        store.change("urn:c", NOW.minus(SETTLE).plusSeconds(1), "availableSpotNumber", 3);

        assertThat(streams.closePages(parking, NOW, 10)).isZero();
        assertThat(streams.closePages(parking, NOW.plus(SETTLE), 10)).isEqualTo(1);
    }

    @Test
    void closingStopsAtTheGivenNumberOfPagesAndGoesOnAtTheNextRun() {
        for (int i = 0; i < 9; i++) {
            store.change("urn:e" + i, NOW.minusSeconds(600 - i), "availableSpotNumber", i);
        }

        assertThat(streams.closePages(parking, NOW, 2)).isEqualTo(2);
        assertThat(streams.closePages(parking, NOW, 2)).isEqualTo(1);
        assertThat(store.pages.get(2).first().entityId()).isEqualTo("urn:e6");
    }

    @Test
    void fullPagesNotYetClosedAreCountedAsWaitingUntilTheyClose() {
        for (int i = 0; i < 10; i++) {
            store.change("urn:w" + i, NOW.minusSeconds(600 - i), "availableSpotNumber", i);
        }
        store.change("urn:young1", NOW.minusSeconds(1), "availableSpotNumber", 1);
        store.change("urn:young2", NOW.minusSeconds(1), "availableSpotNumber", 2);

        streams.closePages(parking, NOW, 1);
        assertThat(streams.pagesWaiting()).as("12 members: one page closed, three full ones wait").isEqualTo(3);
        streams.closePages(parking, NOW, 10);
        assertThat(streams.pagesWaiting()).as("the last full page holds members younger than the settle time")
                .isEqualTo(1);
        streams.closePages(parking, NOW.plus(SETTLE), 10);
        assertThat(streams.pagesWaiting()).isZero();

        for (int i = 0; i < 3; i++) {
            store.change("urn:later" + i, NOW.plus(SETTLE), "availableSpotNumber", i);
        }
        streams.closePages(parking, NOW, 10);
        assertThat(streams.pagesWaiting()).isEqualTo(1);
        streams.keepWaitingOf(List.of());
        assertThat(streams.pagesWaiting()).as("a dataset no longer open").isZero();
    }

    @Test
    void aRunReadsOnlyWhatWasWrittenSinceThePreviousRun() {
        MemberStore.Position first = new MemberStore.Position(NOW.minusSeconds(600), "urn:first");
        MemberStore.Position second = new MemberStore.Position(NOW.minusSeconds(5), "urn:second");
        MemberStore.Position third = new MemberStore.Position(NOW.plusSeconds(1), "urn:third");
        store.change(first.entityId(), first.at(), "availableSpotNumber", 1);
        streams.closePages(parking, NOW, 10);
        store.change(second.entityId(), second.at(), "availableSpotNumber", 2);
        store.forgetReads();

        assertThat(streams.closePages(parking, NOW.plus(SETTLE), 10)).as("two members: the page is not full").isZero();
        assertThat(store.readsFrom).as("no member read again").isEmpty();
        assertThat(store.scansFrom).as("scanned from the previous run's horizon on")
                .containsExactly(new MemberStore.Position(NOW.minus(SETTLE), ""));

        store.change(third.entityId(), third.at(), "availableSpotNumber", 3);
        store.forgetReads();
        assertThat(streams.closePages(parking, NOW.plus(SETTLE).plus(SETTLE), 10)).isEqualTo(1);
        assertThat(store.scansFrom).containsExactly(new MemberStore.Position(NOW, ""));
        assertThat(store.readsAt).as("the full page read where its members sit").containsExactly(first, second, third);
        assertThat(store.readsFrom).as("the next page looked for after it").containsExactly(third);
        MemberStore.Page page = store.pages.get(0);
        assertThat(page.memberCount()).isEqualTo(PAGE_SIZE);
        assertThat(page.first()).isEqualTo(first);
        assertThat(page.last()).isEqualTo(third);
    }

    @Test
    void theOpenPageReadsItsSettledMembersWhereARunFoundThem() {
        for (int i = 0; i < 3; i++) {
            store.change("urn:closed" + i, NOW.minusSeconds(900 + i), "availableSpotNumber", i);
        }
        MemberStore.Position settled = new MemberStore.Position(NOW.minusSeconds(300), "urn:open");
        store.change(settled.entityId(), settled.at(), "availableSpotNumber", 9);
        streams.closePages(parking, NOW, 10);
        store.change("urn:fresh", NOW.minusSeconds(1), "availableSpotNumber", 10);
        store.forgetReads();

        EventStreams.PageAnswer open = streams.page(parking, STREAM, 1, NOW);

        assertThat(members(open.model())).containsExactlyInAnyOrder("urn:open", "urn:fresh");
        assertThat(store.readsAt).containsExactly(settled);
        assertThat(store.readsFrom).as("the rest from the run's horizon on")
                .containsExactly(new MemberStore.Position(NOW.minus(SETTLE), ""));
    }

    @Test
    void anUnchangedOpenPageHasTheSameVersionAndANewMemberOrAnEditMakesANewOne() {
        store.change("urn:a", NOW.minusSeconds(60), "availableSpotNumber", 1);
        EventStreams.PageAnswer first = streams.page(parking, STREAM, 0, NOW);
        EventStreams.PageAnswer again = streams.page(parking, STREAM, 0, NOW.plusSeconds(1));

        assertThat(again.version()).isEqualTo(first.version());
        assertThat(Models.isomorphic(again.model(), first.model())).as("the same triples").isTrue();

        store.change("urn:b", NOW.minusSeconds(30), "availableSpotNumber", 2);
        EventStreams.PageAnswer grown = streams.page(parking, STREAM, 0, NOW);
        assertThat(grown.version()).isNotEqualTo(first.version());
        assertThat(members(grown.model())).containsExactlyInAnyOrder("urn:a", "urn:b");

        store.changes.replaceAll(change -> change.position().entityId().equals("urn:a")
                ? new MemberStore.Change(change.position(), List.of(new History.Written(
                        Fixtures.DEFAULT_VOCAB + "availableSpotNumber", Fixtures.property(7))))
                : change);
        assertThat(streams.page(parking, STREAM, 0, NOW).version()).as("an instance edited in place")
                .isNotEqualTo(grown.version());
        assertThat(streams.closePages(parking, NOW, 10)).isZero();
        assertThat(first.closed()).isFalse();
        assertThat(first.closedWithLastAt()).isNull();
    }

    @Test
    void aCountedMemberThatIsGoneIsNotClosedIntoAPage() {
        store.change("urn:a", NOW.minusSeconds(600), "availableSpotNumber", 1);
        store.change("urn:b", NOW.minusSeconds(500), "availableSpotNumber", 2);
        streams.closePages(parking, NOW, 10);
        store.changes.removeIf(change -> change.position().entityId().equals("urn:a"));
        store.change("urn:c", NOW.minusSeconds(5), "availableSpotNumber", 3);

        assertThat(streams.closePages(parking, NOW.plus(SETTLE), 10)).as("three counted, two left").isZero();
        store.change("urn:d", NOW.plusSeconds(1), "availableSpotNumber", 4);
        assertThat(streams.closePages(parking, NOW.plus(SETTLE).plus(SETTLE), 10)).isEqualTo(1);
        assertThat(store.pages.get(0).first().entityId()).isEqualTo("urn:b");
        assertThat(store.pages.get(0).last().entityId()).isEqualTo("urn:d");
    }

    @Test
    void aPageClosedElsewhereMakesTheNextRunReadAfterIt() {
        store.change("urn:a", NOW.minusSeconds(600), "availableSpotNumber", 1);
        store.change("urn:b", NOW.minusSeconds(500), "availableSpotNumber", 2);
        streams.closePages(parking, NOW, 10);
        MemberStore.Position b = new MemberStore.Position(NOW.minusSeconds(500), "urn:b");
        // another node closed a page ending at urn:b
        store.savePage("t", PARKING, new MemberStore.Page(0, new MemberStore.Position(NOW.minusSeconds(600), "urn:a"), b,
                2, ""));
        store.forgetReads();

        assertThat(streams.closePages(parking, NOW, 10)).isZero();
        assertThat(store.readsFrom).containsExactly(b);
    }

    @Test
    void closedPagesLinkForwardsOnTheirLastTimeAndBackwards() {
        for (int i = 0; i < 7; i++) {
            store.change("urn:e" + i, NOW.minusSeconds(600 - i), "availableSpotNumber", i);
        }
        streams.closePages(parking, NOW, 10);

        EventStreams.PageAnswer first = streams.page(parking, STREAM, 0, NOW);
        assertThat(first.closed()).isTrue();
        assertThat(first.closedWithLastAt()).isEqualTo(NOW.minusSeconds(598));
        assertThat(relations(first.model(), 0)).containsOnlyKeys("GreaterThanOrEqualToRelation");
        assertThat(relations(first.model(), 0).get("GreaterThanOrEqualToRelation"))
                .isEqualTo(EventStreams.pageUrl(STREAM, 1));
        assertThat(members(first.model())).containsExactlyInAnyOrder("urn:e0", "urn:e1", "urn:e2");

        Map<String, String> second = relations(streams.page(parking, STREAM, 1, NOW).model(), 1);
        assertThat(second).containsEntry("GreaterThanOrEqualToRelation", EventStreams.pageUrl(STREAM, 2))
                .containsEntry("LessThanRelation", EventStreams.pageUrl(STREAM, 0));
    }

    @Test
    void theOpenPageShowsTheNewestMembersAndLinksBackToTheLastClosedOne() {
        for (int i = 0; i < 5; i++) {
            store.change("urn:e" + i, NOW.minusSeconds(600 - i), "availableSpotNumber", i);
        }
        streams.closePages(parking, NOW, 10);
        store.change("urn:fresh", NOW.minusSeconds(1), "availableSpotNumber", 99);

        EventStreams.PageAnswer open = streams.page(parking, STREAM, 1, NOW);

        assertThat(open.closed()).isFalse();
        assertThat(members(open.model())).containsExactlyInAnyOrder("urn:e3", "urn:e4", "urn:fresh");
        assertThat(relations(open.model(), 1)).containsOnlyKeys("LessThanRelation");
    }

    @Test
    void aPageBeyondTheOpenOneIsNotFound() {
        store.change("urn:a", NOW.minusSeconds(600), "availableSpotNumber", 1);

        assertThat(streams.page(parking, STREAM, 0, NOW).closed()).isFalse();
        for (int number : new int[] {1, 7, -1}) {
            assertThatThrownBy(() -> streams.page(parking, STREAM, number, NOW))
                    .isInstanceOfSatisfying(NgsiLdException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND));
        }
    }

    @Test
    void retentionMakesOldClosedPagesGoneAndTheViewStartsAtTheFirstKeptPage() {
        for (int i = 0; i < 6; i++) {
            store.change("urn:e" + i, NOW.minus(Duration.ofHours(i < 3 ? 3 : 1)).plusSeconds(i), "availableSpotNumber", i);
        }
        streams.closePages(parking, NOW, 10);
        retention = "PT2H";

        assertThatThrownBy(() -> streams.page(parking, STREAM, 0, NOW))
                .isInstanceOfSatisfying(NgsiLdException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.GONE));
        assertThat(streams.page(parking, STREAM, 1, NOW).closed()).isTrue();
        Model view = streams.view(parking, STREAM, NOW);
        IRI root = Values.iri(EventStreams.viewUrl(STREAM));
        Resource relation = Models.objectResource(view.filter(root, RELATION, null)).orElseThrow();
        assertThat(Models.objectIRI(view.filter(relation, NODE, null))).contains(Values.iri(EventStreams.pageUrl(STREAM, 1)));
        assertThat(view.filter(null, VALUE, null).objects()).extracting(Value::stringValue).contains("PT2H");
    }

    @Test
    void withoutRetentionTheViewStartsAtTheFirstPage() {
        Model view = streams.view(parking, STREAM, NOW);
        Resource relation = Models.objectResource(view.filter(Values.iri(EventStreams.viewUrl(STREAM)), RELATION, null))
                .orElseThrow();
        assertThat(Models.objectIRI(view.filter(relation, NODE, null))).contains(Values.iri(EventStreams.pageUrl(STREAM, 0)));
    }

    @Test
    void personalAttributesAreNotPublishedAndAChangeOfOnlyThoseIsNoMember() {
        Dataset withPersonal = Fixtures.dataset("", PARKING, "OffStreetParking", Set.of(Fixtures.DEFAULT_VOCAB + "driver"));
        store.change("urn:a", NOW.minusSeconds(600), "availableSpotNumber", 1);
        store.change("urn:b", NOW.minusSeconds(599), "driver", "someone");
        store.change("urn:c", NOW.minusSeconds(598), "availableSpotNumber", 3);

        streams.closePages(withPersonal, NOW, 10);

        assertThat(store.pages.get(0).members()).doesNotContain(Fixtures.DEFAULT_VOCAB + "driver").doesNotContain("someone");
        assertThat(members(streams.page(withPersonal, STREAM, 0, NOW).model())).containsExactlyInAnyOrder("urn:a", "urn:c");
    }

    @Test
    void aClosedPageAsNTriplesHoldsTheSameTriplesAsTheParsedPage() throws IOException {
        for (int i = 0; i < 3; i++) {
            store.change("urn:e" + i, NOW.minusSeconds(600 - i), "availableSpotNumber", i);
        }
        streams.closePages(parking, NOW, 10);

        EventStreams.ClosedText text = streams.closedPageAsNTriples(parking, STREAM, 0, NOW).orElseThrow();
        Model parsed = Rio.parse(new StringReader(text.text()), RDFFormat.NTRIPLES);

        assertThat(text.lastAt()).isEqualTo(NOW.minusSeconds(598));
        assertThat(members(parsed)).containsExactlyInAnyOrder("urn:e0", "urn:e1", "urn:e2");
        assertThat(parsed.size()).isEqualTo(streams.page(parking, STREAM, 0, NOW).model().size());
        assertThat(streams.closedPageAsNTriples(parking, STREAM, 1, NOW)).isEmpty();
    }

    @Test
    void theLatestStateViewLinksToItsNextPageOnlyWhenFull() {
        List<be.belfort.model.Entity> entities = new ArrayList<>();
        for (int i = 0; i < PAGE_SIZE + 1; i++) {
            entities.add(Fixtures.entity("urn:e" + i, PARKING, Map.of("availableSpotNumber", Fixtures.property(i))));
        }
        Model first = streams.latest(parking, STREAM, 0, (offset, limit) ->
                entities.subList(Math.min(offset, entities.size()), Math.min(offset + limit, entities.size())));
        Model second = streams.latest(parking, STREAM, 1, (offset, limit) ->
                entities.subList(Math.min(offset, entities.size()), Math.min(offset + limit, entities.size())));

        IRI firstNode = Values.iri(EventStreams.latestUrl(STREAM, 0));
        Resource next = Models.objectResource(first.filter(firstNode, RELATION, null)).orElseThrow();
        assertThat(Models.objectIRI(first.filter(next, NODE, null))).contains(Values.iri(EventStreams.latestUrl(STREAM, 1)));
        assertThat(Models.objectIRI(first.filter(next, VALUE, null))).contains(Values.iri("urn:e2"));
        assertThat(second.filter(Values.iri(EventStreams.latestUrl(STREAM, 1)), RELATION, null)).isEmpty();
        assertThat(members(second)).containsExactly("urn:e3");
        assertThatThrownBy(() -> streams.latest(parking, STREAM, 2, (offset, limit) -> List.of()))
                .isInstanceOf(NgsiLdException.class);
    }

    /** The entities of which the stream holds a version (tree:member), by their dct:isVersionOf. */
    private static Set<String> members(Model model) {
        return model.filter(Values.iri(STREAM), MEMBER, null).objects().stream()
                .flatMap(version -> model.filter((Resource) version, IS_VERSION_OF, null).objects().stream())
                .map(Value::stringValue).collect(Collectors.toSet());
    }

    /** The relations of a page: the local name of the relation type to the page it leads to. */
    private static Map<String, String> relations(Model model, int number) {
        Map<String, String> byType = new TreeMap<>();
        for (Value relation : model.filter(Values.iri(EventStreams.pageUrl(STREAM, number)), RELATION, null).objects()) {
            String type = Models.objectIRI(model.filter((Resource) relation, TYPE, null)).orElseThrow().getLocalName();
            String node = Models.objectIRI(model.filter((Resource) relation, NODE, null)).orElseThrow().stringValue();
            byType.put(type, node);
        }
        return byType;
    }

    /** The history of one dataset and its closed pages, in memory. */
    private static final class Members implements MemberStore {
        private final List<Change> changes = new ArrayList<>();
        private final TreeMap<Integer, Page> pages = new TreeMap<>();
        /** Where each read of changes, and each scan for positions, started (null: from the start). */
        private final List<Position> readsFrom = new ArrayList<>();
        private final List<Position> scansFrom = new ArrayList<>();
        /** The positions of changes read where they sit. */
        private final List<Position> readsAt = new ArrayList<>();

        void forgetReads() {
            readsFrom.clear();
            scansFrom.clear();
            readsAt.clear();
        }

        @Override
        public java.util.Optional<Instant> lastChange(String tenant, String type) {
            return changes.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(changes.get(changes.size() - 1).position().at());
        }

        void change(String entityId, Instant at, String attribute, Object value) {
            changes.add(new Change(new Position(at, entityId),
                    List.of(new History.Written(Fixtures.DEFAULT_VOCAB + attribute, Fixtures.property(value)))));
            changes.sort((a, b) -> a.position().compareTo(b.position()));
        }

        @Override
        public List<Change> changesAfter(String tenant, String type, Position after, Instant before, int limit) {
            return changesAfter(tenant, type, after, before, limit, true);
        }

        private List<Change> changesAfter(String tenant, String type, Position after, Instant before, int limit,
                                          boolean read) {
            if (read) {
                readsFrom.add(after);
            }
            return changes.stream()
                    .filter(change -> after == null || change.position().compareTo(after) > 0)
                    .filter(change -> change.position().at().isBefore(before))
                    .limit(limit).toList();
        }

        @Override
        public List<Position> positionsAfter(String tenant, String type, Position after, Instant before, int limit) {
            scansFrom.add(after);
            return changesAfter(tenant, type, after, before, limit, false).stream().map(Change::position).toList();
        }

        @Override
        public List<Change> changesAt(String tenant, String type, List<Position> positions) {
            readsAt.addAll(positions);
            return changes.stream().filter(change -> positions.contains(change.position())).toList();
        }

        @Override
        public long countAfter(String tenant, String type, Position after, long limit) {
            return Math.min(limit, changes.stream().filter(change -> after == null || change.position().compareTo(after) > 0)
                    .count());
        }

        @Override
        public Optional<Page> page(String tenant, String type, int number) {
            return Optional.ofNullable(pages.get(number));
        }

        @Override
        public Optional<Bounds> lastPage(String tenant, String type) {
            return pages.isEmpty() ? Optional.empty() : Optional.of(pages.lastEntry().getValue())
                    .map(page -> new Bounds(page.number(), page.first(), page.last()));
        }

        @Override
        public int firstPageEndingFrom(String tenant, String type, Instant at) {
            return pages.values().stream().filter(page -> !page.last().at().isBefore(at)).mapToInt(Page::number)
                    .findFirst().orElse(pages.size());
        }

        @Override
        public void savePage(String tenant, String type, Page page) {
            pages.put(page.number(), page);
        }
    }
}
