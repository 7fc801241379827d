package fi.mokadesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.AxeCheck;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What an agent sees: the running timer in the inbox, the bell that counts a breach the moment the sweep
 * finds it (live, without reloading), the notice that leads to the conversation, and its SLA summary.
 */
class SlaBrowserTest extends BrowserDeskTest {

    @Autowired
    SlaSweep sweep;

    @Test
    void theBellRingsLiveAndLeadsToTheLateConversation() {
        TestWorkspace ws = workspaces.create("SLA Selain " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        admin.postJson("/api/v1/sla/policies", SlaDeskTest.aroundTheClock("24/7", 60));
        UUID soon = SlaDeskTest.ingest(admin, "email", Instant.now().minusSeconds(10 * 60));
        UUID late = SlaDeskTest.ingest(admin, "email", Instant.now().minusSeconds(65 * 60));
        admin.patch("/api/v1/conversations/" + late, "{\"assigneeId\":\"" + ws.agentId() + "\"}");

        signIn(ws.agentEmail(), ws.password());
        browser.get(url("/inbox?sort=urgent"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#c-" + soon + " .sla-timer")));
        assertThat(browser.findElement(By.cssSelector("#c-" + soon + " .sla-timer"))
                        .getText())
                .contains("min left");
        assertThat(browser.findElements(By.cssSelector("#bell .bell-count"))).isEmpty();

        // The sweep finds the breach; the open inbox's bell counts it without a reload.
        sweep.sweep();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#bell .bell-count"), "1"));

        browser.findElement(By.id("bell-link")).click();
        wait.until(ExpectedConditions.urlContains("/notifications"));
        assertThat(browser.findElement(By.cssSelector(".notifications")).getText())
                .contains("First response overdue");
        browser.findElement(By.cssSelector(".notifications a")).click();
        wait.until(ExpectedConditions.urlContains("/conversations/" + late));
        assertThat(browser.findElement(By.cssSelector(".sla-summary")).getText())
                .contains("missed");
    }

    @Test
    void theReportChartsHowLongCustomersWaited() {
        TestWorkspace ws = workspaces.create("SLA Kaavio " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        admin.postJson("/api/v1/sla/policies", SlaDeskTest.aroundTheClock("24/7", 60));
        for (int minutes : new int[] {2, 40, 150}) {
            UUID c = SlaDeskTest.ingest(admin, "email", Instant.now().minusSeconds(minutes * 60L));
            admin.postJson(
                    "/api/v1/conversations/" + c + "/messages",
                    java.util.Map.of("type", "reply", "text", "Kiitos viestistä!"));
        }

        signIn(ws.adminEmail(), ws.password());
        browser.get(url("/sla/report"));
        wait.until(d -> "true".equals(d.findElement(By.id("frt-chart")).getDomAttribute("data-drawn")));
        wait.until(d -> "true".equals(d.findElement(By.id("frt-days-chart")).getDomAttribute("data-drawn")));
        assertThat(browser.findElement(By.id("frt-chart")).getSize().getHeight())
                .isGreaterThan(100);
        assertThat(browser.findElement(By.id("first-response")).getText()).startsWith("3 first responses");
        assertThat(AxeCheck.seriousViolations(browser)).isEmpty();
    }

    @Test
    void anAdminKeepsTeamsSeesThePoliciesAndMarksAKeyAccount() {
        TestWorkspace ws = workspaces.create("SLA Tiimi Selain " + UUID.randomUUID());
        Api admin = api(ws.adminToken());
        UUID conversation = SlaDeskTest.ingest(admin, "email", Instant.now().minusSeconds(60));

        signIn(ws.adminEmail(), ws.password());
        browser.get(url("/admin/teams"));
        WebElement create = browser.findElement(By.cssSelector("form[action='/admin/teams'] input[name=name]"));
        create.sendKeys("Some");
        create.submit();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.team")));
        browser.findElement(By.cssSelector("article.team input[name=members][value='" + ws.agentId() + "']"))
                .click();
        browser.findElement(By.cssSelector("article.team button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".notice[role=status]")));
        assertThat(browser.findElement(By.cssSelector("article.team input[value='" + ws.agentId() + "']"))
                        .isSelected())
                .isTrue();
        assertThat(admin.get("/api/v1/teams").body()).contains(ws.agentId().toString());
        assertThat(AxeCheck.seriousViolations(browser)).isEmpty();

        browser.get(url("/sla/policies"));
        assertThat(browser.findElement(By.cssSelector("input[name=keyAccountPercent]"))
                        .getDomProperty("value"))
                .isEqualTo("50");
        assertThat(AxeCheck.seriousViolations(browser)).isEmpty();

        browser.get(url("/conversations/" + conversation));
        new Select(browser.findElement(By.cssSelector(".tier-form select"))).selectByValue("key");
        browser.findElement(By.cssSelector(".tier-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#customer .key-account")));
        assertThat(AxeCheck.seriousViolations(browser)).isEmpty();
    }
}
