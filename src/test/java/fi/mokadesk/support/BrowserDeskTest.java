package fi.mokadesk.support;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A desk test with one fresh Chromium per test, signed in through the real sign-in form: the common start of
 * every test of what a person clicks.
 */
public abstract class BrowserDeskTest extends DeskTest {

    @Autowired
    protected TestWorkspaces workspaces;

    protected ChromeDriver browser;
    protected WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        browser = Browser.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        // htmx swaps panes while a test waits on them: an element replaced mid-wait is looked up again.
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    }

    @AfterEach
    void quitBrowser() {
        if (browser != null) browser.quit();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    /**
     * Clicks what the locator finds once it is there, finding it again if the list or pane re-rendered live
     * between finding and clicking (the wait ignores a stale element).
     */
    protected void click(By locator) {
        wait.until(d -> {
            d.findElement(locator).click();
            return true;
        });
    }

    /** Signs in with the English sign-in page and waits for the inbox. */
    protected void signIn(String email, String password) {
        browser.get(url("/login?lang=en"));
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.urlContains("/inbox"));
    }
}
