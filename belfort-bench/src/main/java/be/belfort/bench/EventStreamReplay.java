package be.belfort.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays an event stream as an LDES client would: from the stream to its view, then from page to page
 * along the relations, counting members, until the open page. Pages are read as N-Triples, one triple a
 * line, so the client's own parsing costs little next to the server's work.
 */
final class EventStreamReplay {
    private static final String TREE = "https://w3id.org/tree#";
    private static final Pattern TRIPLE = Pattern.compile("^(\\S+) <([^>]+)> (.+) \\.$");

    private final HttpClient client;
    private final PrintStream out;

    EventStreamReplay(HttpClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Waits until the stream has at least {@code pages} closed pages, printing progress. */
    void awaitClosedPages(String streamUrl, int pages, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int low = 0;
        while (System.nanoTime() < deadline) {
            // The highest closed page, found by doubling then halving.
            int high = Math.max(1, low * 2);
            while (closed(streamUrl, high) && high < pages) {
                low = high;
                high = Math.min(pages, high * 2);
            }
            if (closed(streamUrl, pages - 1)) {
                out.printf("ldes: %d pages closed after %.0f s%n", pages, (System.nanoTime() - start) / 1e9);
                return;
            }
            out.printf("ldes: at least %d of %d pages closed (%.0f s)%n", low, pages, (System.nanoTime() - start) / 1e9);
            Thread.sleep(5000);
        }
        throw new IllegalStateException("The stream did not close " + pages + " pages within " + timeout);
    }

    private boolean closed(String streamUrl, int page) throws Exception {
        HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(URI.create(streamUrl + "/pages/" + page))
                .GET().header("Accept", "application/n-triples").build(),
                HttpResponse.BodyHandlers.discarding());
        return answer.statusCode() == 200 && answer.headers().firstValue("Cache-Control").orElse("").contains("immutable");
    }

    /** Walks the whole stream; prints members, pages, time and members per second. */
    void replay(String streamUrl) throws Exception {
        long start = System.nanoTime();
        String next = first(read(streamUrl), TREE + "view");
        next = relationTarget(read(next), null);
        long members = 0;
        int pages = 0;
        Set<String> seen = new HashSet<>();
        while (next != null && seen.add(next)) {
            String page = read(next);
            pages++;
            members += count(page, TREE + "member");
            next = relationTarget(page, TREE + "GreaterThanOrEqualToRelation");
            if (pages % 500 == 0) {
                out.printf("ldes: replayed %d pages, %d members, %.0f members/s%n", pages, members,
                        members / ((System.nanoTime() - start) / 1e9));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("%nldes: replayed %d members in %d pages in %.1f s: %.0f members/s, %.0f pages/s%n", members, pages,
                seconds, members / seconds, pages / seconds);
    }

    private String read(String url) throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/n-triples").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode());
        }
        return answer.body();
    }

    private static long count(String ntriples, String predicate) {
        String marker = " <" + predicate + "> ";
        return ntriples.lines().filter(line -> line.contains(marker)).count();
    }

    private static String first(String ntriples, String predicate) {
        for (String line : (Iterable<String>) ntriples.lines()::iterator) {
            Matcher triple = TRIPLE.matcher(line);
            if (triple.matches() && triple.group(2).equals(predicate)) {
                return unwrap(triple.group(3));
            }
        }
        throw new IllegalStateException("No " + predicate + " found");
    }

    /** The tree:node of the page's relation of the given type (any type when null), or null. */
    private static String relationTarget(String ntriples, String type) {
        Map<String, String> nodes = new HashMap<>();
        Set<String> typed = new HashSet<>();
        for (String line : (Iterable<String>) ntriples.lines()::iterator) {
            Matcher triple = TRIPLE.matcher(line);
            if (!triple.matches()) {
                continue;
            }
            if (triple.group(2).equals(TREE + "node")) {
                nodes.put(triple.group(1), unwrap(triple.group(3)));
            } else if (type != null && triple.group(2).equals("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
                    && triple.group(3).equals("<" + type + ">")) {
                typed.add(triple.group(1));
            }
        }
        for (Map.Entry<String, String> node : nodes.entrySet()) {
            if (type == null || typed.contains(node.getKey())) {
                return node.getValue();
            }
        }
        return null;
    }

    private static String unwrap(String iri) {
        return iri.startsWith("<") ? iri.substring(1, iri.length() - 1) : iri;
    }
}
