package be.belfort.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff console as a city data team uses it: Debian's Chromium (headless) against a real platform with access
 * control on. A person signs in with the admin key, opens a dataset through the form and finds it in the
 * catalogue, creates and revokes a key; every page is checked with axe-core (no serious or critical violation)
 * and photographed into target/console-screenshots for the docs.
 */
class ConsoleBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static Platform platform;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void startPlatformAndBrowser() throws IOException {
        platform = Platform.start(TestPlatform.unlimited(TestPlatform.temporaryDirectory()).withAuth(true, null)
                .withPrivateOutbound(true));
        base = "http://localhost:" + platform.port();
        Http http = new Http(platform.port());
        for (String entity : List.of(
                "{\"id\": \"urn:ngsi-ld:OffStreetParking:gent-P1\", \"type\": \"OffStreetParking\","
                        + " \"availableSpotNumber\": {\"type\": \"Property\", \"value\": 120}}",
                "{\"id\": \"urn:ngsi-ld:CrowdFlowObserved:gent-1\", \"type\": \"CrowdFlowObserved\","
                        + " \"peopleCount\": {\"type\": \"Property\", \"value\": 40}}")) {
            Http.Answer created = http.post("/ngsi-ld/v1/entities", entity, "NGSILD-Tenant", "gent",
                    "X-API-Key", platform.adminKey());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        Http.Answer subscribed = http.post("/ngsi-ld/v1/subscriptions", """
                {"id": "urn:ngsi-ld:Subscription:gent-parking-app", "type": "Subscription",
                 "entities": [{"type": "OffStreetParking"}],
                 "notification": {"endpoint": {"uri": "http://127.0.0.1:9/parking-app"}}}""",
                "NGSILD-Tenant", "gent", "X-API-Key", platform.adminKey());
        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(201);
        // A change after the subscription: its receiver does not answer, so the page has a failure to show.
        http.patch("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:gent-P1/attrs",
                "{\"availableSpotNumber\": {\"type\": \"Property\", \"value\": 119}}", "NGSILD-Tenant", "gent",
                "X-API-Key", platform.adminKey());
        Files.createDirectories(SCREENSHOTS);
        browser = HeadlessChromium.start();
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
        // The language is the person's choice, remembered in a cookie the dashboard shares.
        browser.get(base + "/console/sign-in?lang=nl");
    }

    @Test
    void anAdminSignsInOpensADatasetThroughTheFormAndSeesItInTheCatalogue() throws IOException {
        browser.get(base + "/console/cities/gent/datasets");
        assertThat(browser.getCurrentUrl()).contains("/console/sign-in?return=");
        assertThat(loaded(By.tagName("h1")).getText()).isEqualTo("Aanmelden");
        check("sign-in");
        loaded(By.id("key")).sendKeys(platform.adminKey());
        nextPageAfter(By.id("sign-in"));
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/console/cities/gent/datasets");
        assertThat(loaded(By.cssSelector("tr[data-type=OffStreetParking] td[data-access]")).getText())
                .startsWith("beperkt");
        check("datasets");

        loaded(By.linkText("OffStreetParking")).click();
        loaded(By.id("accessLevel-open")).click();
        loaded(By.id("titleNl")).sendKeys("Parkings van Gent");
        loaded(By.id("publisherName")).sendKeys("Stad Gent");
        loaded(By.id("contactPoint")).sendKeys("opendata@stad.gent");
        nextPageAfter(By.id("save"));
        // What was typed stays; each mistake is named beside its field, in Dutch.
        assertThat(loaded(By.id("titleNl")).getAttribute("value")).isEqualTo("Parkings van Gent");
        assertThat(loaded(By.id("descriptionNl-error")).getText()).isEqualTo("Vul dit veld in.");
        assertThat(loaded(By.id("license-error")).getText()).isEqualTo("Vul dit veld in.");
        assertThat(loaded(By.id("descriptionNl")).getAttribute("aria-invalid")).isEqualTo("true");
        check("dataset-form-mistakes");

        loaded(By.id("descriptionNl")).sendKeys("Vrije plaatsen in de parkings van de stad");
        loaded(By.id("publisherId")).sendKeys("https://data.vlaanderen.be/id/organisatie/OVO002949");
        new org.openqa.selenium.support.ui.Select(loaded(By.id("license"))).selectByValue("cc0");
        loaded(By.id("theme-TRAN")).click();
        loaded(By.id("keywords")).sendKeys("parking, mobiliteit");
        new org.openqa.selenium.support.ui.Select(loaded(By.id("updateFrequency"))).selectByValue("CONT");
        screenshot("dataset-form");
        nextPageAfter(By.id("save"));
        assertThat(loaded(By.cssSelector("#preview h2")).getText()).isEqualTo("Parkings van Gent");
        check("dataset-preview");
        nextPageAfter(By.id("confirm"));
        assertThat(loaded(By.id("saved-notice")).getText()).contains("OffStreetParking");
        assertThat(loaded(By.cssSelector("tr[data-type=OffStreetParking] td[data-access]")).getText())
                .isEqualTo("open");

        browser.get(base + "/dashboard/catalogue");
        assertThat(loaded(By.id("datasets")).getText()).contains("Parkings van Gent");

        browser.get(base + "/console/cities/gent/audit");
        List<String> operations = browser.findElements(By.cssSelector("#audit tbody tr")).stream()
                .map(row -> row.getAttribute("data-operation")).toList();
        // Refused (400) and accepted (201), as the admin API call would have been recorded.
        assertThat(operations).containsSubsequence("PUT /admin/datasets/{tenant}/{type}",
                "PUT /admin/datasets/{tenant}/{type}");
        check("audit");
        browser.get(base + "/console/health");
        assertThat(loaded(By.cssSelector("tr[data-meter=belfort_ldes_pages_waiting] th")).getText())
                .isEqualTo("Pagina's van event streams die nog moeten sluiten");
        assertThat(loaded(By.id("health-database")).getText()).contains("in orde");
        check("health");
        waitForAFailedDelivery("urn:ngsi-ld:Subscription:gent-parking-app");
        browser.get(base + "/console/cities/gent/subscriptions");
        assertThat(loaded(By.cssSelector("tr[data-subscription='urn:ngsi-ld:Subscription:gent-parking-app']"
                + " [data-failure-reason]")).getText()).contains("could not be reached");
        WebElement subscription = loaded(By.cssSelector("tr[data-subscription='urn:ngsi-ld:Subscription:gent-parking-app']"));
        assertThat(subscription.getAttribute("data-status")).isEqualTo("active");
        nextPageAfter(subscription.findElement(By.tagName("button")));
        assertThat(loaded(By.cssSelector("tr[data-subscription='urn:ngsi-ld:Subscription:gent-parking-app']"))
                .getAttribute("data-status")).isEqualTo("paused");
        check("subscriptions");
        browser.get(base + "/console");
        check("home");
        browser.get(base + "/console/cities/leuven/keys");
        assertThat(loaded(By.tagName("h1")).getText()).isNotBlank();
        check("not-found");
    }

