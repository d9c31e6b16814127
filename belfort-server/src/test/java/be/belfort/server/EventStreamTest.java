package be.belfort.server;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.document.JsonDocument;
import org.eclipse.rdf4j.model.IRI;
import org.eclipse.rdf4j.model.Model;
import org.eclipse.rdf4j.model.Resource;
import org.eclipse.rdf4j.model.Value;
import org.eclipse.rdf4j.model.util.Models;
import org.eclipse.rdf4j.model.util.Values;
import org.eclipse.rdf4j.rio.RDFFormat;
import org.eclipse.rdf4j.rio.Rio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event stream of an open dataset, walked from its root as an LDES client does: every committed
 * change appears exactly once, in timestamp order across pages; closed pages are immutable, the open one
 * short-lived; pages removed by retention answer 410; restricted data has no stream.
 */
class EventStreamTest {
    private static final String TENANT = "ldes-city";
    private static final String LDES = "https://w3id.org/ldes#";
    private static final String TREE = "https://w3id.org/tree#";
    private static final IRI TYPE = Values.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    private static final IRI GENERATED_AT = Values.iri("http://www.w3.org/ns/prov#generatedAtTime");
    private static final IRI IS_VERSION_OF = Values.iri("http://purl.org/dc/terms/isVersionOf");
    private static final int CHANGES = 3 + 3 * 4;

    private static Platform platform;
    private static Http http;
    private static String base;

