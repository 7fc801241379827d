package fi.mokadesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.Api;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** An admin sees the chain head, subscribes a webhook to it and learns which check failed after tampering. */
class AuditPageBrowserTest extends BrowserDeskTest {

    TestWorkspace ws;

    @BeforeEach
    void createWorkspace() {
        ws = workspaces.create("Loki Oy");
    }

    @Test
    void theHeadIsShownTheWebhookIsSavedAndATamperedEntryIsNamed() {
        Api agent = api(ws.agentToken());
        String conv = agent.post("/api/v1/messages", "{\"externalId\":\"b1\",\"text\":\"Hei\"}")
                .json()
                .get("conversationId")
                .asString();
        agent.patch("/api/v1/conversations/" + conv, "{\"status\":\"pending\"}");
        String head = api(ws.adminToken())
                .get("/api/v1/audit/head")
                .json()
                .get("hash")
                .asString();

        signIn(ws.adminEmail(), ws.password());

        browser.get(url("/admin/audit?lang=en"));
        browser.findElement(By.tagName("summary")).click();
        assertThat(browser.findElement(By.id("audit-head")).getText()).isEqualTo(head);
        browser.findElement(By.id("anchor-webhook")).sendKeys("https://user:pw@heads.example.com/");
        browser.findElement(By.cssSelector("details form button")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notice.error")))
                        .getText())
                .contains("must not contain a user name or password");

        browser.findElement(By.tagName("summary")).click();
        browser.findElement(By.id("anchor-webhook")).clear();
        browser.findElement(By.id("anchor-webhook")).sendKeys("https://heads.example.com/mokadesk");
        browser.findElement(By.cssSelector("details form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"), "Saved"));
        assertThat(api(ws.adminToken())
                        .get("/api/v1/audit/anchor")
                        .json()
                        .get("webhookUrl")
                        .asString())
                .isEqualTo("https://heads.example.com/mokadesk");

        browser.get(url("/admin/audit?verify=true&lang=en"));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("intact");

        var owner = workspaces.owner();
        owner.sql("alter table audit_entry disable trigger audit_entry_append_only")
                .update();
        try {
            owner.sql("update audit_entry set new_value = 'open' where workspace_id = ? and seq = 1")
                    .param(ws.id())
                    .update();
        } finally {
            owner.sql("alter table audit_entry enable trigger audit_entry_append_only")
                    .update();
        }
        browser.get(url("/admin/audit?verify=true&lang=en"));
        String alert = browser.findElement(By.cssSelector("[role=alert]")).getText();
        assertThat(alert).contains("does not match its hash", "First broken entry");
    }
}
