package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Browser;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** An agent at the inbox sees an open storm in the banner and follows it to the storms page and its chart. */
class StormBrowserTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    ChromeDriver browser;
    TestWorkspace ws;

    @BeforeEach
    void open() {
        browser = Browser.start();
        ws = workspaces.create("Myrsky Oy");
    }

    @AfterEach
    void close() {
        if (browser != null) browser.quit();
    }

    @Test
    void theBannerShowsAnOpenStormOnTheInboxAndLeadsToTheChart() {
        Instant onset = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofMinutes(30));
        for (int i = 0; i < 24; i++) {
            Instant bucket = onset.minus(Duration.ofMinutes(5L * (18 - i)));
            workspaces
                    .owner()
                    .sql("""
                            insert into storm_count (workspace_id, series, bucket_start, count, expected, upper_band, score)
                            values (?, 'negative', ?, ?, 1.2, 6.5, 0.1)
                            """)
                    .params(ws.id(), Timestamp.from(bucket), bucket.equals(onset) ? 30 : i % 3)
                    .update();
        }
        workspaces
                .owner()
                .sql("""
                        insert into storm (workspace_id, series, onset, last_bucket, magnitude, expected, observed,
                                           upper_band, peak_count, total_observed, total_expected, buckets, top_terms)
                        values (?, 'negative', ?, ?, 25, 1.2, 30, 6.5, 30, 30, 1.2, 1, '[{"term":"lasinsiru","count":20}]')
                        """)
                .params(ws.id(), Timestamp.from(onset), Timestamp.from(onset))
                .update();

        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys(ws.agentEmail());
        browser.findElement(By.id("password")).sendKeys(ws.password());
        browser.findElement(By.id("login-submit")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.urlContains("/inbox"));

        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".storm-banner")));
        assertThat(banner.getText()).contains("Somemyrsky: negatiivisia mainintoja 25× tavallista");

        banner.findElement(By.linkText("Avaa myrskynäkymä")).click();
        wait.until(ExpectedConditions.urlContains("/storms"));
        assertThat(browser.findElement(By.cssSelector("table.storms")).getText())
                .contains("lasinsiru");
        Object points = wait.until(d -> ((JavascriptExecutor) d)
                .executeScript("var c = window.Chart && window.Chart.getChart('storm-chart');"
                        + " return c ? c.data.datasets[0].data.length : null;"));
        assertThat(((Number) points).intValue()).isEqualTo(24);
    }

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transaction;

    @Test
    void aNewStormReachesEveryOpenPageWithinTwoSecondsThroughTheLiveChannel() {
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys(ws.agentEmail());
        browser.findElement(By.id("password")).sendKeys(ws.password());
        browser.findElement(By.id("login-submit")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.urlContains("/inbox"));
        // the inbox has its own live connection; the storms page opens one for the banner
        wait.until(d -> "open".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.live")));
        String inbox = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get("http://localhost:" + port + "/storms");
        wait.until(d -> "open".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.live")));
        String stormsPage = browser.getWindowHandle();
        assertThat(browser.findElements(By.cssSelector(".storm-banner"))).isEmpty();

        Instant onset = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        java.util.UUID id = java.util.UUID.randomUUID();
        workspaces
                .owner()
                .sql("""
                        insert into storm (workspace_id, id, series, onset, last_bucket, magnitude, expected, observed,
                                           upper_band, peak_count, total_observed, total_expected, buckets)
                        values (?, ?, 'all', ?, ?, 9, 2, 18, 8, 18, 18, 2, 1)
                        """)
                .params(ws.id(), id, Timestamp.from(onset), Timestamp.from(onset))
                .update();
        // as the detection job does: inside the workspace's transaction that stores the storm
        fi.mokadesk.workspace.Access.runAs(
                fi.mokadesk.workspace.Access.system(ws.id(), "storm"),
                () -> transaction.executeWithoutResult(status -> events.publishEvent(new StormDetected(
                        ws.id(), id, "all", onset, 9, 2, 18, java.util.List.of(), java.util.List.of()))));
        Instant published = Instant.now();

        // the banner polls only once a minute: seeing it within two seconds means the push arrived
        for (String tab : new String[] {stormsPage, inbox}) {
            browser.switchTo().window(tab);
            Duration left = Duration.between(Instant.now(), published.plusSeconds(2));
            WebElement banner = new WebDriverWait(browser, left.isNegative() ? Duration.ZERO : left)
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".storm-banner")));
            assertThat(banner.getText()).contains("9×");
        }
    }
}
