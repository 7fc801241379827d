package fi.mokadesk.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.support.DeskTest;
import fi.mokadesk.support.TestWorkspaces;
import fi.mokadesk.support.TestWorkspaces.TestWorkspace;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Sign-in over HTTP, as an attacker would try it. */
class SignInTest extends DeskTest {

    @Autowired
    TestWorkspaces workspaces;

    @Test
    void aLockedAccountStaysLockedUnderAnotherSpellingOfItsEmail() {
        TestWorkspace ws = workspaces.create("Kirjautuminen Oy");
        for (int i = 0; i < LoginThrottle.MAX_ACCOUNT_FAILURES; i++) {
            new FormSession(port, "192.0.2.14" + i).signIn(ws.agentEmail(), "väärä " + i);
        }
        // 'İ' (U+0130) is 'i' to the database's lower() but "i̇" to Java's toLowerCase(Locale.ROOT).
        String sameAccount = ws.agentEmail().replace("test.fi", "test.fİ");
        FormSession attacker = new FormSession(port, "192.0.2.150");
        FormSession.Page answer = attacker.signIn(sameAccount, ws.password());
        assertThat(answer.text()).contains("Too many failed attempts");
        assertThat(attacker.peek("/inbox").status()).isEqualTo(302);
        FormSession owner = new FormSession(port, "192.0.2.151");
        assertThat(owner.signIn(ws.agentEmail().toUpperCase(), ws.password()).text())
                .contains("Too many failed attempts");
    }

    @Test
    void anAddressThatGuessesAtManyAccountsIsLockedOut() {
        TestWorkspace ws = workspaces.create("Osoite Oy");
        String guesser = "203.0.113." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < LoginThrottle.MAX_ADDRESS_FAILURES; i++) {
            new FormSession(port, guesser).signIn("arvaus-" + UUID.randomUUID() + "@example.fi", "salasana");
        }
        FormSession fromGuesser = new FormSession(port, guesser);
        assertThat(fromGuesser.signIn(ws.agentEmail(), ws.password()).text()).contains("Too many failed attempts");
        FormSession elsewhere = new FormSession(port, "198.51.100.77");
        elsewhere.signIn(ws.agentEmail(), ws.password());
        assertThat(elsewhere.peek("/inbox").status()).isEqualTo(200);
    }
}
