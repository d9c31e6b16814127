package be.belfort.server;

import be.belfort.dashboard.DashboardSettings;
import be.belfort.demo.DemoFeeder;
import be.belfort.demo.DemoSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as a person sees it: Debian's Chromium (headless, driven through its own chromedriver) against
 * a real platform with access control on, filled with the demo region through the public API. Every page is
 * checked with axe-core inside the browser: no serious or critical violation. One platform, one browser.
 */
class DashboardBrowserTest {
    private static final String HOSTILE_ID = "urn:ngsi-ld:Building:gent-hostile";
    private static final String SCRIPT_NAME = "<script>window.belfortHacked=1</script>";
    private static final String IMAGE_DESCRIPTION = "<img src=x onerror=\"window.belfortHacked=2\">";
    private static final String JAVASCRIPT_URL = "javascript:window.belfortHacked=3";
    private static final String SILENT_CAR_PARK = "urn:ngsi-ld:OffStreetParking:gent-silent";
    private static final String NEGATIVE_CAR_PARK = "urn:ngsi-ld:OffStreetParking:gent-negative";

    private static Platform platform;
    private static Http http;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void startPlatformAndBrowser() throws InterruptedException {
        Settings settings = TestPlatform.unlimited(TestPlatform.temporaryDirectory())
                .withAuth(true, null)
                .withDashboard(DashboardSettings.NO_TILES);
        platform = Platform.start(settings);
        base = "http://localhost:" + platform.port();
        http = new Http(platform.port());
        try (DemoFeeder feeder = new DemoFeeder(URI.create(base),
                new DemoSettings(Duration.ofMillis(200), 200, 42, Clock.systemUTC()), platform.adminKey()).start()) {
            for (int i = 0; i < 600 && feeder.status().rounds() < 2; i++) {
                Thread.sleep(100);
            }
            assertThat(feeder.status().rounds()).isGreaterThanOrEqualTo(2);
        }
        writeProbes();

        browser = HeadlessChromium.start();
    }

