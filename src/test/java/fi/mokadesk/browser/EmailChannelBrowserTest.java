package fi.mokadesk.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import fi.mokadesk.support.BrowserDeskTest;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An admin connects a mailbox on the Channels page (a wrong password is shown as the channel's state, in
 * words), and the mail that arrives shows in the conversation with its attachment and folded history.
 */
class EmailChannelBrowserTest extends BrowserDeskTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    TestWorkspace ws;

    @AfterEach
    void disableChannels() {
        if (ws == null) return;
        api(ws.adminToken())
                .get("/api/v1/channels")
                .json()
                .get("channels")
                .forEach(c -> api(ws.adminToken())
                        .post("/api/v1/channels/" + c.get("id").asString() + "/disable", ""));
    }

    @Test
    void anAdminConnectsAMailboxAndItsMailShowsInTheInbox() throws Exception {
        ws = workspaces.create("Postilaatikko Oy");
        GreenMailUser box = mail.setUser("palvelu@kuppi.fi", "palvelu", "oikea-salasana");
        signIn(ws.adminEmail(), ws.password());
        browser.get(url("/admin/channels"));

        fill("email-name", "Asiakaspalvelu");
        fill("new-email-imapHost", "127.0.0.1");
        new Select(browser.findElement(By.id("new-email-imapSecurity"))).selectByValue("none");
        fill("new-email-imapPort", Integer.toString(mail.getImap().getPort()));
        fill("new-email-username", "palvelu");
        fill("new-email-password", "väärä-salasana");
        fill("new-email-pollSeconds", "1");
        fill("new-email-smtpHost", "127.0.0.1");
        new Select(browser.findElement(By.id("new-email-smtpSecurity"))).selectByValue("none");
        fill("new-email-smtpPort", Integer.toString(mail.getSmtp().getPort()));
        fill("new-email-fromAddress", "palvelu@kuppi.fi");
        browser.findElement(By.cssSelector("#add-email-channel button")).click();

        WebElement row =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#channels tbody tr")));
        assertThat(row.getText())
                .contains("Email")
                .contains("Asiakaspalvelu")
                .contains("Error")
                .contains("IMAP sign-in failed: wrong password");
        assertThat(browser.getPageSource()).doesNotContain("väärä-salasana");

        // The admin corrects the password; the other settings stay as they were.
        row.findElement(By.tagName("summary")).click();
        WebElement password = row.findElement(By.cssSelector("input[name=password]"));
        password.sendKeys("oikea-salasana");
        row.findElement(By.cssSelector("form.edit-email-channel button[type=submit]"))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#channels tbody tr"), "OK"));
        assertThat(browser.findElement(By.cssSelector("#channels tbody tr")).getText())
                .doesNotContain("sign-in failed");

        String pdf = Base64.getMimeEncoder().encodeToString("%PDF-1.4 lasku".getBytes(StandardCharsets.US_ASCII));
        box.deliver(new MimeMessage(
                GreenMailUtil.getSession(ServerSetupTest.IMAP),
                new ByteArrayInputStream("""
                From: Aino Asiakas <aino@example.fi>
                Subject: Lasku on väärin
                Message-ID: <lasku-1@example.fi>
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain; charset=utf-8

                Laskussa on kaksi kertaa sama kakku.

                ke 2.12.2026 klo 9.00 Kuppi <palvelu@kuppi.fi> kirjoitti:
                > Kiitos tilauksesta!
                --b
                Content-Type: application/pdf; name=lasku.pdf
                Content-Disposition: attachment; filename=lasku.pdf
                Content-Transfer-Encoding: base64

                %s
                --b--
                """.formatted(pdf).getBytes(StandardCharsets.UTF_8))));

        browser.get(url("/inbox"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
            driver.navigate().refresh();
            return driver.getPageSource().contains("Aino Asiakas");
        });
        browser.findElement(By.partialLinkText("Aino Asiakas")).click();
        WebElement message =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.message.inbound")));
        assertThat(message.findElement(By.cssSelector("p.body")).getText())
                .isEqualTo("Laskussa on kaksi kertaa sama kakku.");
        WebElement history = message.findElement(By.cssSelector("details.quoted-history"));
        assertThat(history.getAttribute("open")).isNull();
        assertThat(history.findElement(By.tagName("summary")).getText()).isEqualTo("Earlier messages");
        WebElement attachment = message.findElement(By.cssSelector("a.attachment"));
        assertThat(attachment.getText()).isEqualTo("lasku.pdf");
        assertThat(attachment.getAttribute("href")).contains("/email/attachments/");
    }

    private void fill(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }
}