    /** Waits until the subscription's receiver has failed once (its figures are saved in the background). */
    private static void waitForAFailedDelivery(String subscription) {
        Http http = new Http(platform.port());
        for (int i = 0; i < 100; i++) {
            if (http.get("/ngsi-ld/v1/subscriptions/" + subscription, "NGSILD-Tenant", "gent", "X-API-Key",
                    platform.adminKey()).json().path("notification").path("timesFailed").asLong() > 0) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the receiver of " + subscription + " never failed");
    }

    @Test
    void aKeyIsCreatedShownOnceWithACopyButtonAndRevokedAfterConfirmation() throws IOException {
        browser.get(base + "/console/cities/gent/keys");
        if (browser.getCurrentUrl().contains("/sign-in")) {
            loaded(By.id("key")).sendKeys(platform.adminKey());
            nextPageAfter(By.id("sign-in"));
        }
        nextPageAfter(By.id("create-key"));
        assertThat(loaded(By.id("name-error")).getText()).isEqualTo("Vul dit veld in.");
        loaded(By.id("name")).sendKeys("Parkeersensoren leverancier");
        new org.openqa.selenium.support.ui.Select(loaded(By.id("role"))).selectByValue("publisher");
        nextPageAfter(By.id("create-key"));
        // the click submits the form; the page with the new key follows when the platform has answered
        String secret = loaded(By.id("new-key")).getText();
        assertThat(secret).startsWith("blf_");
        assertThat(loaded(By.id("copy-key")).getAttribute("data-copy-text")).isEqualTo(secret);
        assertThat(loaded(By.id("key-warning")).getText()).contains("Bewaar deze sleutel");
        check("key-created");

        browser.get(base + "/console/cities/gent/keys");
        assertThat(loaded(By.tagName("main")).getText()).doesNotContain(secret);
        String id = secret.substring(4, secret.indexOf('_', 4));
        WebElement row = loaded(By.cssSelector("tr[data-key='" + id + "']"));
        assertThat(row.getText()).contains("Parkeersensoren leverancier", "publicist");
        check("keys");
        nextPageAfter(row.findElement(By.cssSelector("a[href$='/" + id + "/revoke']")));
        check("key-revoke");
        nextPageAfter(By.id("confirm-revoke"));
        assertThat(loaded(By.id("revoked-notice")).getText()).contains(id);
        assertThat(new Http(platform.port()).get("/ngsi-ld/v1/types", "NGSILD-Tenant", "gent", "X-API-Key", secret)
                .status()).isEqualTo(401);
        // A form whose token is not the session's (as a forged post would carry) is refused, and changes nothing.
        browser.get(base + "/console/cities/gent/keys");
        int rows = browser.findElements(By.cssSelector("tr[data-key]")).size();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.querySelectorAll('input[name=csrf]').forEach(input => input.value = 'forged')");
        loaded(By.id("name")).sendKeys("Vervalst");
        nextPageAfter(By.id("create-key"));
        assertThat(loaded(By.id("refused-message")).getText()).contains("Er is niets gewijzigd");
        check("refused");
        browser.get(base + "/console/cities/gent/keys");
        assertThat(browser.findElements(By.cssSelector("tr[data-key]"))).hasSize(rows);
    }

    private static void nextPageAfter(By target) {
        HeadlessChromium.clickToNextPage(browser, loaded(target));
    }

    private static void nextPageAfter(WebElement target) {
        HeadlessChromium.clickToNextPage(browser, target);
    }

    /** The element, once the page that has it is there (a click that submits a form returns before its answer). */
    private static WebElement loaded(By element) {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                .until(driver -> driver.findElement(element));
    }

    /** Checks the page with axe-core and keeps a screenshot of it. */
    private static void check(String name) throws IOException {
        HeadlessChromium.assertAccessible(browser);
        screenshot(name);
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve("console-" + name + ".png"), png);
    }
}
