package fi.mokadesk.storm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fi.mokadesk.kernel.InvalidInput;
import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.workspace.Access;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The storm chat webhook is saved through the outbound address policy (and sent through the outbox). */
class StormWebhookAddressTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Autowired
    Storms storms;

    @Test
    void aChatWebhookTheAddressPolicyRefusesIsRefusedWhenSaved() {
        var ws = workspaces.create("Myrsky Oy");
        assertThatThrownBy(() -> Access.runAs(
                        Access.system(ws.id(), "test"),
                        () -> storms.updateSettings("https://user:secret@chat.example.com/hook", false)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("chatWebhookUrl")
                .hasMessageContaining("must not contain a user name or password");
    }
}
