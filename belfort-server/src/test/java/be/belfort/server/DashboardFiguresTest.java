package be.belfort.server;

import be.belfort.dashboard.Cities;
import be.belfort.dashboard.DashboardSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's kept figures and paged tables over HTTP, against a real platform with access control on: the city
 * table a page at a time (in id order, with links to every page, a page that is not one a 400), the region's figures
 * kept between requests (a write shows within the staleness the page states; what one scope sees never reaches
 * another), and a chart whose past days are kept while the day under way is read afresh.
 */
class DashboardFiguresTest {
    private static final String TENANT = "figures";
    private static final int CAR_PARKS = 250;
    private static final Pattern ROW = Pattern.compile("<tr data-id=\"([^\"]+)\">");
    private static final Pattern LINK = Pattern.compile("<a rel=\"(first|prev|next|last)\" href=\"([^\"]+)\">([^<]+)</a>");

    private static Platform platform;
    private static Http http;
    private static String admin;

    @BeforeAll
    static void start() {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, null)
                .withDashboard(DashboardSettings.NO_TILES));
        http = new Http(platform.port());
        admin = platform.adminKey();
        declare("OffStreetParking", "open");
        declare("CrowdFlowObserved", "restricted");
        StringBuilder carParks = new StringBuilder("[");
        for (int i = 0; i < CAR_PARKS; i++) {
            carParks.append(i == 0 ? "" : ",").append("""
                    {"id": "urn:ngsi-ld:OffStreetParking:figures-%03d", "type": "OffStreetParking",
                     "name": {"type": "Property", "value": "Parking %03d"},
                     "availableSpotNumber": {"type": "Property", "value": 1},
                     "totalSpotNumber": {"type": "Property", "value": 10},
                     "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%s, 51.05]}}}
                    """.formatted(CAR_PARKS - 1 - i, CAR_PARKS - 1 - i, 3.7 + i * 0.0001));
        }
        carParks.append(",").append("""
                {"id": "urn:ngsi-ld:CrowdFlowObserved:figures-secret", "type": "CrowdFlowObserved",
                 "name": {"type": "Property", "value": "Geheime teller"},
                 "peopleCount": {"type": "Property", "value": 12},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.71, 51.05]}}}
                """);
        Http.Answer created = http.post("/ngsi-ld/v1/entityOperations/upsert", carParks.append("]").toString(),
                "NGSILD-Tenant", TENANT, "X-API-Key", admin);
        assertThat(created.status()).as(created.body()).isIn(201, 204);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theCityTableComesAPageAtATimeInIdOrderWithLinksToTheOtherPages() {
        Http.Answer first = page("/dashboard/cities/figures");
        assertThat(first.status()).isEqualTo(200);
        List<String> firstRows = rows(first.body());
        assertThat(firstRows).hasSize(100).isSorted();
        assertThat(first.body()).contains("aria-label=\"Pagina&#39;s van de tabel Parkings\"")
                .contains("Rijen 1 tot 100 van 250, pagina 1 van 3").contains("data-rows=\"250\"");
        Map<String, String> links = links(first.body());
        assertThat(links).containsOnlyKeys("next", "last");
        assertThat(links.get("next")).isEqualTo("/dashboard/cities/figures?type=OffStreetParking&page=2#table-OffStreetParking");

        Http.Answer second = page(links.get("next"));
        List<String> secondRows = rows(second.body());
        assertThat(secondRows).hasSize(100).isSorted();
        assertThat(secondRows.getFirst()).isGreaterThan(firstRows.getLast());
        assertThat(second.body()).contains("Rijen 101 tot 200 van 250, pagina 2 van 3");
        assertThat(links(second.body())).containsOnlyKeys("first", "prev", "next", "last");
        assertThat(linkTexts(second.body())).containsExactly("Eerste pagina", "Vorige pagina", "Volgende pagina",
                "Laatste pagina");

        Http.Answer last = page(links.get("last"));
        List<String> lastRows = rows(last.body());
        assertThat(lastRows).hasSize(50);
        assertThat(links(last.body())).containsOnlyKeys("first", "prev");
        Set<String> every = new LinkedHashSet<>(firstRows);
        every.addAll(secondRows);
        every.addAll(lastRows);
        assertThat(every).hasSize(CAR_PARKS);
        // Asked again, the same page lists the same rows: the order is stable.
        assertThat(rows(page(links.get("next")).body())).isEqualTo(secondRows);

        Http.Answer beyond = page("/dashboard/cities/figures?type=OffStreetParking&page=4");
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.header("Content-Type")).startsWith("text/html");
        assertThat(beyond.body()).contains("heeft pagina's 1 tot 3");
        assertThat(page("/dashboard/cities/figures?type=OffStreetParking&page=0").status()).isEqualTo(400);
        assertThat(page("/dashboard/cities/figures?type=OffStreetParking&page=twee").status()).isEqualTo(400);
        assertThat(page("/dashboard/cities/figures?type=Nothing&page=1").status()).isEqualTo(400);
        assertThat(page("/dashboard/cities/figures?page=2").status()).isEqualTo(400);
        // A layer the visitor may not read is not one to page either.
        assertThat(page("/dashboard/cities/figures?type=CrowdFlowObserved&page=1").status()).isEqualTo(400);
    }

    @Test
    void aWriteShowsOnTheRegionPageWithinTheStalenessThePageStates() throws InterruptedException {
        String carPark = "urn:ngsi-ld:OffStreetParking:figures-007";
        Http.Answer before = page("/dashboard");
        assertThat(before.body()).contains("Cijfers van ").contains("nooit ouder dan een minuut");
        assertThat(freeParking(before.body())).isPositive();
        Http.Answer written = http.patch("/ngsi-ld/v1/entities/" + encode(carPark) + "/attrs/availableSpotNumber",
                "{\"type\": \"Property\", \"value\": 1001}", "NGSILD-Tenant", TENANT, "X-API-Key", admin);
        assertThat(written.status()).as(written.body()).isEqualTo(204);
        long began = System.nanoTime();
        // What the figure is now, counted through the API (another test may have written to another car park).
        long expected = 0;
        for (var carParkNow : http.get("/ngsi-ld/v1/entities?type=OffStreetParking&limit=1000&options=keyValues"
                + "&attrs=availableSpotNumber", "NGSILD-Tenant", TENANT, "X-API-Key", admin).json()) {
            expected += carParkNow.path("availableSpotNumber").asLong();
        }
        long free = -1;
        while (free != expected && System.nanoTime() - began < Cities.AT_MOST.plusSeconds(20).toNanos()) {
            free = freeParking(page("/dashboard").body());
            Thread.sleep(free == expected ? 0 : 500);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(free).isEqualTo(expected);
        assertThat(took).as("shown after %s", took).isLessThan(Cities.AT_MOST);
        System.out.printf("A write showed on the region page after %d ms%n", took.toMillis());
    }

    @Test
    void whatAKeySeesNeverReachesAnAnonymousPageThroughTheKeptFigures() {
        // A key that may read the restricted counter asks first: its snapshot is kept.
        assertThat(page("/dashboard", "X-API-Key", admin).body()).contains("Drukte");
        assertThat(page("/dashboard/cities/figures", "X-API-Key", admin).body()).contains("Geheime teller");
        Http.Answer keyed = http.get("/dashboard/cities/figures/markers.json", "X-API-Key", admin);
        assertThat(keyed.body()).contains("CrowdFlowObserved");

        Http.Answer region = page("/dashboard");
        assertThat(region.body()).doesNotContain("Drukte").contains("Parkings");
        assertThat(page("/dashboard/cities/figures").body()).doesNotContain("Geheime teller", "CrowdFlowObserved");
        Http.Answer anonymous = http.get("/dashboard/cities/figures/markers.json");
        assertThat(anonymous.body()).doesNotContain("CrowdFlowObserved", "Geheime teller");
        // The key's tag does not revalidate the anonymous answer; its own does.
        Http.Answer withKeysTag = http.get("/dashboard/cities/figures/markers.json", "If-None-Match", keyed.header("ETag"));
        assertThat(withKeysTag.status()).isEqualTo(200);
        assertThat(withKeysTag.body()).doesNotContain("CrowdFlowObserved");
        Http.Answer again = http.get("/dashboard/cities/figures/markers.json", "If-None-Match", anonymous.header("ETag"));
        assertThat(again.status()).isIn(200, 304);
        if (again.status() == 200) {
            // Only when a new snapshot was taken in between: then with a new tag.
            assertThat(again.header("ETag")).isNotEqualTo(anonymous.header("ETag"));
        }
    }

    /** What every viewer's browser asks (the map's answer, the scripts and style sheets) is compressed once. */
    @Test
    void theMapAndTheBrowsersFilesGoGzippedAsTheyArePlain() {
        String path = "/dashboard/cities/figures/markers.json";
        Http.Answer plain = http.get(path);
        HttpResponse<byte[]> gzipped = http.getBytes(path, "Accept-Encoding", "gzip");
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.headers().firstValue("Cache-Control")).contains("private, no-cache");
        assertThat(Http.inflated(gzipped.body())).isEqualTo(plain.body());
        String gzipTag = gzipped.headers().firstValue("ETag").orElseThrow();
        assertThat(gzipTag).endsWith("--gzip\"");
        Http.Answer again = http.get(path, "Accept-Encoding", "gzip", "If-None-Match", gzipTag);
        assertThat(again.status()).isIn(200, 304);
        if (again.status() == 200) {
            // Only when a new snapshot was taken in between: then with a new tag.
            assertThat(again.header("ETag")).isNotEqualTo(gzipTag);
        }

        Matcher files = Pattern.compile("\"(/dashboard/assets/[^\"]+\\.(?:js|css))\"").matcher(page("/dashboard").body());
        Set<String> assets = new LinkedHashSet<>();
        while (files.find()) {
            assets.add(files.group(1));
        }
        assertThat(assets).isNotEmpty();
        for (String asset : assets) {
            Http.Answer file = http.get(asset);
            for (int time = 0; time < 2; time++) {
                HttpResponse<byte[]> compressed = http.getBytes(asset, "Accept-Encoding", "gzip");
                assertThat(compressed.statusCode()).as(asset).isEqualTo(200);
                assertThat(compressed.headers().firstValue("Cache-Control")).as(asset).contains(
                        "public, max-age=31536000, immutable");
                assertThat(compressed.headers().firstValue("Content-Type")).as(asset).isEqualTo(
                        file.raw().headers().firstValue("Content-Type"));
                if (file.body().length() >= 1024) {
                    assertThat(compressed.headers().firstValue("Content-Encoding")).as(asset).contains("gzip");
                    assertThat(Http.inflated(compressed.body())).as(asset).isEqualTo(file.body());
                }
            }
        }
        assertThat(http.get("/dashboard/assets/belfort/" + "0".repeat(12) + "/dashboard.js").status()).isEqualTo(404);
    }

    @Test
    void aChartKeepsItsWholePastDaysAndReadsTheDayUnderWayAtEveryRequest() {
        String carPark = "urn:ngsi-ld:OffStreetParking:figures-100";
        Instant now = Instant.now();
        StringBuilder instances = new StringBuilder();
        for (int day = 3; day >= 1; day--) {
            instances.append(instances.isEmpty() ? "" : ",").append("{\"type\": \"Property\", \"value\": ").append(day * 10)
                    .append(", \"observedAt\": \"").append(now.minus(Duration.ofDays(day))).append("\"}");
        }
        Http.Answer history = http.post("/ngsi-ld/v1/temporal/entities/" + encode(carPark) + "/attrs",
                "{\"availableSpotNumber\": [" + instances + "]}", "NGSILD-Tenant", TENANT, "X-API-Key", admin);
        assertThat(history.status()).as(history.body()).isEqualTo(204);
        String chart = "/dashboard/cities/figures/entities/" + encode(carPark) + "/history.json?attr=availableSpotNumber&range=1y";
        List<Double> first = averages(http.get(chart));
        assertThat(first).hasSizeGreaterThanOrEqualTo(3);

        Http.Answer written = http.patch("/ngsi-ld/v1/entities/" + encode(carPark) + "/attrs/availableSpotNumber",
                "{\"type\": \"Property\", \"value\": 777, \"observedAt\": \"" + Instant.now() + "\"}",
                "NGSILD-Tenant", TENANT, "X-API-Key", admin);
        assertThat(written.status()).as(written.body()).isEqualTo(204);
        List<Double> second = averages(http.get(chart));
        // The past days are the same; today's average now counts the value written now.
        assertThat(second.subList(0, 3)).isEqualTo(first.subList(0, 3));
        assertThat(second.getLast()).isNotEqualTo(first.getLast());
        assertThat(http.get(chart.replace("figures-100", "figures-secret").replace("OffStreetParking", "CrowdFlowObserved")
                .replace("availableSpotNumber", "peopleCount")).status()).isEqualTo(404);
    }

    private static List<Double> averages(Http.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<Double> averages = new ArrayList<>();
        answer.json().path("points").forEach(point -> averages.add(point.path("avg").asDouble()));
        return averages;
    }

    private static long freeParking(String region) {
        Matcher figure = Pattern.compile("<span class=\"figure-value\">([0-9.]+)</span>\\s*<span class=\"figure-label\">"
                + "vrije parkeerplaatsen in Figures</span>").matcher(region);
        assertThat(figure.find()).as(region).isTrue();
        return Long.parseLong(figure.group(1).replace(".", ""));
    }

    private static Http.Answer page(String path, String... headers) {
        List<String> all = new ArrayList<>(List.of("Accept", "text/html", "Accept-Language", "nl"));
        all.addAll(List.of(headers));
        return http.get(path, all.toArray(String[]::new));
    }

    private static List<String> rows(String html) {
        String table = html.substring(html.indexOf("data-type=\"OffStreetParking\""));
        table = table.substring(0, table.indexOf("</table>"));
        List<String> ids = new ArrayList<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            ids.add(row.group(1));
        }
        return ids;
    }

    private static Map<String, String> links(String html) {
        Map<String, String> links = new HashMap<>();
        Matcher link = LINK.matcher(html);
        while (link.find()) {
            links.put(link.group(1), link.group(2).replace("&amp;", "&"));
        }
        return links;
    }

    private static List<String> linkTexts(String html) {
        List<String> texts = new ArrayList<>();
        Matcher link = LINK.matcher(html);
        while (link.find()) {
            texts.add(link.group(3));
        }
        return texts;
    }

    private static void declare(String type, String accessLevel) {
        Http.Answer dataset = http.put("/admin/datasets/" + TENANT + "/" + type, """
                {"accessLevel": "%s", "title": {"nl": "%s", "en": "%s"},
                 "description": {"nl": "Een test.", "en": "A test."},
                 "publisher": {"id": "https://data.vlaanderen.be/id/gemeente/44021", "name": "Stad Figures",
                               "type": "LocalAuthority"},
                 "contactPoint": "mailto:opendata@figures.invalid", "license": "cc0", "themes": ["TRAN"],
                 "keywords": ["test"], "updateFrequency": "irreg"}
                """.formatted(accessLevel, type, type), "X-API-Key", admin);
        assertThat(dataset.status()).as(dataset.body()).isIn(200, 201);
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
