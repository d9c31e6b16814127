package be.belfort.bench;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's pages as a browser asks for them (Belfort only), over the bench tenant's car parks (loaded by the
 * usual set-up): the server time of the region page, the city page, the city's map data and a one-year chart of one
 * car park whose history this bench fills first, each asked {@code requests} times in a row after a few unmeasured
 * ones; and the bytes a first load of the city page transfers (the page, its scripts and style sheets, its map data;
 * gzip, as a browser asks; map tiles excluded).
 */
final class DashboardPagesBench {
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]+\\.(?:js|css))\"");
    private static final int WARM_UP = 5;
    private static final int INSTANCES_PER_REQUEST = 1_000;

    private final DashboardTarget target;
    private final boolean gzip;
    private final PrintStream out;

    /** @param gzip whether the timed requests ask for gzip, as a browser does (the bytes are read, not inflated) */
    DashboardPagesBench(DashboardTarget target, boolean gzip, PrintStream out) {
        this.target = target;
        this.gzip = gzip;
        this.out = out;
    }

    void run(int requests, int historyInstances, String carPark) throws Exception {
        target.openDataset();
        fillHistory(carPark, historyInstances);
        String city = "/dashboard/cities/" + target.tenant();
        measure("region page", "/dashboard", "text/html", requests);
        measure("city page", city, "text/html", requests);
        measure("map data (every car park)", city + "/markers.json", "application/json", requests);
        measure("one-year chart of one car park", city + "/entities/" + encode(carPark)
                + "/history.json?attr=availableSpotNumber&range=1y", "application/json", requests);
        firstLoad(city);
    }

    /** A year of history for one car park, evenly spread, written through the temporal API in batches. */
    private void fillHistory(String carPark, int instances) throws Exception {
        if (instances <= 0) {
            return;
        }
        Instant start = Instant.now().minus(Duration.ofDays(365));
        long step = Duration.ofDays(365).toMillis() / instances;
        long began = System.nanoTime();
        for (int first = 0; first < instances; first += INSTANCES_PER_REQUEST) {
            StringBuilder body = new StringBuilder("{\"availableSpotNumber\": [");
            for (int n = first; n < Math.min(instances, first + INSTANCES_PER_REQUEST); n++) {
                body.append(n == first ? "" : ",").append("{\"type\": \"Property\", \"value\": ").append(n % 500)
                        .append(", \"observedAt\": \"").append(start.plusMillis(n * step)).append("\"}");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + "/ngsi-ld/v1/temporal/entities/"
                            + encode(carPark) + "/attrs")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()));
            int status = target.client().send(target.signed(request), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 300) {
                throw new IllegalStateException("Writing the history of " + carPark + " answered " + status);
            }
            if ((first / INSTANCES_PER_REQUEST) % 20 == 19) {
                out.printf("pages: %,d of %,d history instances written%n", first + INSTANCES_PER_REQUEST, instances);
            }
        }
        out.printf(Locale.ROOT, "pages: %,d history instances of %s over one year written in %.1f s%n", instances, carPark,
                (System.nanoTime() - began) / 1e9);
    }

    private void measure(String what, String path, String accept, int requests) throws Exception {
        Histogram times = new Histogram(60_000_000_000L, 3);
        long bytes = 0;
        long compressed = 0;
        for (int n = 0; n < WARM_UP + requests; n++) {
            long began = System.nanoTime();
            HttpResponse<byte[]> answer = get(path, accept, gzip);
            long took = System.nanoTime() - began;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + answer.statusCode());
            }
            if (n >= WARM_UP) {
                times.recordValue(took);
            }
        }
        bytes = get(path, accept, false).body().length;
        compressed = get(path, accept, true).body().length;
        out.printf(Locale.ROOT, "pages: %-32s p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms  %,9d bytes (%,d gzip)%n",
                what, times.getValueAtPercentile(50) / 1e6, times.getValueAtPercentile(95) / 1e6,
                times.getValueAtPercentile(99) / 1e6, times.getMaxValue() / 1e6, bytes, compressed);
    }

    /** What a browser's first visit of the city page transfers, gzip accepted, map tiles excluded. */
    private void firstLoad(String city) throws Exception {
        HttpResponse<byte[]> page = get(city, "text/html", true);
        long total = page.body().length;
        String html = new String(get(city, "text/html", false).body(), StandardCharsets.UTF_8);
        Set<String> assets = new LinkedHashSet<>();
        Matcher asset = ASSET.matcher(html);
        while (asset.find()) {
            assets.add(asset.group(1).replace("&amp;", "&"));
        }
        for (String path : assets) {
            total += get(path, "*/*", true).body().length;
        }
        total += get(city + "/markers.json", "application/json", true).body().length;
        out.printf(Locale.ROOT, "pages: first load of the city page: %,d bytes transferred (the page, %d scripts and style"
                + " sheets, its map data; gzip; map tiles excluded)%n", total, assets.size());
    }

    private HttpResponse<byte[]> get(String path, String accept, boolean gzip) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", accept).header("Accept-Language", "nl").GET();
        if (gzip) {
            request.header("Accept-Encoding", "gzip");
        }
        return target.client().send(target.signed(request), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
