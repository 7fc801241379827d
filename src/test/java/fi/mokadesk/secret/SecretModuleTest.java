package fi.mokadesk.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The secret keys alone: each purpose gets its own key, the same one every time. */
@ApplicationModuleTest(extraIncludes = "database")
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class SecretModuleTest {

    @Autowired
    SecretKeys keys;

    @Test
    void eachPurposeHasItsOwnStableKey() {
        assertThat(keys.key("audit").getEncoded()).isEqualTo(keys.key("audit").getEncoded());
        assertThat(keys.key("audit").getEncoded())
                .isNotEqualTo(keys.key("channel").getEncoded());
    }
}
