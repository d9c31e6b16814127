package be.belfort.server;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium driven through its own chromedriver (never a downloaded browser), headless, as the browser
 * tests use it; and the accessibility check every page of theirs passes.
 */
final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /** A headless Chromium with a desktop window and Belgian Dutch as its language. */
    static ChromeDriver start() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=nl-BE");
        return new ChromeDriver(service, options);
    }

    /** The page now shown passes axe-core without a serious or critical violation (WCAG 2.1 AA rules among them). */
    static void assertAccessible(WebDriver browser) {
        // Legacy mode runs axe in the page itself: the pages have no frames, and the newer mode opens extra
        // windows, which a loaded machine's renderer can be too slow to answer.
        Results results = new AxeBuilder().setLegacyMode(true).setTimeout(120).analyze(browser);
        assertThat(results.getPasses()).as("axe-core ran its rules on " + browser.getCurrentUrl()).isNotEmpty();
        List<String> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(HeadlessChromium::describe).toList();
        assertThat(serious).as(browser.getCurrentUrl()).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).toList();
    }

    /**
     * Clicks a link or a button that submits a form and waits until the browser shows the next page, so that no
     * element of the page before is read (the click may return before the answer arrives).
     */
    static void clickToNextPage(WebDriver browser, org.openqa.selenium.WebElement target) {
        org.openqa.selenium.WebElement page = browser.findElement(org.openqa.selenium.By.tagName("html"));
        target.click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                .until(driver -> gone(page));
    }

    /**
     * Whether the element's document was replaced. While the next page replaces it, ChromeDriver may answer "node
     * does not belong to the document" instead of a stale element: that is the same answer.
     */
    private static boolean gone(org.openqa.selenium.WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }
}
