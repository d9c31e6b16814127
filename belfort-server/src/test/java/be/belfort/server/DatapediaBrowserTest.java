package be.belfort.server;

import be.belfort.demo.DemoDatapedia;
import be.belfort.demo.DemoFeeder;
import be.belfort.demo.DemoSettings;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datapedia of the demo region as a new user meets it after {@code ./belfort demo}: the four questions seeded
 * through the API, the demo's external catalogue harvested, and the question pages in Chromium (headless, access
 * control on, an anonymous visitor), each checked with axe-core: no serious or critical violation.
 */
class DatapediaBrowserTest {
    private static Platform platform;
    private static Http http;
    private static WebDriver browser;
    private static String base;
    private static DemoDatapedia portal;

    @BeforeAll
    static void startPlatformAndBrowser() throws InterruptedException {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, null)
                .withPrivateOutbound(true));
        base = "http://localhost:" + platform.port();
        http = new Http(platform.port());
        try (DemoFeeder feeder = new DemoFeeder(URI.create(base),
                new DemoSettings(Duration.ofMillis(200), 200, 42, Clock.systemUTC()), platform.adminKey()).start()) {
            for (int i = 0; i < 600 && feeder.status().rounds() < 1; i++) {
                Thread.sleep(100);
            }
            assertThat(feeder.status().rounds()).isPositive();
        }
        portal = DemoDatapedia.serve();
        assertThat(portal.seed(URI.create(base), platform.adminKey())).isTrue();

        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (portal != null) {
            portal.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    private static JsonNode cell(String question, String need, String city) {
        JsonNode diagnosis = http.get("/datapedia/api/questions/" + question + "/diagnosis").json();
        for (JsonNode cell : diagnosis.path("cells")) {
            if (cell.path("need").asText().equals(need) && cell.path("city").asText().equals(city)) {
                return cell;
            }
        }
        throw new AssertionError("No cell " + need + " × " + city + " in " + diagnosis);
    }

    @Test
    void theDemoDiagnosesShowTheRegionsRealGaps() {
        assertThat(cell("drukte-winkelstraten", "drukte", "gent").path("scores").toString())
                .as("crowdedness exists in Ghent but is restricted").contains("\"reason\":\"restricted\"")
                .contains("\"level\":\"hidden\"");
        assertThat(cell("drukte-winkelstraten", "drukte", "kortrijk").path("level").asText())
                .as("Kortrijk has no crowd counters").isEqualTo("missing");
        JsonNode antwerp = cell("vrije-parkeerplaats", "parkeergarages", "antwerpen");
        assertThat(antwerp.path("sources").findValuesAsText("kind")).as("Antwerp's car parks are only in its own"
                + " portal's catalogue").contains("external");
        assertThat(antwerp.path("scores").get(0).path("reason").asText()).isEqualTo("externalOnly");
        assertThat(cell("vrije-parkeerplaats", "parkeergarages", "kampenhout").path("level").asText())
                .as("Kampenhout has no parking data").isEqualTo("missing");
        assertThat(cell("vrije-parkeerplaats", "parkeergarages", "gent").path("scores").get(0).path("level").asText())
                .isEqualTo("good");
    }

    @Test
    void aNewUserPicksAQuestionAndSeesWhichCitiesCanAnswerItWhatIsMissingAndWhomToAsk() {
        browser.get(base + "/datapedia?lang=nl");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Datapedia: beleidsvragen en hun data");
        assertThat(browser.findElements(By.cssSelector(".question-summary"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("section.domain h2")).stream().map(WebElement::getText).toList())
                .containsExactly("Mobiliteit", "Omgeving", "Wonen en welzijn", "Economie");
        assertAccessible();

        HeadlessChromium.clickToNextPage(browser, browser.findElement(By.linkText("Hoe druk is het in de winkelstraten?")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Hoe druk is het in de winkelstraten?");
        List<String> cities = browser.findElements(By.cssSelector("#matrix thead th")).stream().map(WebElement::getText)
                .toList();
        assertThat(cities).containsExactly("Databehoefte", "Gent", "Antwerpen", "Leuven", "Kortrijk", "Sint-Niklaas",
                "Kampenhout");
        assertThat(browser.findElements(By.cssSelector("#matrix td.level-missing"))).hasSize(3);
        assertThat(browser.findElement(By.id("gaps-title")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector(".contacts")).getText()).contains("opendata@kortrijk.demo.invalid");
        assertAccessible();

        browser.findElement(By.cssSelector("#matrix a[href='#cell-drukte-kortrijk']")).click();
        assertThat(browser.getCurrentUrl()).endsWith("#cell-drukte-kortrijk");
        WebElement evidence = browser.findElement(By.id("cell-drukte-kortrijk"));
        assertThat(evidence.getText()).contains("Er is geen bron.").contains("Beschikbaarheid");

        HeadlessChromium.clickToNextPage(browser, browser.findElement(By.id("language-switch")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("How crowded are the shopping streets?");
        assertThat(browser.findElement(By.id("cell-drukte-gent")).getText()).contains("Restricted: you may not read this dataset.");
        assertAccessible();
        browser.get(base + "/datapedia?lang=nl");
    }

    @Test
    void anUnknownQuestionIsAFriendlyNotFound() {
        Http.Answer missing = http.get("/datapedia/questions/no-such-question");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(missing.body()).contains("href=\"/datapedia\"");
    }

    private static void assertAccessible() {
        HeadlessChromium.assertAccessible(browser);
    }
}
