package fi.mokadesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** An admin adds an api channel on the Channels page, sees its state, and disables and enables it. */
class ChannelsBrowserTest extends BrowserDeskTest {

    TestWorkspace ws;

    @BeforeEach
    void createWorkspace() {
        ws = workspaces.create("Kanavasivu Oy");
    }

    @Test
    void anAdminAddsAnApiChannelSeesItsStateAndDisablesIt() {
        signIn(ws.adminEmail(), ws.password());

        browser.findElement(By.linkText("Channels")).click();
        wait.until(ExpectedConditions.urlContains("/admin/channels"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Channels");

        // A too short secret is refused with the reason, and nothing is added.
        browser.findElement(By.id("new-name")).sendKeys("CRM");
        browser.findElement(By.id("new-url")).sendKeys("https://hooks.example.com/crm");
        browser.executeScript("document.getElementById('new-secret').removeAttribute('minlength')");
        browser.findElement(By.id("new-secret")).sendKeys("lyhyt");
        browser.findElement(By.cssSelector("#add-channel button")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice.error")))
                        .getText())
                .contains("webhookSecret");
        assertThat(browser.findElements(By.id("channels"))).isEmpty();

        browser.findElement(By.id("new-name")).sendKeys("CRM");
        browser.findElement(By.id("new-url")).sendKeys("https://hooks.example.com/crm");
        browser.findElement(By.id("new-secret")).sendKeys("pitka-ja-salainen-avain");
        browser.findElement(By.cssSelector("#add-channel button")).click();
        String row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#channels tbody tr")))
                .getText();
        assertThat(row).contains("API").contains("CRM").contains("OK");
        assertThat(browser.getPageSource()).doesNotContain("pitka-ja-salainen-avain");

        browser.findElement(By.cssSelector("#channels tbody tr form.inline button"))
                .click();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#channels tbody tr"), "Disabled"));
        browser.findElement(By.cssSelector("#channels tbody tr form.inline button"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#channels tbody tr"), "OK"));
        assertThat(api(ws.adminToken())
                        .get("/api/v1/channels")
                        .json()
                        .get("channels")
                        .get(0)
                        .get("enabled")
                        .asBoolean())
                .isTrue();
    }
}