    /** The entities that probe escaping and data quality: a hostile building, a silent and a negative car park. */
    private static void writeProbes() {
        Http.Answer created = http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "Building",
                 "name": {"type": "Property", "value": %s},
                 "description": {"type": "Property", "value": %s},
                 "url": {"type": "Property", "value": "%s"},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.72, 51.05]}}}
                """.formatted(HOSTILE_ID, Http.JSON.valueToTree(SCRIPT_NAME), Http.JSON.valueToTree(IMAGE_DESCRIPTION),
                JAVASCRIPT_URL), "NGSILD-Tenant", "gent", "X-API-Key", platform.adminKey());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        // Written before any page is seen: the pages show a city as taken at most a minute ago (see Cities).
        Http.Answer silent = http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "name": {"type": "Property", "value": "Stille parking"},
                 "availableSpotNumber": {"type": "Property", "value": 12, "observedAt": "%s"},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.7, 51.04]}}}
                """.formatted(SILENT_CAR_PARK, java.time.Instant.now().minus(Duration.ofDays(3))),
                "NGSILD-Tenant", "gent", "X-API-Key", platform.adminKey());
        assertThat(silent.status()).as(silent.body()).isEqualTo(201);
        Http.Answer negative = http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "name": {"type": "Property", "value": "Negatieve parking"},
                 "availableSpotNumber": {"type": "Property", "value": -4},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.71, 51.05]}}}
                """.formatted(NEGATIVE_CAR_PARK), "NGSILD-Tenant", "gent", "X-API-Key", platform.adminKey());
        assertThat(negative.status()).as(negative.body()).isEqualTo(201);
    }

    /** Removes the probes, until the city page no longer shows them (its snapshot is refreshed within seconds). */
    private static void removeProbes() throws InterruptedException {
        for (String id : List.of(HOSTILE_ID, SILENT_CAR_PARK, NEGATIVE_CAR_PARK)) {
            assertThat(http.delete("/ngsi-ld/v1/entities/" + encode(id), "NGSILD-Tenant", "gent",
                    "X-API-Key", platform.adminKey()).status()).isEqualTo(204);
        }
        Http.Answer page = http.get("/dashboard/cities/gent");
        for (int i = 0; i < 120 && (page.body().contains("belfortHacked") || page.body().contains("Stille parking")); i++) {
            Thread.sleep(500);
            page = http.get("/dashboard/cities/gent");
        }
        assertThat(page.body()).doesNotContain("belfortHacked", "Stille parking", "Negatieve parking");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void dutchByDefault() {
        browser.get(base + "/dashboard?lang=nl");
    }

    @Test
    void theRootGivesBrowsersTheRegionAndClientsTheJsonIndex() {
        browser.get(base + "/");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("De regio in cijfers");
        List<String> cities = browser.findElements(By.cssSelector("#city-table tbody tr")).stream()
                .map(row -> row.getAttribute("data-city")).toList();
        assertThat(cities).containsExactlyInAnyOrder("antwerpen", "gent", "kampenhout", "kortrijk", "leuven",
                "sint-niklaas");
        // Crowdedness is restricted: an anonymous visitor does not see it, not even its name.
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("Drukte").contains("Parkings");
        assertAccessible();

        Http.Answer index = http.get("/", "Accept", "application/json");
        assertThat(index.header("Content-Type")).startsWith("application/json");
        assertThat(index.json().path("links").path("catalog").asText()).endsWith("/catalog");
        assertThat(index.header("Vary")).contains("Accept");
        Http.Answer page = http.get("/", "Accept", "text/html,application/xhtml+xml");
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
    }

    @Test
    void theRegionMapHasOneMarkerPerCityThatTheKeyboardReachesAndOpens() {
        browser.get(base + "/dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("region-map")).getAttribute("data-loaded")));
        List<String> rows = browser.findElements(By.cssSelector("#city-table tbody tr")).stream()
                .map(row -> row.getAttribute("data-city")).toList();
        List<WebElement> markers = browser.findElements(By.cssSelector("#region-map .belfort-city"));
        assertThat(markers.stream().map(marker -> marker.getAttribute("data-city")).toList())
                .containsExactlyInAnyOrderElementsOf(rows).hasSize(6);
        WebElement gent = markers.stream().filter(marker -> "gent".equals(marker.getAttribute("data-city")))
                .findFirst().orElseThrow();
        // The marker says the city and its free parking places, as the table and the headline figures do.
        assertThat(gent.getText()).startsWith("Gent").contains("vrije plaatsen");
        assertThat(gent.getAttribute("tabindex")).isEqualTo("0");
        assertThat(gent.getAttribute("role")).isEqualTo("button");
        assertAccessible();

        // Tab reaches the markers, and Enter on one opens its city.
        org.openqa.selenium.interactions.Actions keyboard = new org.openqa.selenium.interactions.Actions(browser);
        boolean reached = false;
        for (int i = 0; i < 40 && !reached; i++) {
            keyboard.sendKeys(org.openqa.selenium.Keys.TAB).perform();
            reached = "gent".equals(browser.switchTo().activeElement().getAttribute("data-city"))
                    && browser.switchTo().activeElement().getAttribute("class").contains("belfort-city");
        }
        assertThat(reached).as("the Gent marker is reached with Tab").isTrue();
        keyboard.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> driver.getCurrentUrl().endsWith("/dashboard/cities/gent"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Gent");
    }

    @Test
    void theRegionMapsLabelsDoNotOverlapAtPhoneWidth() {
        org.openqa.selenium.Dimension original = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(375, 812));
            browser.get(base + "/dashboard");
            new WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(driver -> "true".equals(driver.findElement(By.id("region-map")).getAttribute("data-loaded")));
            assertThat(((Number) ((JavascriptExecutor) browser).executeScript("return window.innerWidth")).intValue())
                    .isLessThanOrEqualTo(375);
            @SuppressWarnings("unchecked")
            List<List<Number>> boxes = (List<List<Number>>) ((JavascriptExecutor) browser).executeScript(
                    "return Array.from(document.querySelectorAll('#region-map .belfort-city > span')).map(function (label) {"
                            + " var box = label.getBoundingClientRect(); return [box.left, box.top, box.right, box.bottom]; });");
            assertThat(boxes).hasSize(6);
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    List<Number> one = boxes.get(i);
                    List<Number> other = boxes.get(j);
                    boolean overlap = one.get(0).doubleValue() < other.get(2).doubleValue()
                            && other.get(0).doubleValue() < one.get(2).doubleValue()
                            && one.get(1).doubleValue() < other.get(3).doubleValue()
                            && other.get(1).doubleValue() < one.get(3).doubleValue();
                    assertThat(overlap).as("labels %s and %s overlap", one, other).isFalse();
                }
            }
        } finally {
            browser.manage().window().setSize(original);
        }
    }

    @Test
    void theCityMapHasOneMarkerPerEntityOfEachLayerAndTheTableTheSameRows() {
        browser.get(base + "/dashboard/cities/gent");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-loaded")));
        List<WebElement> tables = browser.findElements(By.cssSelector("table.layer-table"));
        Set<String> layers = new HashSet<>();
        for (WebElement table : tables) {
            String type = table.getAttribute("data-type");
            layers.add(type);
            int anonymousCount = http.get("/ngsi-ld/v1/entities?type=" + type + "&count=true&limit=0",
                    "NGSILD-Tenant", "gent").raw().headers().firstValue("NGSILD-Results-Count").map(Integer::parseInt).orElseThrow();
            int markers = browser.findElements(By.cssSelector("path.belfort-marker.layer-" + type)).size();
            int rows = table.findElements(By.cssSelector("tbody tr")).size();
            assertThat(markers).as(type).isEqualTo(anonymousCount).isPositive();
            // The table lists every entity, a page at a time.
            assertThat(Integer.parseInt(table.getAttribute("data-rows"))).as(type).isEqualTo(anonymousCount);
            assertThat(rows).as(type).isEqualTo(Math.min(anonymousCount, be.belfort.dashboard.TablePage.SIZE));
        }
        assertThat(layers).contains("OffStreetParking", "Building").doesNotContain("CrowdFlowObserved");
        assertAccessible();
    }

    @Test
    void aCommittedChangeShowsOnTheOpenCityPageWithoutAReload() {
        String carPark = "urn:ngsi-ld:OffStreetParking:gent-P1";
        browser.get(base + "/dashboard/cities/gent");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-listening")));
        WebElement row = browser.findElement(By.cssSelector("tr[data-id='" + carPark + "']"));
        Http.Answer written = http.patch("/ngsi-ld/v1/entities/" + encode(carPark) + "/attrs/availableSpotNumber",
                "{\"type\": \"Property\", \"value\": 4321, \"observedAt\": \"" + java.time.Instant.now() + "\"}",
                "NGSILD-Tenant", "gent", "X-API-Key", platform.adminKey());
        assertThat(written.status()).as(written.body()).isEqualTo(204);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> row.findElement(By.cssSelector(".live-value")).getText().equals("4.321"));
        assertThat(row.getAttribute("data-updated")).isNotNull();
        // The page was not reloaded: the very row element is still attached and shows the new value.
        assertThat(browser.findElements(By.cssSelector("path.belfort-marker.layer-OffStreetParking"))).isNotEmpty();
    }

    @Test
    void aClickOnAMarkerOpensItsCurrentValueWithASparklineOfTheLastDay() {
        String carPark = "urn:ngsi-ld:OffStreetParking:gent-P2";
        java.time.Instant now = java.time.Instant.now();
        StringBuilder instances = new StringBuilder();
        for (int hour = 6; hour >= 1; hour--) {
            instances.append(instances.isEmpty() ? "" : ",").append("{\"type\": \"Property\", \"value\": ")
                    .append(100 + hour * 37).append(", \"observedAt\": \"").append(now.minus(Duration.ofHours(hour))).append("\"}");
        }
        Http.Answer written = http.post("/ngsi-ld/v1/temporal/entities/" + encode(carPark) + "/attrs",
                "{\"availableSpotNumber\": [" + instances + "]}", "NGSILD-Tenant", "gent", "X-API-Key", platform.adminKey());
        assertThat(written.status()).as(written.body()).isEqualTo(204);

        browser.get(base + "/dashboard/cities/gent");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-loaded")));
        WebElement marker = browser.findElement(By.cssSelector("path.belfort-marker[data-id='" + carPark + "']"));
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", marker);
        WebElement popup = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> driver.findElement(By.cssSelector(".leaflet-popup-content")));
        // Its text, not what Selenium deems visible: a popup at the map's edge may be partly scrolled out of view.
        assertThat(popup.getAttribute("textContent")).contains("P02");
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(driver -> !driver.findElements(By.cssSelector(".leaflet-popup-content svg.sparkline polyline")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".leaflet-popup-content svg.sparkline")).getAttribute("aria-label"))
                .isEqualTo("Verloop van de laatste 24 uur");
        assertAccessible();
    }

    @Test
    void theCityPageCanBeWalkedWithTheKeyboardAlone() {
        browser.get(base + "/dashboard/cities/gent");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-loaded")));
        org.openqa.selenium.interactions.Actions keyboard = new org.openqa.selenium.interactions.Actions(browser);
        List<String> focused = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keyboard.sendKeys(org.openqa.selenium.Keys.TAB).perform();
            WebElement active = browser.switchTo().activeElement();
            focused.add(active.getTagName() + ":" + active.getText() + ":" + active.getAttribute("type"));
        }
        assertThat(focused.getFirst()).startsWith("a:Naar de inhoud:");
        // The layer switcher's boxes and every entity of the table are reached in order, the map skipped by none.
        assertThat(focused).anyMatch(item -> item.endsWith(":checkbox"));
        assertThat(focused).anyMatch(item -> item.startsWith("a:P01 Vrijdagmarkt"));
        browser.findElement(By.linkText("P01 Vrijdagmarkt")).sendKeys(org.openqa.selenium.Keys.ENTER);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("P01 Vrijdagmarkt");
    }

    @Test
    void anEntityPageShowsItsValuesAndAHistoryChartWithPoints() {
        browser.get(base + "/dashboard/cities/gent/entities/" + encode("urn:ngsi-ld:OffStreetParking:gent-P1"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("P01 Vrijdagmarkt");
        assertThat(browser.findElement(By.id("attributes")).getText()).contains("Vrije plaatsen", "Plaatsen in totaal", "647");
        WebElement chart = browser.findElement(By.cssSelector("#history-availableSpotNumber ~ .history-chart"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> chart.getAttribute("data-points") != null);
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isPositive();
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        assertAccessible();

        Http.Answer csv = http.get("/dashboard/cities/gent/entities/" + encode("urn:ngsi-ld:OffStreetParking:gent-P1")
                + "/history.csv?attr=availableSpotNumber&range=24h");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().findFirst()).hasValue("entity,attribute,observedAt,value");
        assertThat(csv.body().lines().count()).isGreaterThan(1);
    }

    @Test
    void restrictedEntitiesAndTheirHistoryDoNotExistForAnAnonymousVisitor() {
        Http.Answer crowd = http.get("/ngsi-ld/v1/entities?type=CrowdFlowObserved&limit=1", "NGSILD-Tenant", "gent",
                "X-API-Key", platform.adminKey());
        String crowdId = crowd.json().get(0).path("id").asText();
        browser.get(base + "/dashboard/cities/gent/entities/" + encode(crowdId));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Niet gevonden");
        assertThat(http.get("/dashboard/cities/gent/entities/" + encode(crowdId)).status()).isEqualTo(404);
        assertThat(http.get("/dashboard/cities/gent/entities/" + encode(crowdId) + "/history.json?attr=peopleCount")
                .status()).isEqualTo(404);
    }

    @Test
    void theCatalogueListsExactlyTheOpenDatasets() {
        browser.get(base + "/dashboard/catalogue");
        Set<String> shown = new HashSet<>();
        browser.findElements(By.cssSelector("article.dataset")).forEach(article -> shown.add(article.getAttribute("data-dataset")));
        String catalog = http.get("/catalog", "Accept", "application/n-triples").body();
        Matcher datasets = Pattern.compile("<[^>]*(/datasets/[^/>]+/[^/>]+)> <http://www\\.w3\\.org/1999/02/22-rdf-syntax-ns#type>"
                + " <http://www\\.w3\\.org/ns/dcat#Dataset>").matcher(catalog);
        Set<String> open = new HashSet<>();
        while (datasets.find()) {
            open.add(datasets.group(1));
        }
        assertThat(open).isNotEmpty();
        assertThat(shown).isEqualTo(open);
        assertThat(shown).noneMatch(path -> path.contains("CrowdFlowObserved"));
        assertThat(browser.findElement(By.cssSelector("article.dataset pre")).getText()).startsWith("curl ");
        assertAccessible();

        // Filtered on a theme of the EU vocabulary, named in words: the environment is the air quality.
        browser.get(base + "/dashboard/catalogue?theme=ENVI");
        assertThat(browser.findElement(By.cssSelector("#filter-theme option[value='ENVI']")).getText()).isEqualTo("Milieu");
        List<String> environment = browser.findElements(By.cssSelector("article.dataset")).stream()
                .map(article -> article.getAttribute("data-dataset")).toList();
        assertThat(environment).isNotEmpty().allMatch(path -> path.endsWith("/AirQualityObserved"));
        assertThat(browser.findElement(By.cssSelector("article.dataset .themes")).getText()).isEqualTo("Milieu");
    }

    @Test
    void theLanguageSwitchIsRememberedAcrossPages() {
        browser.get(base + "/dashboard");
        HeadlessChromium.clickToNextPage(browser, browser.findElement(By.id("language-switch")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("The region in figures");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        browser.get(base + "/dashboard/catalogue");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Open data");
        assertThat(browser.findElement(By.id("language-switch")).getText()).isEqualTo("Nederlands");
        browser.get(base + "/dashboard/cities/nowhere");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertAccessible();
        HeadlessChromium.clickToNextPage(browser, browser.findElement(By.id("language-switch")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Niet gevonden");
    }

    @Test
    void entityValuesAreShownAsTextNeverAsMarkup() {
        browser.get(base + "/dashboard/cities/gent/entities/" + encode(HOSTILE_ID));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(SCRIPT_NAME);
        assertThat(browser.findElement(By.id("attributes")).getText()).contains(IMAGE_DESCRIPTION, JAVASCRIPT_URL);
        JavascriptExecutor script = (JavascriptExecutor) browser;
        assertThat(script.executeScript("return window.belfortHacked === undefined")).isEqualTo(true);
        assertThat(script.executeScript("return document.querySelectorAll('script:not([src]), img[onerror], a[href^=\"javascript:\"]').length"))
                .isEqualTo(0L);

        browser.get(base + "/dashboard/cities/gent");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-loaded")));
        assertThat(browser.findElement(By.cssSelector("table.layer-table[data-type=Building]")).getText()).contains(SCRIPT_NAME);
        assertThat(script.executeScript("return window.belfortHacked === undefined")).isEqualTo(true);
    }

    @Test
    void unknownCitiesEntitiesAndPagesGetAFriendlyPageInTheVisitorsLanguage() {
        Http.Answer city = http.get("/dashboard/cities/atlantis", "Accept-Language", "nl-BE,nl;q=0.9");
        assertThat(city.status()).isEqualTo(404);
        assertThat(city.header("Content-Type")).startsWith("text/html");
        assertThat(city.body()).contains("Deze stad bestaat niet");
        Http.Answer entity = http.get("/dashboard/cities/gent/entities/urn%3Angsi-ld%3AThing%3Anone", "Accept-Language", "en-GB,en;q=0.8");
        assertThat(entity.status()).isEqualTo(404);
        assertThat(entity.body()).contains("This item does not exist");
        assertThat(http.get("/dashboard/no/such/page", "Cookie", "belfort-lang=en").body()).contains("This page does not exist");
    }

    @Test
    void librariesAreServedByThePlatformUnderVersionedPathsCachedForAYear() {
        browser.get(base + "/dashboard/cities/gent");
        List<String> sources = browser.findElements(By.cssSelector("script[src], link[rel=stylesheet]")).stream()
                .map(element -> element.getAttribute(element.getTagName().equals("script") ? "src" : "href")).toList();
        assertThat(sources).isNotEmpty().allMatch(url -> url.startsWith(base + "/dashboard/assets/"));
        assertThat(sources).anyMatch(url -> url.contains("/leaflet/1.9.4/"));
        for (String url : sources) {
            Http.Answer asset = http.get(url.substring(base.length()));
            assertThat(asset.status()).as(url).isEqualTo(200);
            assertThat(asset.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        }
        assertThat(http.get("/dashboard/assets/leaflet/0.0.1/dist/leaflet.js").status()).isEqualTo(404);
        assertThat(http.get("/dashboard/assets/leaflet/1.9.4/../../../../etc/passwd.js").status()).isEqualTo(404);
    }

    @Test
    void theQualityPageMeasuresEachDatasetAndListsTheStaleEntities() {
        String stale = SILENT_CAR_PARK;
        String invalid = NEGATIVE_CAR_PARK;

        browser.get(base + "/dashboard/cities/gent");
        HeadlessChromium.clickToNextPage(browser, browser.findElement(By.id("quality-link")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Kwaliteit van de gegevens van Gent");
        List<String> types = browser.findElements(By.cssSelector("section.quality")).stream()
                .map(section -> section.getAttribute("data-type")).toList();
        assertThat(types).contains("OffStreetParking", "AirQualityObserved", "Building").doesNotContain("CrowdFlowObserved");
        WebElement parking = browser.findElement(By.cssSelector("section.quality[data-type=OffStreetParking]"));
        assertThat(Integer.parseInt(parking.getAttribute("data-entities"))).isEqualTo(anonymousCount("OffStreetParking"));
        assertThat(parking.findElements(By.cssSelector("table.stale-entities tr[data-id='" + stale + "']"))).hasSize(1);
        // Checked against the OffStreetParking schema: the demo's car parks and the silent one are valid, the negative one not.
        int checked = Integer.parseInt(parking.getAttribute("data-checked"));
        assertThat(checked).isEqualTo(anonymousCount("OffStreetParking"));
        assertThat(Integer.parseInt(parking.getAttribute("data-valid"))).isEqualTo(checked - 1);
        assertThat(parking.findElement(By.cssSelector(".validity")).getText()).contains("van " + checked + " gecontroleerde objecten geldig");
        WebElement invalidRow = parking.findElement(By.cssSelector("table.invalid-entities tr[data-id='" + invalid + "']"));
        assertThat(invalidRow.getText()).contains("Negatieve parking", "availableSpotNumber");
        assertThat(parking.findElements(By.cssSelector("table.invalid-entities tr[data-id='" + stale + "']"))).isEmpty();
        assertThat(invalidRow.findElement(By.tagName("a")).getAttribute("href"))
                .contains("/dashboard/cities/gent/entities/").contains("gent-negative");
        // The hostile building lacks what its model requires: listed, its name as text.
        WebElement building = browser.findElement(By.cssSelector("section.quality[data-type=Building] table.invalid-entities tr[data-id='"
                + HOSTILE_ID + "']"));
        assertThat(building.getText()).contains(SCRIPT_NAME);
        // The silent car park lacks most of its model's attributes: completeness is below 100 %, in Dutch notation.
        assertThat(parking.findElement(By.cssSelector(".completeness")).getText()).matches("\\d{1,2}[\\s\\u00a0\\u202f]?%");
        assertThat(parking.findElement(By.cssSelector("table.missing-attributes tr[data-attribute=totalSpotNumber]"))
                .getText()).contains("Plaatsen in totaal");
        assertThat(parking.findElement(By.cssSelector(".depth")).getText())
                .matches("sinds \\d{1,2} (jan\\.|feb\\.|mrt\\.|apr\\.|mei|jun\\.|jul\\.|aug\\.|sep\\.|okt\\.|nov\\.|dec\\.) \\d{4} .*waarden.*");
        assertAccessible();

        assertThat(http.get("/dashboard/cities/atlantis/quality").status()).isEqualTo(404);
        browser.get(base + "/dashboard/cities/gent/quality?lang=en");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Data quality of Gent");
        assertThat(browser.findElement(By.cssSelector("section.quality[data-type=OffStreetParking] table.invalid-entities caption"))
                .getText()).startsWith("Items that break the schema");
        assertAccessible();
        browser.get(base + "/dashboard?lang=nl");
    }

    @Test
    void aDatasetPageShowsItsMetadataAPreviewAMapAndItsDownloads() {
        browser.get(base + "/dashboard/catalogue?city=gent");
        WebElement article = browser.findElement(By.cssSelector("article.dataset[data-dataset='/datasets/gent/OffStreetParking']"));
        String title = article.findElement(By.tagName("h2")).getText();
        HeadlessChromium.clickToNextPage(browser, article.findElement(By.cssSelector("a.dataset-page")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(title);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-loaded")));
        int count = anonymousCount("OffStreetParking");
        assertThat(browser.findElements(By.cssSelector("path.belfort-marker"))).hasSize(count);
        assertThat(browser.findElements(By.cssSelector("#preview tbody tr"))).hasSize(Math.min(count, 20));
        assertThat(browser.findElement(By.cssSelector("#preview thead")).getText()).contains("Vrije plaatsen");
        assertThat(browser.findElements(By.cssSelector(".distributions a")).stream().map(link -> link.getAttribute("href")))
                .anyMatch(href -> href.endsWith("/datasets/gent/OffStreetParking/latest.csv"))
                .anyMatch(href -> href.endsWith("/datasets/gent/OffStreetParking/ldes"));
        assertAccessible();

        // Restricted data has no dataset page for an anonymous visitor, and one for a key that may read it.
        assertThat(http.get("/dashboard/cities/gent/datasets/CrowdFlowObserved").status()).isEqualTo(404);
        Http.Answer restricted = http.get("/dashboard/cities/gent/datasets/CrowdFlowObserved", "X-API-Key", platform.adminKey());
        assertThat(restricted.status()).isEqualTo(200);
        assertThat(restricted.body()).doesNotContain("latest.csv");
        assertThat(http.get("/dashboard/cities/gent/datasets/Nothing").body()).contains("Deze dataset bestaat niet");
    }

    @Test
    void theMapAndChartsHaveEmbeddableViewsThatOnlyAllowedSitesMayFrame() {
        browser.get(base + "/dashboard/cities/gent");
        String code = browser.findElement(By.id("embed-code")).getAttribute("textContent");
        assertThat(code).startsWith("<iframe src=\"" + base + "/dashboard/embed/cities/gent/map\" title=\"Gent\"");

        browser.get(base + "/dashboard/embed/cities/gent/map");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-loaded")));
        assertThat(browser.findElements(By.cssSelector("path.belfort-marker.layer-OffStreetParking")))
                .hasSize(anonymousCount("OffStreetParking"));
        assertThat(browser.findElements(By.tagName("nav"))).isEmpty();
        assertAccessible();

        browser.get(base + "/dashboard/embed/cities/gent/entities/" + encode("urn:ngsi-ld:OffStreetParking:gent-P1")
                + "/chart?attr=availableSpotNumber&range=7d");
        WebElement chart = browser.findElement(By.cssSelector(".history-chart"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> chart.getAttribute("data-points") != null);
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isPositive();
        assertAccessible();

        Http.Answer embedded = http.get("/dashboard/embed/cities/gent/map");
        assertThat(embedded.header("Content-Security-Policy")).contains("frame-ancestors 'self'");
        assertThat(embedded.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        Http.Answer page = http.get("/dashboard/cities/gent");
        assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(http.get("/dashboard/embed/cities/gent/entities/" + encode("urn:ngsi-ld:Thing:none")
                + "/chart?attr=x").status()).isEqualTo(404);
    }

    @Test
    void aCityAddsItsOwnWebsitesToWhoMayFrameItsEmbeddableViewsAndOnlyItsOwn() {
        String leuvenAdmin = http.post("/admin/keys", "{\"tenant\": \"leuven\", \"role\": \"tenant-admin\"}",
                "X-API-Key", platform.adminKey()).json().get("key").asText();
        String path = "/admin/dashboard/cities/leuven/embed";
        Http.Answer set = http.put(path, "{\"embedOrigins\": [\"https://www.leuven.be/\", \"https://*.leuven.be\"]}",
                "X-API-Key", leuvenAdmin);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("embedOrigins").toString()).isEqualTo("[\"https://www.leuven.be\",\"https://*.leuven.be\"]");
        assertThat(set.json().path("frameAncestors").asText()).isEqualTo("'self' https://www.leuven.be https://*.leuven.be");
        assertThat(http.get(path, "X-API-Key", leuvenAdmin).json().path("embedOrigins")).hasSize(2);

        // The city's own embeddable views, and only those, may be framed by its websites.
        Http.Answer leuven = http.get("/dashboard/embed/cities/leuven/map");
        assertThat(leuven.status()).isEqualTo(200);
        assertThat(leuven.header("Content-Security-Policy"))
                .endsWith("frame-ancestors 'self' https://www.leuven.be https://*.leuven.be");
        assertThat(leuven.header("X-Frame-Options")).isNull();
        Http.Answer gent = http.get("/dashboard/embed/cities/gent/map");
        assertThat(gent.header("Content-Security-Policy")).endsWith("frame-ancestors 'self'");
        assertThat(gent.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(http.get("/dashboard/cities/leuven").header("Content-Security-Policy")).endsWith("frame-ancestors 'none'");

        // Only an origin is taken, and only from the city's tenant admin (or the platform's admin).
        Http.Answer withPath = http.put(path, "{\"embedOrigins\": [\"https://www.leuven.be/stad\"]}", "X-API-Key", leuvenAdmin);
        assertThat(withPath.status()).isEqualTo(400);
        assertThat(withPath.json().path("detail").asText()).contains("such as https://www.gent.be")
                .contains("not 'https://www.leuven.be/stad'");
        Http.Answer injected = http.put(path, "{\"embedOrigins\": [\"https://x.be; script-src *\"]}", "X-API-Key", leuvenAdmin);
        assertThat(injected.status()).isEqualTo(400);
        assertThat(http.put(path, "{\"embedOrigins\": \"https://www.leuven.be\"}", "X-API-Key", leuvenAdmin).status())
                .isEqualTo(400);
        assertThat(http.put("/admin/dashboard/cities/gent/embed", "{\"embedOrigins\": [\"https://evil.example\"]}",
                "X-API-Key", leuvenAdmin).status()).isEqualTo(403);
        assertThat(http.put(path, "{\"embedOrigins\": []}").status()).isEqualTo(401);
        assertThat(http.get("/dashboard/embed/cities/leuven/map").header("Content-Security-Policy"))
                .endsWith("frame-ancestors 'self' https://www.leuven.be https://*.leuven.be");

        // An empty list gives the city the platform's list again.
        assertThat(http.put(path, "{\"embedOrigins\": []}", "X-API-Key", platform.adminKey()).status()).isEqualTo(200);
        assertThat(http.get("/dashboard/embed/cities/leuven/map").header("Content-Security-Policy")).endsWith("frame-ancestors 'self'");
    }

    @Test
    void aHistoryChartShowsAYearOrChosenDaysAndSaysInlineWhatIsWrongWithAChosenRange() {
        String page = "/dashboard/cities/gent/entities/" + encode("urn:ngsi-ld:OffStreetParking:gent-P1");
        browser.get(base + page);
        WebElement section = browser.findElement(By.xpath("//h2[@id='history-availableSpotNumber']/.."));
        WebElement chart = section.findElement(By.cssSelector(".history-chart"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> chart.getAttribute("data-points") != null);
        section.findElement(By.xpath(".//button[text()='1 jaar']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> chart.getAttribute("data-chart").contains("range=1y")
                && chart.findElements(By.tagName("canvas")).size() == 1 && chart.getAttribute("data-points") != null);
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isPositive();
        // The chart's legend speaks Dutch (its axes are drawn with the page's language and Brussels time).
        assertThat(chart.getText()).contains("tijdstip", "gemiddelde").doesNotContain("Time");

        JavascriptExecutor script = (JavascriptExecutor) browser;
        WebElement from = section.findElement(By.name("from"));
        WebElement to = section.findElement(By.name("to"));
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Brussels"));
        script.executeScript("arguments[0].value = arguments[1]; arguments[2].value = arguments[3];",
                from, today.toString(), to, today.minusDays(3).toString());
        section.findElement(By.cssSelector("form.custom-range button[type=submit]")).click();
        WebElement error = section.findElement(By.cssSelector(".form-error"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> !error.getText().isEmpty());
        assertThat(error.getText()).isEqualTo("De einddatum ligt vóór de begindatum.");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + page);

        script.executeScript("arguments[0].value = arguments[1]; arguments[2].value = arguments[3];",
                from, today.minusDays(1).toString(), to, today.toString());
        section.findElement(By.cssSelector("form.custom-range button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> error.getText().isEmpty()
                && chart.getAttribute("data-chart").contains("&from=") && chart.findElements(By.tagName("canvas")).size() == 1);
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isPositive();
        assertAccessible();

        // Without script the form reloads the page, which says the same next to the form.
        Http.Answer reversed = http.get(page + "?attr=availableSpotNumber&from=2026-12-05&to=2026-12-01");
        assertThat(reversed.status()).isEqualTo(200);
        assertThat(reversed.body()).contains("De einddatum ligt vóór de begindatum.");
        Http.Answer invalid = http.get(page + "/history.json?attr=availableSpotNumber&from=tomorrow&to=2026-12-01",
                "Accept-Language", "en");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("detail").asText()).isEqualTo("That is not a valid date (yyyy-mm-dd).");
        Http.Answer csv = http.get(page + "/history.csv?attr=availableSpotNumber&from=" + today.minusDays(1) + "&to=" + today);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().count()).isGreaterThan(1);
    }

    @Test
    void airQualityShowsInTheBandsOfTheEuropeanIndexWithALegend() {
        Set<String> labels = Set.of("goed", "redelijk", "matig", "slecht", "zeer slecht", "extreem slecht");
        browser.get(base + "/dashboard");
        List<WebElement> figures = browser.findElements(By.cssSelector(".figure-air"));
        assertThat(figures).isNotEmpty();
        assertThat(figures).allMatch(figure -> figure.getAttribute("data-band").matches("aq[1-6]"));
        assertThat(browser.findElement(By.cssSelector(".figure-air[data-city=antwerpen]")).getText())
                .contains("luchtkwaliteit in Antwerpen");

        browser.get(base + "/dashboard/cities/antwerpen");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-loaded")));
        List<String> legend = browser.findElements(By.cssSelector("#legend-air .legend-item")).stream()
                .map(WebElement::getText).map(String::trim).toList();
        assertThat(legend).containsExactly("goed", "redelijk", "matig", "slecht", "zeer slecht", "extreem slecht");
        List<WebElement> bands = browser.findElements(By.cssSelector("table.layer-table[data-type=AirQualityObserved] .live-band"));
        assertThat(bands).isNotEmpty().allMatch(band -> labels.contains(band.getText()));
        Set<String> colours = Set.of("#50f0e6", "#50ccaa", "#f0e641", "#ff5050", "#960032", "#7d2181");
        List<WebElement> markers = browser.findElements(By.cssSelector("path.belfort-marker.layer-AirQualityObserved"));
        assertThat(markers).hasSize(bands.size()).allMatch(marker -> colours.contains(marker.getAttribute("fill")));
        assertAccessible();
    }

    @Test
    void aLargeLayerIsClusteredOnTheServerAndEveryEntityIsCountedOnce() throws InterruptedException {
        Http.Answer dataset = http.put("/admin/datasets/kampenhout/ParkingSpot", """
                {"accessLevel": "open", "title": {"nl": "Parkeerplaatsen", "en": "Parking spots"},
                 "description": {"nl": "Elke parkeerplaats.", "en": "Every parking spot."},
                 "publisher": {"id": "https://data.vlaanderen.be/id/gemeente/23038", "name": "Gemeente Kampenhout",
                               "type": "LocalAuthority"},
                 "contactPoint": "mailto:opendata@kampenhout.demo.invalid", "license": "cc0", "themes": ["TRAN"],
                 "keywords": ["parkeren"], "updateFrequency": "irreg"}
                """, "X-API-Key", platform.adminKey());
        assertThat(dataset.status()).as(dataset.body()).isIn(200, 201);
        int spots = 600;
        for (int batch = 0; batch < spots / 300; batch++) {
            StringBuilder entities = new StringBuilder("[");
            for (int i = batch * 300; i < (batch + 1) * 300; i++) {
                entities.append(i % 300 == 0 ? "" : ",").append("""
                        {"id": "urn:ngsi-ld:ParkingSpot:kampenhout-%d", "type": "ParkingSpot",
                         "name": {"type": "Property", "value": "Plaats %d"},
                         "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [%s, %s]}}}
                        """.formatted(i, i, 4.54 + (i % 30) * 0.0004, 50.94 + (i / 30) * 0.0003));
            }
            Http.Answer created = http.post("/ngsi-ld/v1/entityOperations/upsert", entities.append("]").toString(),
                    "NGSILD-Tenant", "kampenhout", "X-API-Key", platform.adminKey());
            assertThat(created.status()).as(created.body()).isIn(201, 204);
        }

        // The city is shown as taken at most a minute ago: until its new layer is there, the page is asked again.
        String layerTable = "table.layer-table[data-type=ParkingSpot]";
        long began = System.nanoTime();
        browser.get(base + "/dashboard/cities/kampenhout");
        while (browser.findElements(By.cssSelector(layerTable + "[data-rows='" + spots + "']")).isEmpty()
                && System.nanoTime() - began < be.belfort.dashboard.Cities.AT_MOST.toNanos()) {
            Thread.sleep(1_000);
            browser.get(base + "/dashboard/cities/kampenhout");
        }
        WebElement map = browser.findElement(By.id("map"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> map.getAttribute("data-refreshed") != null);
        List<WebElement> clusters = browser.findElements(By.cssSelector(".belfort-cluster.layer-ParkingSpot"));
        assertThat(clusters).isNotEmpty();
        int clustered = clusters.stream().mapToInt(cluster -> Integer.parseInt(cluster.getText().trim())).sum();
        int single = browser.findElements(By.cssSelector("path.belfort-marker.layer-ParkingSpot")).size();
        assertThat(clustered + single).isEqualTo(spots);
        assertThat(clusters.size() + single).isLessThan(spots);
        // The table stays the accessible alternative with every entity, a page of 100 at a time with links.
        assertThat(browser.findElements(By.cssSelector(layerTable + " tbody tr"))).hasSize(100);
        WebElement pager = browser.findElement(By.cssSelector("nav.pager[data-type=ParkingSpot]"));
        assertThat(pager.getAttribute("aria-label")).startsWith("Pagina's van de tabel ");
        assertThat(pager.findElement(By.cssSelector(".pager-status")).getText())
                .isEqualTo("Rijen 1 tot 100 van 600, pagina 1 van 6");
        HeadlessChromium.clickToNextPage(browser, pager.findElement(By.cssSelector("a[rel=next]")));
        assertThat(browser.findElement(By.cssSelector(layerTable)).getAttribute("data-page")).isEqualTo("2");
        assertThat(browser.findElement(By.cssSelector(layerTable + " tbody tr th")).getText()).isEqualTo("Plaats 189");
        HeadlessChromium.clickToNextPage(browser, browser.findElement(By.cssSelector("nav.pager[data-type=ParkingSpot] a[rel=last]")));
        assertThat(browser.findElement(By.cssSelector(layerTable)).getAttribute("data-page")).isEqualTo("6");
        assertThat(browser.findElements(By.cssSelector(layerTable + " tbody tr"))).hasSize(100);
        assertThat(browser.findElements(By.cssSelector("nav.pager[data-type=ParkingSpot] a[rel=next]"))).isEmpty();
        // The link leads to the paged table itself, not to the top of the page.
        assertThat(browser.getCurrentUrl()).endsWith("#table-ParkingSpot");
        assertAccessible();

        Http.Answer zoomedIn = http.get("/dashboard/cities/kampenhout/markers.json?type=ParkingSpot&zoom=19"
                + "&bbox=4.5399,50.9399,4.5421,50.9411");
        assertThat(zoomedIn.json().path("layers").get(0).path("clusters")).isEmpty();
        assertThat(zoomedIn.json().path("layers").get(0).path("rows").size()).isPositive();
        assertThat(http.get("/dashboard/cities/kampenhout/markers.json?bbox=1,2").status()).isEqualTo(400);
        assertThat(http.get("/dashboard/cities/kampenhout/markers.json?zoom=99").status()).isEqualTo(400);
    }

    /**
     * Writes the screenshots of docs/screenshots when asked to ({@code -Dbelfort.screenshots=<directory>}): every
     * page at desktop and phone width, as a visitor sees it, without the probes of the other tests. Run it alone:
     * {@code ./mvnw test -pl belfort-server -am -Dtest='DashboardBrowserTest#screenshotsOfEveryPageWhenAsked'
     * -Dsurefire.failIfNoSpecifiedTests=false -Dbelfort.screenshots=$PWD/docs/screenshots}.
     */
    @Test
    void screenshotsOfEveryPageWhenAsked() throws java.io.IOException, InterruptedException {
        String directory = System.getProperty("belfort.screenshots");
        org.junit.jupiter.api.Assumptions.assumeTrue(directory != null, "-Dbelfort.screenshots=<directory> not set");
        java.nio.file.Path target = java.nio.file.Path.of(directory);
        java.nio.file.Files.createDirectories(target);
        // A visitor's city has no probes; the tests after this one get them back.
        removeProbes();
        try {
            photographEveryPage(target);
        } finally {
            writeProbes();
        }
    }

    private void photographEveryPage(java.nio.file.Path target) throws java.io.IOException, InterruptedException {
        // A week of the demo's simulated past, so that the charts show days (the demo writes 90 on its first start).
        new be.belfort.demo.HistoryBackfill(URI.create(base), new be.belfort.demo.DemoRegion(42), platform.adminKey(),
                Duration.ofDays(7), Duration.ofHours(1)).run(java.time.Instant.now());
        String carPark = "/dashboard/cities/gent/entities/" + encode("urn:ngsi-ld:OffStreetParking:gent-P1");
        java.util.Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("region", "/dashboard");
        pages.put("city", "/dashboard/cities/gent");
        pages.put("entity", carPark);
        pages.put("catalogue", "/dashboard/catalogue");
        pages.put("dataset", "/dashboard/cities/gent/datasets/OffStreetParking");
        pages.put("quality", "/dashboard/cities/gent/quality");
        pages.put("embed-map", "/dashboard/embed/cities/gent/map");
        org.openqa.selenium.Dimension original = browser.manage().window().getSize();
        try {
            for (var width : java.util.Map.of("desktop", new org.openqa.selenium.Dimension(1280, 900),
                    "phone", new org.openqa.selenium.Dimension(390, 844)).entrySet()) {
                browser.manage().window().setSize(width.getValue());
                for (var page : pages.entrySet()) {
                    browser.get(base + page.getValue());
                    List<WebElement> map = browser.findElements(By.id("map"));
                    if (!map.isEmpty()) {
                        new WebDriverWait(browser, Duration.ofSeconds(20))
                                .until(driver -> "true".equals(map.getFirst().getAttribute("data-loaded")));
                    }
                    for (WebElement chart : browser.findElements(By.cssSelector(".history-chart"))) {
                        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> chart.getAttribute("data-points") != null);
                    }
                    java.nio.file.Files.write(target.resolve(page.getKey() + "-" + width.getKey() + ".png"),
                            wholePage(width.getValue().getWidth()));
                }
            }
        } finally {
            browser.manage().window().setSize(original);
        }
    }

    /** The page from its top, as long as it is (up to 2,400 pixels), through Chromium's own capture. */
    private static byte[] wholePage(int width) {
        long height = ((Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight")).longValue();
        java.util.Map<String, Object> clip = java.util.Map.of("x", 0, "y", 0, "width", width,
                "height", Math.min(height, 2400), "scale", 1);
        java.util.Map<String, Object> shot = ((ChromeDriver) browser).executeCdpCommand("Page.captureScreenshot",
                java.util.Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        return java.util.Base64.getDecoder().decode((String) shot.get("data"));
    }

    private static int anonymousCount(String type) {
        return http.get("/ngsi-ld/v1/entities?type=" + type + "&count=true&limit=0", "NGSILD-Tenant", "gent").raw()
                .headers().firstValue("NGSILD-Results-Count").map(Integer::parseInt).orElseThrow();
    }

    private static void assertAccessible() {
        HeadlessChromium.assertAccessible(browser);
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
