package be.belfort.server;

import be.belfort.dashboard.DashboardSettings;
import be.belfort.demo.FederatedCity;
import be.belfort.federation.FederationSettings;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's federated city on the dashboard and in the catalogue: Brugge's car parks stay in the city's own broker
 * (a second platform), which the region asks through its distributed query. Brugge is on the region page, its map
 * and its city page, marked as data from the city's own broker, and its dataset in the catalogue with the API as its
 * one distribution. A city broker that is down leaves every page working, with Brugge marked unavailable. Pages are
 * checked with axe-core in Debian's Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederatedCityDashboardTest {
    private static final String GENT_PARK = "urn:ngsi-ld:OffStreetParking:gent-fed-1";

    private static Platform region;
    private static Platform city;
    private static Http http;
    private static String base;
    private static WebDriver browser;

    @BeforeAll
    static void startRegionCityAndBrowser() {
        region = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, null)
                .withPrivateOutbound(true).withDashboard(DashboardSettings.NO_TILES)
                .withFederation(new FederationSettings(Duration.ofSeconds(1), 1024 * 1024)));
        city = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, null));
        base = "http://127.0.0.1:" + region.port();
        http = new Http(region.port());
        assertThat(new FederatedCity().join(URI.create(base), region.adminKey(),
                URI.create("http://127.0.0.1:" + city.port()), city.adminKey())).isTrue();
        // A city the region keeps itself, beside the federated one.
        Http.Answer dataset = http.put("/admin/datasets/gent/OffStreetParking", """
                {"accessLevel": "open", "title": {"nl": "Parkings Gent", "en": "Car parks Gent"},
                 "description": {"nl": "Een test.", "en": "A test."},
                 "publisher": {"id": "https://data.vlaanderen.be/id/gemeente/44021", "name": "Stad Gent",
                               "type": "LocalAuthority"},
                 "contactPoint": "mailto:opendata@gent.invalid", "license": "cc0", "themes": ["TRAN"],
                 "keywords": ["parkeren"], "updateFrequency": "continuous"}""", "X-API-Key", region.adminKey());
        assertThat(dataset.status()).as(dataset.body()).isIn(200, 201);
        Http.Answer park = http.post("/ngsi-ld/v1/entities", """
                {"id": "%s", "type": "OffStreetParking", "name": {"type": "Property", "value": "Parking Gent"},
                 "availableSpotNumber": {"type": "Property", "value": 40},
                 "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [3.72, 51.05]}}}"""
                .formatted(GENT_PARK), "NGSILD-Tenant", "gent", "X-API-Key", region.adminKey());
        assertThat(park.status()).as(park.body()).isEqualTo(201);
        browser = HeadlessChromium.start();
        // The language switch is remembered in a cookie: Dutch, as a visitor from Flanders sees the pages first.
        browser.get(base + "/dashboard?lang=nl");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (city != null) {
            city.close();
        }
        if (region != null) {
            region.close();
        }
    }

    @Test
    @Order(1)
    void bruggeIsOnTheRegionPageItsMapAndItsCityPageAsDataFromItsOwnBroker() {
        String page = page("/dashboard");
        assertThat(page).contains("data-city=\"brugge\" data-federated=\"true\" data-unavailable=\"false\"")
                .contains("gegevens uit de eigen broker van de stad")
                .contains("data-city=\"gent\" data-federated=\"false\"");
        assertThat(http.get("/ngsi-ld/v1/entities?type=OffStreetParking&local=true", "NGSILD-Tenant", "brugge",
                "X-API-Key", region.adminKey()).status()).as("the region keeps nothing of Brugge").isEqualTo(404);

        JsonNode markers = http.get("/dashboard/cities/brugge/markers.json").json();
        List<String> names = new ArrayList<>();
        markers.at("/layers/0/rows").forEach(row -> names.add(row.get("name").asText()));
        assertThat(names).as("the map data of Brugge, read from its broker: " + markers)
                .containsExactlyInAnyOrder("Parking Centrum-Zand", "Parking Pandreitje", "Parking Station");
        assertThat(markers.at("/layers/0/rows/0/lon").asDouble()).isBetween(3.2, 3.25);

        String cityPage = page("/dashboard/cities/brugge");
        assertThat(cityPage).contains("De gegevens van Brugge komen uit de eigen broker van de stad")
                .contains("Parking Pandreitje").doesNotContain("id=\"unavailable\"");
        String english = http.get("/dashboard/cities/brugge?lang=en", "Accept", "text/html").body();
        assertThat(english).contains("The data of Brugge comes from the city’s own broker");

        assertThat(page("/dashboard/cities/brugge/quality")).as("data quality, from the broker's entities")
                .contains("Brugge");
        assertThat(page("/dashboard/cities/brugge/datasets/OffStreetParking")).contains("Parking Pandreitje")
                .contains("Deze gegevens komen uit de eigen broker van de stad");
        String station = "/dashboard/cities/brugge/entities/urn%3Angsi-ld%3AOffStreetParking%3Abrugge-station";
        assertThat(page(station)).contains("Parking Station").contains("id=\"history-at-city\"")
                .contains("class=\"history-chart\"");
        // The chart and the download read the broker's history through the distributed temporal retrieval.
        JsonNode chart = http.get(station + "/history.json?attr=availableSpotNumber&range=24h").json();
        assertThat(chart.get("points")).as("the broker's aggregated history: " + chart).isNotEmpty();
        assertThat(chart.at("/points/0/avg").asDouble()).isEqualTo(500.0);
        String csv = http.get(station + "/history.csv?attr=availableSpotNumber&range=24h").body();
        assertThat(csv).contains("urn:ngsi-ld:OffStreetParking:brugge-station,availableSpotNumber,").contains(",500");

        browser.get(base + "/dashboard");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("region-map")).getAttribute("data-loaded")));
        assertThat(browser.findElements(By.cssSelector("#region-map .belfort-city"))
                .stream().map(marker -> marker.getAttribute("data-city")).toList())
                .as("Brugge on the regional map").contains("brugge", "gent");
        HeadlessChromium.assertAccessible(browser);
        browser.get(base + "/dashboard/cities/brugge");
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "true".equals(driver.findElement(By.id("map")).getAttribute("data-loaded")));
        assertThat(browser.findElements(By.cssSelector("path.belfort-marker.layer-OffStreetParking"))).hasSize(3);
        HeadlessChromium.assertAccessible(browser);

        printPageTime("region page with the federated city (its broker answering)", () -> page("/dashboard"));
    }

    @Test
    @Order(2)
    void bruggesDatasetIsInTheCatalogueWithTheApiAsItsOneDistributionAnsweredByTheCity() {
        String catalogue = http.get("/catalog", "Accept", "text/turtle").body();
        assertThat(catalogue).contains("/datasets/brugge/OffStreetParking>").contains("Stad Brugge")
                .contains("https://data.vlaanderen.be/id/gemeente/31005")
                .contains("The data is served from the city's own broker")
                .contains("De gegevens komen uit de eigen broker van de stad")
                .contains("/datasets/brugge/OffStreetParking/distributions/api>")
                .doesNotContain("/datasets/brugge/OffStreetParking/distributions/csv>")
                .contains("/datasets/gent/OffStreetParking/distributions/csv>");
        assertThat(http.get("/datasets/brugge/OffStreetParking/distributions/api", "Accept", "text/turtle").status())
                .isEqualTo(200);
        for (String kept : List.of("/distributions/csv", "/latest.csv", "/latest.geojson", "/ldes")) {
            Http.Answer answer = http.get("/datasets/brugge/OffStreetParking" + kept);
            assertThat(answer.status()).as(kept + ": the region keeps no copy").isEqualTo(404);
            assertThat(answer.body()).contains("city's own broker");
        }
        // The API distribution's URL, as published, answers anonymously from the city's broker.
        JsonNode parks = http.get("/ngsi-ld/v1/entities?type=OffStreetParking&NGSILD-Tenant=brugge&options=keyValues")
                .json();
        assertThat(parks).hasSize(3);

        String page = page("/dashboard/catalogue?city=brugge");
        assertThat(page).contains("data-served-by-city=\"true\"").contains("Stad Brugge")
                .contains("Deze gegevens komen uit de eigen broker van de stad")
                .doesNotContain("/datasets/brugge/OffStreetParking/latest.csv");
        browser.get(base + "/dashboard/catalogue?city=brugge");
        assertThat(browser.findElements(By.cssSelector("article.dataset[data-served-by-city='true']"))).hasSize(1);
        HeadlessChromium.assertAccessible(browser);
    }

    @Test
    @Order(3)
    void aCityBrokerThatIsDownLeavesThePagesWorkingWithBruggeMarkedUnavailable() throws InterruptedException {
        city.close();
        city = null;
        // The figures are renewed in the background once 10 s old: within a few renewals the page says so.
        String page = "";
        for (int i = 0; i < 60 && !page.contains("data-city=\"brugge\" data-federated=\"true\" data-unavailable=\"true\"");
             i++) {
            Thread.sleep(500);
            page = page("/dashboard");
        }
        assertThat(page).contains("data-city=\"brugge\" data-federated=\"true\" data-unavailable=\"true\"")
                .contains("De eigen broker van de stad antwoordt nu niet")
                .as("the city the region keeps is still shown").contains("data-city=\"gent\" data-federated=\"false\"");
        Http.Answer cityPage = http.get("/dashboard/cities/brugge", "Accept", "text/html");
        assertThat(cityPage.status()).isEqualTo(200);
        assertThat(cityPage.body()).contains("id=\"unavailable\" role=\"status\"")
                .contains("De eigen broker van Brugge antwoordde niet");
        assertThat(http.get("/dashboard/cities/brugge/markers.json").status()).isEqualTo(200);
        Http.Answer entity = http.get("/dashboard/cities/brugge/entities/urn%3Angsi-ld%3AOffStreetParking%3Abrugge-station",
                "Accept", "text/html", "Accept-Language", "nl");
        assertThat(entity.status()).as("an object of the broker's cannot be read now, and the page says why")
                .isEqualTo(503);
        assertThat(entity.body()).contains("Nu niet beschikbaar").contains("de eigen broker van Brugge");
        assertThat(page("/dashboard/catalogue")).contains("Stad Brugge");

        browser.get(base + "/dashboard/cities/brugge");
        assertThat(browser.findElement(By.id("unavailable")).getText()).contains("antwoordde niet");
        HeadlessChromium.assertAccessible(browser);
        browser.get(base + "/dashboard/cities/brugge/entities/urn%3Angsi-ld%3AOffStreetParking%3Abrugge-station");
        assertThat(browser.findElement(By.id("notfound-message")).getText()).contains("antwoordt nu niet");
        HeadlessChromium.assertAccessible(browser);
        browser.get(base + "/dashboard");
        HeadlessChromium.assertAccessible(browser);

        printPageTime("region page with the federated city's broker down", () -> page("/dashboard"));
    }

    /** A dashboard page as a browser asks for it (anonymous, Dutch); it must answer 200. */
    private static String page(String path) {
        Http.Answer answer = http.get(path, "Accept", "text/html", "Accept-Language", "nl");
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** Prints the median and the slowest of 50 requests of a page (a measurement, not a test). */
    private static void printPageTime(String what, Supplier<String> request) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long start = System.nanoTime();
            request.get();
            micros.add((System.nanoTime() - start) / 1000);
        }
        micros.sort(null);
        System.out.printf("Measured: %s, 50 requests: p50 %.1f ms, max %.1f ms%n", what, micros.get(25) / 1000.0,
                micros.get(49) / 1000.0);
    }
}
