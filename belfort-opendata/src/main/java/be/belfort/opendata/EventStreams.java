package be.belfort.opendata;

import be.belfort.model.History;
import be.belfort.jsonld.LdContext;
import be.belfort.model.Entity;
import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.impl.LinkedHashModel;
import org.eclipse.rdf4j.model.util.Values;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.ParserConfig;
import org.eclipse.rdf4j.rio.Rio;
import org.eclipse.rdf4j.rio.helpers.BasicParserSettings;
import org.eclipse.rdf4j.rio.helpers.ParseErrorLogger;
import org.eclipse.rdf4j.model.impl.SimpleValueFactory;
import org.threeten.extra.PeriodDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The Linked Data Event Stream of each open dataset (w3id.org/ldes, w3id.org/tree): every committed change
 * of an entity is a member, a version of the entity. The view is fragmented by time into pages of
 * {@code pageSize} members in commit order; a page is closed (full, immutable, stored) once its members
 * are older than {@code settle}, so that no transaction still under way can add one to it. The last page
 * is open: it shows the newest members and changes until it is full.
 *
 * <p>Pages link forwards with {@code tree:GreaterThanOrEqualToRelation} and backwards with
 * {@code tree:LessThanRelation} on {@code prov:generatedAtTime}; the view links to the first page not
 * yet removed by the dataset's history retention, which the view states as an {@code ldes:DurationAgoPolicy}.
 */
