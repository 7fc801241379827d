package fi.mokadesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** An admin issues and revokes an API token and invites a colleague, in a real browser. */
class AdminBrowserTest extends BrowserDeskTest {

    TestWorkspace ws;

    @BeforeEach
    void createWorkspace() {
        ws = workspaces.create("Admin Oy");
    }

    @Test
    void aTokenIsShownOnceWorksAndStopsWorkingWhenRevoked() {
        signIn(ws.adminEmail(), ws.password());
        browser.get(url("/admin/tokens?lang=en"));
        browser.findElement(By.name("name")).sendKeys("CRM integration");
        new Select(browser.findElement(By.cssSelector("form.grid select[name=role]"))).selectByValue("agent");
        browser.findElement(By.cssSelector("form.grid button")).click();
        String token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("issued-token")))
                .getText();
        assertThat(token).startsWith("mk_");
        assertThat(api(token).post("/api/v1/messages", "{\"text\":\"Hei\"}").status())
                .isEqualTo(201);

        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("issued-token"))).isEmpty();
        assertThat(browser.findElement(By.tagName("tbody")).getText()).contains("CRM integration");

        browser.findElement(By.xpath("//tr[td[text()='CRM integration']]//button"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//tr[td[text()='CRM integration']]"), "Revoked"));
        assertThat(api(token)
                        .post("/api/v1/messages", "{\"text\":\"Hei taas\"}")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void anInvitedColleagueAcceptsTheLinkChoosesAPasswordAndAgentsCannotAdminister() {
        signIn(ws.adminEmail(), ws.password());
        browser.get(url("/admin/users?lang=en"));
        browser.findElement(By.name("email")).sendKeys("uusi.kollega@example.fi");
        browser.findElement(By.name("displayName")).sendKeys("Uusi Kollega");
        browser.findElement(By.cssSelector("form.grid button")).click();
        String link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invitation-link")))
                .getText();
        assertThat(link).startsWith(url("/invitations/"));
        assertThat(browser.findElement(By.id("pending-invitations")).getText()).contains("uusi.kollega@example.fi");
        assertThat(browser.findElement(By.tagName("tbody")).getText()).doesNotContain("Uusi Kollega");

        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.get(link + "?lang=en");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Admin Oy");
        assertThat(browser.findElement(By.id("displayName")).getAttribute("value"))
                .isEqualTo("Uusi Kollega");
        browser.findElement(By.id("newPassword")).sendKeys("kollegan oma salasana");
        browser.findElement(By.id("repeatPassword")).sendKeys("kollegan oma salasana");
        browser.findElement(By.id("accept-invitation")).click();
        wait.until(ExpectedConditions.urlContains("/inbox"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Inbox");
        assertThat(browser.findElement(By.tagName("header")).getText()).contains("Admin Oy");
        browser.get(url("/admin/users"));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("You are not allowed to do this.");

        browser.get(url("/inbox"));
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        signIn("uusi.kollega@example.fi", "kollegan oma salasana");
        browser.get(link + "?lang=en");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("not valid any more");

        long audited = workspaces
                .owner()
                .sql("select count(*) from audit_entry where workspace_id = ? and action in"
                        + " ('user.invited', 'invitation.accepted')")
                .param(ws.id())
                .query(Long.class)
                .single();
        assertThat(audited).isEqualTo(2);
    }

    @Test
    void afterAnAdminResetTheOneTimePasswordLeadsStraightToChoosingANewOne() {
        signIn(ws.adminEmail(), ws.password());
        browser.get(url("/admin/users?lang=en"));
        browser.findElement(By.xpath(
                        "//tr[td[text()='" + ws.agentEmail() + "']]//button[contains(@class,'reset-password')]"))
                .click();
        String shown = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reset-password")))
                .getText();
        String oneTime = shown.substring(shown.lastIndexOf(' ') + 1);
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));

        browser.get(url("/login?lang=en"));
        browser.findElement(By.id("username")).sendKeys(ws.agentEmail());
        browser.findElement(By.id("password")).sendKeys(oneTime);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.urlContains("/account/password"));
        assertThat(browser.findElement(By.id("password-forced")).getText()).contains("one-time password");
        browser.get(url("/inbox"));
        assertThat(browser.getCurrentUrl()).contains("/account/password");
        browser.findElement(By.id("newPassword")).sendKeys("agentin uusi salasana");
        browser.findElement(By.id("repeatPassword")).sendKeys("agentin uusi salasana");
        browser.findElement(By.id("password-submit")).click();
        wait.until(ExpectedConditions.urlContains("/inbox"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Inbox");

        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        signIn(ws.agentEmail(), "agentin uusi salasana");
    }
}