    @BeforeAll
    static void start() throws InterruptedException {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withRetention(List.of("ldes-old=PT3S"))
                .withEventStreams(5, Duration.ofMillis(300)).withAuth(false, null));
        http = new Http(platform.port());
        base = "http://localhost:" + platform.port();
        for (String tenant : List.of(TENANT, "ldes-old")) {
            for (int i = 0; i < 3; i++) {
                send("POST", tenant, "/ngsi-ld/v1/entities", """
                        {"id": "urn:ngsi-ld:Sensor:%d", "type": "Sensor", "count": {"type": "Property", "value": 0}}""".formatted(i), 201);
            }
            for (int round = 1; round <= 4; round++) {
                for (int i = 0; i < 3; i++) {
                    send("PATCH", tenant, "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:" + i + "/attrs",
                            "{\"count\": {\"type\": \"Property\", \"value\": " + round + "}}", 204);
                }
            }
            assertThat(http.put("/admin/datasets/" + tenant + "/Sensor", "{\"accessLevel\": \"open\", "
                    + OpenDataTest.METADATA + "}").status()).isIn(200, 201);
        }
        send("POST", TENANT, "/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:CrowdFlowObserved:1", "type": "CrowdFlowObserved", "people": {"type": "Property", "value": 3}}""", 201);
        assertThat(http.put("/admin/datasets/" + TENANT + "/CrowdFlowObserved", "{\"accessLevel\": \"restricted\"}").status())
                .isIn(200, 201);
        // 15 changes make three full pages of five once they settled and the background job closed them.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !isClosed(TENANT, 2)) {
            Thread.sleep(200);
        }
        assertThat(isClosed(TENANT, 2)).as("the pages were closed").isTrue();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static void send(String method, String tenant, String path, String body, int status) {
        Http.Answer answer = http.send(method, path, body, "Content-Type", "application/json", "NGSILD-Tenant", tenant);
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    }

    private static String stream(String tenant) {
        return "/datasets/" + tenant + "/Sensor/ldes";
    }

    private static boolean isClosed(String tenant, int page) {
        Http.Answer answer = http.get(stream(tenant) + "/pages/" + page);
        return answer.status() == 200 && answer.header("Cache-Control").contains("immutable");
    }

    private static Model get(String url, String accept, RDFFormat format) {
        Http.Answer answer = http.get(url.startsWith("http") ? url.substring(base.length()) : url, "Accept", accept);
        assertThat(answer.status()).as(url + ": " + answer.body()).isEqualTo(200);
        assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(answer.header("Content-Type")).isEqualTo(accept.equals("text/turtle") ? "text/turtle; charset=utf-8" : accept);
        try {
            return Rio.parse(new StringReader(answer.body()), base, format);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Value> object(Model model, Resource subject, IRI predicate) {
        return Models.object(model.filter(subject, predicate, null));
    }

    @Test
    void aClientWalkingFromTheRootSeesEveryChangeOnceInTimestampOrder() {
        IRI streamIri = Values.iri(base + stream(TENANT));
        Model root = get(stream(TENANT), "text/turtle", RDFFormat.TURTLE);
        assertThat(root.contains(streamIri, TYPE, Values.iri(LDES + "EventStream"))).isTrue();
        assertThat(root.contains(streamIri, Values.iri(LDES + "timestampPath"), GENERATED_AT)).isTrue();
        assertThat(root.contains(streamIri, Values.iri(LDES + "versionOfPath"), IS_VERSION_OF)).isTrue();
        IRI view = Values.iri(base + stream(TENANT) + "/view");
        assertThat(root.contains(streamIri, Values.iri(TREE + "view"), view)).isTrue();

        Model viewModel = get(view.stringValue(), "text/turtle", RDFFormat.TURTLE);
        Resource relation = (Resource) object(viewModel, view, Values.iri(TREE + "relation")).orElseThrow();
        IRI next = (IRI) object(viewModel, relation, Values.iri(TREE + "node")).orElseThrow();

        List<Instant> times = new ArrayList<>();
        Set<String> versions = new HashSet<>();
        Map<String, Integer> perEntity = new HashMap<>();
        int pages = 0;
        while (next != null) {
            Model page = get(next.stringValue(), "text/turtle", RDFFormat.TURTLE);
            pages++;
            List<Value> members = new ArrayList<>(page.filter(streamIri, Values.iri(TREE + "member"), null).objects());
            List<Instant> pageTimes = new ArrayList<>();
            for (Value member : members) {
                assertThat(versions.add(member.stringValue())).as("each member once: " + member).isTrue();
                String entity = object(page, (Resource) member, IS_VERSION_OF).orElseThrow().stringValue();
                perEntity.merge(entity, 1, Integer::sum);
                pageTimes.add(Instant.parse(object(page, (Resource) member, GENERATED_AT).orElseThrow().stringValue()));
                assertThat(page.filter((Resource) member, Values.iri("https://uri.etsi.org/ngsi-ld/default-context/count"), null))
                        .as("the member carries what the change wrote").isNotEmpty();
            }
            pageTimes.sort(null);
            if (!times.isEmpty() && !pageTimes.isEmpty()) {
                assertThat(pageTimes.get(0)).as("pages follow each other in time").isAfterOrEqualTo(times.get(times.size() - 1));
            }
            times.addAll(pageTimes);
            next = null;
            for (Resource candidate : page.filter(null, TYPE, Values.iri(TREE + "GreaterThanOrEqualToRelation")).subjects()) {
                next = (IRI) object(page, candidate, Values.iri(TREE + "node")).orElseThrow();
                Instant bound = Instant.parse(object(page, candidate, Values.iri(TREE + "value")).orElseThrow().stringValue());
                assertThat(bound).isBeforeOrEqualTo(times.get(times.size() - 1));
            }
        }
        assertThat(versions).hasSize(CHANGES);
        assertThat(pages).isEqualTo(4);
        assertThat(perEntity).hasSize(3).allSatisfy((entity, count) -> assertThat(count).isEqualTo(5));
    }

    /**
     * A stream whose type changes seldom beside a busy type of the same tenant: the closing finds its members over
     * several runs, between many rows of the other type, and every member is in a page once, in order.
     */
    @Test
    void aStreamBesideABusyTypeClosesItsPagesOverManyRunsWithEveryMemberOnce() throws InterruptedException {
        String tenant = "ldes-busy";
        for (int i = 0; i < 3; i++) {
            send("POST", tenant, "/ngsi-ld/v1/entities", """
                    {"id": "urn:ngsi-ld:Sensor:%d", "type": "Sensor", "count": {"type": "Property", "value": 0}}""".formatted(i), 201);
        }
        send("POST", tenant, "/ngsi-ld/v1/entities", """
                {"id": "urn:ngsi-ld:Counter:1", "type": "Counter", "count": {"type": "Property", "value": 0}}""", 201);
        assertThat(http.put("/admin/datasets/" + tenant + "/Sensor", "{\"accessLevel\": \"open\", "
                + OpenDataTest.METADATA + "}").status()).isIn(200, 201);
        // 3 + 2 × 4 = 11 changes of sensors: two full pages and one member in the open page
        for (int round = 1; round <= 4; round++) {
            for (int busy = 0; busy < 25; busy++) {
                send("PATCH", tenant, "/ngsi-ld/v1/entities/urn:ngsi-ld:Counter:1/attrs",
                        "{\"count\": {\"type\": \"Property\", \"value\": " + busy + "}}", 204);
                if (busy == 10 || busy == 20) {
                    send("PATCH", tenant, "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:" + (round + busy) % 3 + "/attrs",
                            "{\"count\": {\"type\": \"Property\", \"value\": " + round + "}}", 204);
                }
            }
            Thread.sleep(2_500); // a run of the closing (every 2 s) between rounds
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && !isClosed(tenant, 1)) {
            Thread.sleep(200);
        }
        assertThat(isClosed(tenant, 1)).as("the pages were closed").isTrue();

        IRI streamIri = Values.iri(base + stream(tenant));
        Set<String> versions = new HashSet<>();
        List<Instant> times = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int number = 0; number <= 2; number++) {
            Model page = get(stream(tenant) + "/pages/" + number, "text/turtle", RDFFormat.TURTLE);
            List<Instant> pageTimes = new ArrayList<>();
            for (Value member : page.filter(streamIri, Values.iri(TREE + "member"), null).objects()) {
                assertThat(versions.add(member.stringValue())).as("each member once: " + member).isTrue();
                assertThat(object(page, (Resource) member, IS_VERSION_OF).orElseThrow().stringValue())
                        .startsWith("urn:ngsi-ld:Sensor:");
                pageTimes.add(Instant.parse(object(page, (Resource) member, GENERATED_AT).orElseThrow().stringValue()));
            }
            pageTimes.sort(null);
            if (!times.isEmpty() && !pageTimes.isEmpty()) {
                assertThat(pageTimes.get(0)).as("pages follow each other in time").isAfterOrEqualTo(times.get(times.size() - 1));
            }
            times.addAll(pageTimes);
            sizes.add(pageTimes.size());
        }
        assertThat(sizes).as("members of pages 0, 1 (closed) and 2 (open)").containsExactly(5, 5, 1);
        assertThat(isClosed(tenant, 2)).isFalse();

        // polled again unchanged, the open page is the same; a new member shows at once
        Http.Answer polled = http.get(stream(tenant) + "/pages/2", "Accept", "text/turtle");
        Http.Answer again = http.get(stream(tenant) + "/pages/2", "Accept", "text/turtle");
        assertThat(again.body()).isEqualTo(polled.body());
        assertThat(again.header("ETag")).isEqualTo(polled.header("ETag"));
        send("PATCH", tenant, "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:0/attrs",
                "{\"count\": {\"type\": \"Property\", \"value\": 99}}", 204);
        Http.Answer grown = http.get(stream(tenant) + "/pages/2", "Accept", "text/turtle");
        assertThat(grown.header("ETag")).isNotEqualTo(polled.header("ETag"));
        Model page = get(stream(tenant) + "/pages/2", "text/turtle", RDFFormat.TURTLE);
        assertThat(page.filter(streamIri, Values.iri(TREE + "member"), null).objects()).hasSize(2);
        assertThat(page.filter(null, Values.iri("https://uri.etsi.org/ngsi-ld/hasValue"),
                Values.literal(java.math.BigInteger.valueOf(99)))).as("the new value").isNotEmpty();
    }

    @Test
    void closedPagesAreImmutableTheOpenPageShortLived() {
        Http.Answer closed = http.get(stream(TENANT) + "/pages/0");
        assertThat(closed.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(closed.raw().headers().allValues("Vary")).contains("Accept", "Accept-Encoding");
        String etag = closed.header("ETag");
        assertThat(http.get(stream(TENANT) + "/pages/0", "If-None-Match", etag).status()).isEqualTo(304);
        assertThat(http.get(stream(TENANT) + "/pages/0").body()).as("the same, from memory").isEqualTo(closed.body());
        Http.Answer open = http.get(stream(TENANT) + "/pages/3");
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.header("Cache-Control")).isEqualTo("public, max-age=5");
        assertThat(http.get(stream(TENANT) + "/pages/4").status()).isEqualTo(404);
        assertThat(http.get(stream(TENANT) + "/pages/x").status()).isEqualTo(404);
    }

    @Test
    void aClosedPageGoesGzippedFromMemoryUnderItsOwnTag() {
        Http.Answer plain = http.get(stream(TENANT) + "/pages/0");
        String etag = plain.header("ETag");
        for (int time = 0; time < 2; time++) {
            HttpResponse<byte[]> gzipped = http.getBytes(stream(TENANT) + "/pages/0", "Accept-Encoding", "gzip");
            assertThat(gzipped.statusCode()).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
            assertThat(gzipped.headers().allValues("Vary")).contains("Accept", "Accept-Encoding");
            assertThat(gzipped.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
            assertThat(gzipped.headers().firstValue("ETag")).contains(etag.substring(0, etag.length() - 1) + "--gzip\"");
            assertThat(Http.inflated(gzipped.body())).isEqualTo(plain.body());
            String gzipTag = gzipped.headers().firstValue("ETag").orElseThrow();
            assertThat(http.get(stream(TENANT) + "/pages/0", "Accept-Encoding", "gzip", "If-None-Match", gzipTag).status())
                    .isEqualTo(304);
            assertThat(http.get(stream(TENANT) + "/pages/0", "If-None-Match", gzipTag).status()).isEqualTo(304);
            assertThat(http.get(stream(TENANT) + "/pages/0", "Accept-Encoding", "gzip", "If-None-Match", etag).status())
                    .isEqualTo(304);
        }
    }

    @Test
    void everySerialisationOfAPageCarriesTheSameTriples() throws Exception {
        String page = stream(TENANT) + "/pages/1";
        Model turtle = get(page, "text/turtle", RDFFormat.TURTLE);
        assertThat(Models.isomorphic(turtle, get(page, "application/n-quads", RDFFormat.NQUADS))).isTrue();
        assertThat(Models.isomorphic(turtle, get(page, "application/trig", RDFFormat.TRIG))).isTrue();
        assertThat(Models.isomorphic(turtle, get(page, "application/n-triples", RDFFormat.NTRIPLES))).isTrue();
        Http.Answer jsonLdPage = http.get(page, "Accept", "application/ld+json");
        assertThat(jsonLdPage.header("Content-Type")).isEqualTo("application/ld+json");
        String jsonLd = jsonLdPage.body();
        int triples = JsonLd.toRdf(JsonDocument.of(new StringReader(jsonLd))).get().size();
        assertThat(triples).isEqualTo(turtle.size());
        assertThat(http.get(page, "Accept", "image/png").status()).isEqualTo(406);
    }

    @Test
    void restrictedDataHasNoStreamAndRetentionRemovesOldPages() throws InterruptedException {
        Http.Answer restricted = http.get("/datasets/" + TENANT + "/CrowdFlowObserved/ldes");
        assertThat(restricted.status()).isEqualTo(404);
        assertThat(http.get("/datasets/" + TENANT + "/CrowdFlowObserved/ldes/pages/0").status()).isEqualTo(404);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && http.get(stream("ldes-old") + "/pages/0").status() != 410) {
            Thread.sleep(250);
        }
        Http.Answer gone = http.get(stream("ldes-old") + "/pages/0");
        assertThat(gone.status()).as("pages older than the 3 s retention are gone: " + gone.header("Cache-Control") + " "
                + http.get(stream("ldes-old") + "/view").body()).isEqualTo(410);
        Model view = get(stream("ldes-old") + "/view", "text/turtle", RDFFormat.TURTLE);
        assertThat(view.filter(null, TYPE, Values.iri(LDES + "DurationAgoPolicy"))).hasSize(1);
        Resource relation = (Resource) Models.object(view.filter(null, Values.iri(TREE + "relation"), null)).orElseThrow();
        String first = Models.object(view.filter(relation, Values.iri(TREE + "node"), null)).orElseThrow().stringValue();
        assertThat(first).as("the view starts after the removed pages").doesNotEndWith("/pages/0");
    }

    @Test
    void theLatestStateViewHoldsTheCurrentVersionOfEachEntity() {
        IRI streamIri = Values.iri(base + stream(TENANT));
        Model latest = get(stream(TENANT) + "/latest/pages/0", "text/turtle", RDFFormat.TURTLE);
        Set<Value> members = latest.filter(streamIri, Values.iri(TREE + "member"), null).objects();
        assertThat(members).hasSize(3);
        IRI count = Values.iri("https://uri.etsi.org/ngsi-ld/default-context/count");
        IRI hasValue = Values.iri("https://uri.etsi.org/ngsi-ld/hasValue");
        for (Value member : members) {
            Resource property = (Resource) object(latest, (Resource) member, count).orElseThrow();
            assertThat(object(latest, property, hasValue).orElseThrow().stringValue()).as("the last value written").isEqualTo("4");
            assertThat(object(latest, (Resource) member, IS_VERSION_OF)).isPresent();
        }
        assertThat(http.get(stream(TENANT) + "/latest/pages/1").status()).isEqualTo(404);
    }

    @Test
    void aReplayFromTheStreamFindsBothViewsTheRetentionAndTheLicenceOnEveryPage() {
        IRI streamIri = Values.iri(base + stream(TENANT));
        IRI license = Values.iri("https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0");
        IRI dctLicense = Values.iri("http://purl.org/dc/terms/license");
        IRI retention = Values.iri(LDES + "retentionPolicy");
        Model root = get(stream(TENANT), "text/turtle", RDFFormat.TURTLE);
        assertThat(root.contains(streamIri, dctLicense, license)).as("the stream's licence").isTrue();
        Set<Value> views = root.filter(streamIri, Values.iri(TREE + "view"), null).objects();
        assertThat(views).hasSize(2);
        IRI latestView = null;
        IRI timeView = null;
        for (Value view : views) {
            Resource policy = (Resource) object(root, (Resource) view, retention).orElse(null);
            if (policy != null && root.contains(policy, TYPE, Values.iri(LDES + "LatestVersionSubset"))) {
                latestView = (IRI) view;
            } else {
                timeView = (IRI) view;
            }
        }
        assertThat(latestView).as("the latest-state view, found from the stream").isNotNull();
        assertThat(timeView).isNotNull();

        int nodes = 0;
        Set<Value> latestMembers = new HashSet<>();
        for (IRI next = latestView; next != null; nodes++) {
            Model page = get(next.stringValue(), "text/turtle", RDFFormat.TURTLE);
            assertThat(page.contains(next, dctLicense, license)).as("licence of " + next).isTrue();
            latestMembers.addAll(page.filter(streamIri, Values.iri(TREE + "member"), null).objects());
            next = page.filter(next, Values.iri(TREE + "relation"), null).objects().stream()
                    .flatMap(relation -> object(page, (Resource) relation, Values.iri(TREE + "node")).stream())
                    .map(IRI.class::cast).findFirst().orElse(null);
        }
        assertThat(latestMembers).as("one current version per entity").hasSize(3);

        Model viewModel = get(timeView.stringValue(), "text/turtle", RDFFormat.TURTLE);
        assertThat(viewModel.contains(timeView, dctLicense, license)).isTrue();
        Resource policy = (Resource) object(viewModel, timeView, retention).orElseThrow();
        assertThat(viewModel.contains(policy, TYPE, Values.iri(LDES + "PointInTimePolicy")))
                .as("without a retention rule the view says that all history is kept").isTrue();
        IRI next = (IRI) object(viewModel, (Resource) object(viewModel, timeView, Values.iri(TREE + "relation")).orElseThrow(),
                Values.iri(TREE + "node")).orElseThrow();
        int members = 0;
        while (next != null) {
            Model page = get(next.stringValue(), "text/turtle", RDFFormat.TURTLE);
            assertThat(page.contains(next, dctLicense, license)).as("licence of " + next).isTrue();
            assertThat(page.contains(streamIri, dctLicense, license)).isTrue();
            members += page.filter(streamIri, Values.iri(TREE + "member"), null).size();
            next = null;
            for (Resource relation : page.filter(null, TYPE, Values.iri(TREE + "GreaterThanOrEqualToRelation")).subjects()) {
                next = (IRI) object(page, relation, Values.iri(TREE + "node")).orElseThrow();
            }
        }
        assertThat(members).isEqualTo(CHANGES);

        Model old = get(stream("ldes-old") + "/view", "text/turtle", RDFFormat.TURTLE);
        Resource kept = (Resource) object(old, Values.iri(base + stream("ldes-old") + "/view"), retention).orElseThrow();
        assertThat(old.contains(kept, TYPE, Values.iri(LDES + "DurationAgoPolicy"))).isTrue();
    }
}