public final class EventStreams {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreams.class);
    /** Waiting pages are counted up to this many per dataset: enough to see a backlog, bounded work every run. */
    static final int MAX_COUNTED_PAGES = 1000;
    private static final String LDES = "https://w3id.org/ldes#";
    private static final String TREE = "https://w3id.org/tree#";
    private static final IRI EVENT_STREAM = Values.iri(LDES + "EventStream");
    private static final IRI TIMESTAMP_PATH = Values.iri(LDES + "timestampPath");
    private static final IRI VERSION_OF_PATH = Values.iri(LDES + "versionOfPath");
    private static final IRI RETENTION_POLICY = Values.iri(LDES + "retentionPolicy");
    private static final IRI DURATION_AGO = Values.iri(LDES + "DurationAgoPolicy");
    private static final IRI VIEW = Values.iri(TREE + "view");
    private static final IRI MEMBER = Values.iri(TREE + "member");
    private static final IRI NODE = Values.iri(TREE + "Node");
    private static final IRI RELATION = Values.iri(TREE + "relation");
    private static final IRI ANY_RELATION = Values.iri(TREE + "Relation");
    private static final IRI GREATER_OR_EQUAL = Values.iri(TREE + "GreaterThanOrEqualToRelation");
    private static final IRI LESS_THAN = Values.iri(TREE + "LessThanRelation");
    private static final IRI PATH = Values.iri(TREE + "path");
    private static final IRI VALUE = Values.iri(TREE + "value");
    private static final IRI TO_NODE = Values.iri(TREE + "node");
    private static final IRI DURATION = Values.iri("http://www.w3.org/2001/XMLSchema#duration");
    private static final IRI POINT_IN_TIME = Values.iri(LDES + "PointInTimePolicy");
    private static final IRI POINT_IN_TIME_VALUE = Values.iri(LDES + "pointInTime");
    private static final IRI LATEST_VERSION_SUBSET = Values.iri(LDES + "LatestVersionSubset");
    private static final IRI AMOUNT = Values.iri(LDES + "amount");
    private static final IRI COMMENT = Values.iri("http://www.w3.org/2000/01/rdf-schema#comment");
    private static final IRI TITLE = Vocabulary.TITLE;

    /** A page ready to serve: its triples, and when closed (immutable) the time of its last member. */
    public static final class PageAnswer {
        private final Supplier<Model> triples;
        private final Instant closedWithLastAt;
        private final Object version;
        private Model model;

        private PageAnswer(Supplier<Model> triples, Instant closedWithLastAt, Object version) {
            this.triples = triples;
            this.closedWithLastAt = closedWithLastAt;
            this.version = version;
        }

        /** The page's triples, made on first use (an open page the caller kept a rendering of needs none). */
        public Model model() {
            if (model == null) {
                model = triples.get();
            }
            return model;
        }

        public boolean closed() {
            return closedWithLastAt != null;
        }

        public Instant closedWithLastAt() {
            return closedWithLastAt;
        }

        /**
         * What the triples of an open page follow from (the dataset, the page and the one before it, every member as
         * read): equal versions have the same triples, so a rendering kept with its version answers a poll of an
         * unchanged page. Null for a closed page, which never changes.
         */
        public Object version() {
            return version;
        }
    }

    /** The inputs of an open page's triples. */
    private record OpenVersion(Dataset dataset, String streamUrl, int number, Optional<MemberStore.Bounds> previous,
                               List<MemberStore.Change> changes) {
    }

    private final MemberStore store;
    private final MemberRdf rdf;
    private final int pageSize;
    private final Duration settle;
    private final BiFunction<String, String, Optional<String>> retention;
    /** Full pages not yet closed, per dataset path, as the last run of {@link #closePages} counted them. */
    private final Map<String, Long> waiting = new ConcurrentHashMap<>();
    /** The settled members after the last closed page, per dataset path, as the last run of {@link #closePages} left them. */
    private final Map<String, SettledTail> tails = new ConcurrentHashMap<>();

    /**
     * @param retention the history retention of (tenant, type) as an ISO 8601 duration, if any
     */
    public EventStreams(MemberStore store, LdContext core, DocumentLoader loader, ObjectMapper json, int pageSize,
                        Duration settle, BiFunction<String, String, Optional<String>> retention) {
        this.store = store;
        this.rdf = new MemberRdf(core, loader, json);
        this.pageSize = pageSize;
        this.settle = settle;
        this.retention = retention;
    }

    /**
     * Closes the pages that are full and settled, at most {@code maxPages} of them; returns how many. Run
     * in the background: a page is rendered to RDF once, when it closes. Between runs it remembers where the settled
     * members after the last closed page sit ({@link SettledTail}), so that a run scans only what was written since.
     */
    public int closePages(Dataset dataset, Instant now, int maxPages) {
        Optional<MemberStore.Bounds> last = store.lastPage(dataset.tenant(), dataset.type());
        int next = last.map(page -> page.number() + 1).orElse(0);
        MemberStore.Position after = last.map(MemberStore.Bounds::last).orElse(null);
        Instant horizon = now.minus(settle);
        SettledTail tail = tailAfter(dataset, after);
        int closed = 0;
        while (closed < maxPages) {
            List<MemberStore.Change> changes;
            if (tail == null) {
                changes = store.changesAfter(dataset.tenant(), dataset.type(), after, horizon, pageSize);
            } else {
                tail = tail.plus(store.positionsAfter(dataset.tenant(), dataset.type(), tail.scanFrom(), horizon,
                        pageSize - tail.members()), horizon);
                if (tail.members() < pageSize) {
                    break;
                }
                changes = store.changesAt(dataset.tenant(), dataset.type(), tail.positions());
            }
            if (changes.size() < pageSize) {
                // fewer than found before when members were removed since (or their entities' types changed)
                tail = SettledTail.of(after, tail == null || horizon.isAfter(tail.until()) ? horizon : tail.until(), changes);
                break;
            }
            StringWriter nquads = new StringWriter();
            Rio.write(rdf.members(dataset.type(), published(dataset, changes)), nquads, RDFFormat.NQUADS);
            MemberStore.Position first = changes.get(0).position();
            after = changes.get(changes.size() - 1).position();
            store.savePage(dataset.tenant(), dataset.type(), new MemberStore.Page(next, first, after, changes.size(),
                    nquads.toString()));
            tail = null;
            next++;
            closed++;
        }
        if (closed > 0) {
            LOG.debug("Closed {} event stream pages of {}", closed, dataset.path());
        }
        long limit = (long) pageSize * MAX_COUNTED_PAGES;
        long members;
        if (tail == null) {
            // this run's share closed: a backlog, counted from the last page closed
            tails.remove(dataset.path());
            members = store.countAfter(dataset.tenant(), dataset.type(), after, limit);
        } else {
            // the settled members counted, and those still settling
            tails.put(dataset.path(), tail);
            members = tail.members() + store.countAfter(dataset.tenant(), dataset.type(), tail.scanFrom(), limit);
        }
        waiting.put(dataset.path(), members / pageSize);
        return closed;
    }

    /** The tail the last run left, while the page it follows is still the last closed one. */
    private SettledTail tailAfter(Dataset dataset, MemberStore.Position after) {
        SettledTail tail = tails.get(dataset.path());
        return tail != null && Objects.equals(tail.after(), after) ? tail : null;
    }

    /**
     * Full pages of every open dataset's stream that are not closed (immutable) yet, as the last runs of
     * {@link #closePages} found them; counted up to {@value #MAX_COUNTED_PAGES} per dataset.
     */
    public long pagesWaiting() {
        return waiting.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Forgets the waiting pages of datasets no longer open. */
    public void keepWaitingOf(Collection<Dataset> open) {
        Set<String> paths = open.stream().map(Dataset::path).collect(java.util.stream.Collectors.toSet());
        waiting.keySet().retainAll(paths);
        tails.keySet().retainAll(paths);
    }

    /**
     * The latest-state view, page {@code number}: the current version of each entity (all its attributes),
     * {@code pageSize} entities a page in id order, linked forwards with a {@code tree:GreaterThanRelation}
     * on the entity IRI. It changes with the entities, so it is cacheable for seconds only.
     */
    public Model latest(Dataset dataset, String streamUrl, int number, BiFunction<Integer, Integer, List<Entity>> entities) {
        if (number < 0) {
            throw NgsiLdException.notFound("This view has no page " + number);
        }
        List<Entity> page = entities.apply(number * pageSize, pageSize);
        if (page.isEmpty() && number > 0) {
            throw NgsiLdException.notFound("This view has no page " + number);
        }
        List<MemberStore.Change> versions = page.stream().map(entity -> {
            List<History.Written> written = new ArrayList<>();
            entity.attributes().forEach((attribute, instances) ->
                    instances.forEach(instance -> written.add(new History.Written(attribute, instance))));
            return new MemberStore.Change(new MemberStore.Position(entity.modifiedAt(), entity.id()), written);
        }).toList();
        Model model = stream(dataset, streamUrl);
        IRI node = Values.iri(latestUrl(streamUrl, number));
        node(model, dataset, node);
        addMembers(model, streamUrl, rdf.members(dataset.type(), published(dataset, versions)));
        if (page.size() == pageSize) {
            IRI forwards = Values.iri(node.stringValue() + "#next");
            model.add(node, RELATION, forwards);
            model.add(forwards, Vocabulary.TYPE, Values.iri(TREE + "GreaterThanRelation"));
            model.add(forwards, PATH, MemberRdf.IS_VERSION_OF);
            model.add(forwards, VALUE, Values.iri(page.get(page.size() - 1).id()));
            model.add(forwards, TO_NODE, Values.iri(latestUrl(streamUrl, number + 1)));
        }
        return model;
    }

    public static String latestUrl(String streamUrl, int number) {
        return streamUrl + "/latest/pages/" + number;
    }

    /** The event stream itself: what it is, its paths, its licence and its two views. */
    public Model stream(Dataset dataset, String streamUrl) {
        Model model = new LinkedHashModel();
        describeStream(model, dataset, streamUrl);
        return model;
    }

    /**
     * The view: the root node, linking to the first page still kept, with the retention policy: the dataset's
     * history retention, or else a policy that keeps every member (all history is kept).
     */
    public Model view(Dataset dataset, String streamUrl, Instant now) {
        Model model = stream(dataset, streamUrl);
        IRI view = Values.iri(viewUrl(streamUrl));
        node(model, dataset, view);
        IRI policy = Values.iri(viewUrl(streamUrl) + "#retention");
        model.add(view, RETENTION_POLICY, policy);
        Optional<String> keep = retention.apply(dataset.tenant(), dataset.type());
        if (keep.isPresent()) {
            model.add(policy, Vocabulary.TYPE, DURATION_AGO);
            model.add(policy, VALUE, Values.literal(keep.get(), DURATION));
        } else {
            model.add(policy, Vocabulary.TYPE, POINT_IN_TIME);
            model.add(policy, POINT_IN_TIME_VALUE, MemberRdf.dateTime(Instant.EPOCH));
            model.add(policy, COMMENT, Values.literal("Alle historiek wordt bewaard.", "nl"));
            model.add(policy, COMMENT, Values.literal("All history is kept.", "en"));
        }
        IRI relation = Values.iri(viewUrl(streamUrl) + "#first");
        model.add(view, RELATION, relation);
        model.add(relation, Vocabulary.TYPE, ANY_RELATION);
        model.add(relation, TO_NODE, Values.iri(pageUrl(streamUrl, firstKeptPage(dataset, now))));
        return model;
    }

    /** Page {@code number}: closed (stored) or the open one; 404 beyond it, 410 once retention removed it. */
    public PageAnswer page(Dataset dataset, String streamUrl, int number, Instant now) {
        Optional<MemberStore.Page> closed = number < 0 ? Optional.empty() : store.page(dataset.tenant(), dataset.type(), number);
        IRI page = Values.iri(pageUrl(streamUrl, number));
        if (closed.isPresent()) {
            requireKept(dataset, streamUrl, number, closed.get().last().at(), now);
            Model model = stream(dataset, streamUrl);
            node(model, dataset, page);
            addMembers(model, streamUrl, parse(closed.get().members()));
            link(model, streamUrl, page, closed.get(), number);
            return new PageAnswer(() -> model, closed.get().last().at(), null);
        }
        Optional<MemberStore.Bounds> previous = store.lastPage(dataset.tenant(), dataset.type());
        int open = previous.map(p -> p.number() + 1).orElse(0);
        if (number != open) {
            throw NgsiLdException.notFound("This stream has no page " + number);
        }
        MemberStore.Position after = previous.map(MemberStore.Bounds::last).orElse(null);
        SettledTail tail = tailAfter(dataset, after);
        List<MemberStore.Change> changes;
        if (tail == null) {
            changes = store.changesAfter(dataset.tenant(), dataset.type(), after, now.plusSeconds(1), pageSize);
        } else {
            // the settled members where the closing found them, then those written since
            changes = new ArrayList<>(store.changesAt(dataset.tenant(), dataset.type(), tail.positions()));
            changes.addAll(store.changesAfter(dataset.tenant(), dataset.type(), tail.scanFrom(), now.plusSeconds(1),
                    pageSize - changes.size()));
        }
        List<MemberStore.Change> members = List.copyOf(changes);
        return new PageAnswer(() -> {
            Model model = stream(dataset, streamUrl);
            node(model, dataset, page);
            addMembers(model, streamUrl, rdf.members(dataset.type(), published(dataset, members)));
            previous.ifPresent(p -> lessThan(model, streamUrl, page, p.last().at().plusMillis(1), p.number()));
            return model;
        }, null, new OpenVersion(dataset, streamUrl, number, previous, members));
    }

    /**
     * A closed page as N-Triples (also valid N-Quads), written as text: the stored members as they are,
     * after the page's own triples. No parsing and no serialising, which is what a consumer replaying a
     * whole stream needs. Empty when the page is not closed.
     */
    public Optional<ClosedText> closedPageAsNTriples(Dataset dataset, String streamUrl, int number, Instant now) {
        Optional<MemberStore.Page> closed = number < 0 ? Optional.empty() : store.page(dataset.tenant(), dataset.type(), number);
        if (closed.isEmpty()) {
            return Optional.empty();
        }
        MemberStore.Page page = closed.get();
        requireKept(dataset, streamUrl, number, page.last().at(), now);
        Model own = stream(dataset, streamUrl);
        IRI pageIri = Values.iri(pageUrl(streamUrl, number));
        node(own, dataset, pageIri);
        link(own, streamUrl, pageIri, page, number);
        StringWriter text = new StringWriter(page.members().length() + 16 * 1024);
        Rio.write(own, text, RDFFormat.NTRIPLES);
        String member = "<" + streamUrl + "> <" + MEMBER.stringValue() + "> ";
        String versionOf = " <" + MemberRdf.IS_VERSION_OF.stringValue() + "> ";
        page.members().lines().filter(line -> line.contains(versionOf))
                .forEach(line -> text.append(member).append(line, 0, line.indexOf(' ')).append(" .\n"));
        text.append(page.members());
        return Optional.of(new ClosedText(text.toString(), page.last().at()));
    }

    /** A closed page as text, and the time of its last member. */
    public record ClosedText(String text, Instant lastAt) {
    }

    private void link(Model model, String streamUrl, IRI page, MemberStore.Page closed, int number) {
        // Every member of the next page was written at or after the last one of this page.
        IRI forwards = Values.iri(page.stringValue() + "#next");
        model.add(page, RELATION, forwards);
        model.add(forwards, Vocabulary.TYPE, GREATER_OR_EQUAL);
        model.add(forwards, PATH, MemberRdf.GENERATED_AT);
        model.add(forwards, VALUE, MemberRdf.dateTime(closed.last().at()));
        model.add(forwards, TO_NODE, Values.iri(pageUrl(streamUrl, number + 1)));
        if (number > 0) {
            // Every member of the previous page was written before the first one of this page (or with it).
            lessThan(model, streamUrl, page, closed.first().at().plusMillis(1), number - 1);
        }
    }

    private void lessThan(Model model, String streamUrl, IRI page, Instant bound, int previous) {
        IRI back = Values.iri(page.stringValue() + "#previous");
        model.add(page, RELATION, back);
        model.add(back, Vocabulary.TYPE, LESS_THAN);
        model.add(back, PATH, MemberRdf.GENERATED_AT);
        model.add(back, VALUE, MemberRdf.dateTime(bound));
        model.add(back, TO_NODE, Values.iri(pageUrl(streamUrl, previous)));
    }

    private void addMembers(Model model, String streamUrl, Model members) {
        model.addAll(members);
        IRI stream = Values.iri(streamUrl);
        for (Resource version : members.filter(null, MemberRdf.IS_VERSION_OF, null).subjects()) {
            model.add(stream, MEMBER, version);
        }
    }

    private void describeStream(Model model, Dataset dataset, String streamUrl) {
        IRI stream = Values.iri(streamUrl);
        model.add(stream, Vocabulary.TYPE, EVENT_STREAM);
        model.add(stream, TIMESTAMP_PATH, MemberRdf.GENERATED_AT);
        model.add(stream, VERSION_OF_PATH, MemberRdf.IS_VERSION_OF);
        rights(model, dataset, stream);
        model.add(stream, Values.iri(Vocabulary.DCT_NS + "isPartOf"), Values.iri(datasetUrl(streamUrl)));
        IRI history = Values.iri(viewUrl(streamUrl));
        model.add(stream, VIEW, history);
        model.add(history, TITLE, Values.literal("Volledige historiek, per tijd", "nl"));
        model.add(history, TITLE, Values.literal("The whole history, by time", "en"));
        IRI latest = Values.iri(latestUrl(streamUrl, 0));
        model.add(stream, VIEW, latest);
        model.add(latest, TITLE, Values.literal("Laatste toestand van elke entiteit", "nl"));
        model.add(latest, TITLE, Values.literal("The latest state of each entity", "en"));
        describeLatestView(model, latest);
    }

    /** The latest-state view keeps one version of each entity: its current one. */
    private static void describeLatestView(Model model, IRI latest) {
        IRI policy = Values.iri(latest.stringValue() + "#retention");
        model.add(latest, RETENTION_POLICY, policy);
        model.add(policy, Vocabulary.TYPE, LATEST_VERSION_SUBSET);
        model.add(policy, AMOUNT, Values.literal(1));
    }

    /** Every node of the stream states the dataset's licence and that anyone may use it. */
    private static void node(Model model, Dataset dataset, IRI node) {
        model.add(node, Vocabulary.TYPE, NODE);
        rights(model, dataset, node);
    }

    private static void rights(Model model, Dataset dataset, IRI subject) {
        model.add(subject, Vocabulary.LICENSE, Values.iri(dataset.metadata().license()));
        model.add(subject, Vocabulary.ACCESS_RIGHTS, Vocabulary.PUBLIC);
    }

    /** The dataset a stream URL belongs to: the stream is {@code {dataset}/ldes}. */
    private static String datasetUrl(String streamUrl) {
        return streamUrl.substring(0, streamUrl.length() - "/ldes".length());
    }

    private int firstKeptPage(Dataset dataset, Instant now) {
        Optional<String> keep = retention.apply(dataset.tenant(), dataset.type());
        if (keep.isEmpty()) {
            return 0;
        }
        return store.firstPageEndingFrom(dataset.tenant(), dataset.type(), cutoff(keep.get(), now));
    }

    /** 410 for a closed page whose members are all older than the dataset's retention. */
    public void requireKept(Dataset dataset, String streamUrl, int number, Instant lastAt, Instant now) {
        if (removedByRetention(dataset, lastAt, now)) {
            throw new NgsiLdException(ErrorType.GONE, "Page " + number + " of this stream holds members older than"
                    + " the dataset's retention; start again from " + viewUrl(streamUrl));
        }
    }

    private boolean removedByRetention(Dataset dataset, Instant lastAt, Instant now) {
        return retention.apply(dataset.tenant(), dataset.type())
                .map(keep -> lastAt.isBefore(cutoff(keep, now))).orElse(false);
    }

    private static Instant cutoff(String keep, Instant now) {
        return now.atZone(ZoneOffset.UTC).minus(PeriodDuration.parse(keep)).toInstant();
    }

    private static Model parse(String nquads) {
        try {
            // The stored labels are kept, so that a page parsed again is the same page, byte for byte.
            return Rio.parse(new StringReader(nquads), "", RDFFormat.NQUADS, new ParserConfig()
                    .set(BasicParserSettings.PRESERVE_BNODE_IDS, true), SimpleValueFactory.getInstance(), new ParseErrorLogger());
        } catch (IOException e) {
            throw new IllegalStateException("A stored page could not be read", e);
        }
    }

    /**
     * The changes as they are published: without what they wrote to attributes marked personal, and without
     * changes that wrote nothing else.
     */
    private static List<MemberStore.Change> published(Dataset dataset, List<MemberStore.Change> changes) {
        Set<String> personal = dataset.personalAttributes();
        if (personal.isEmpty()) {
            return changes;
        }
        List<MemberStore.Change> published = new ArrayList<>(changes.size());
        for (MemberStore.Change change : changes) {
            List<History.Written> kept = change.written().stream()
                    .filter(written -> !personal.contains(written.attribute())).toList();
            if (kept.size() == change.written().size()) {
                published.add(change);
            } else if (!kept.isEmpty()) {
                published.add(new MemberStore.Change(change.position(), kept));
            }
        }
        return published;
    }

    public static String viewUrl(String streamUrl) {
        return streamUrl + "/view";
    }

    public static String pageUrl(String streamUrl, int number) {
        return streamUrl + "/pages/" + number;
    }
}
