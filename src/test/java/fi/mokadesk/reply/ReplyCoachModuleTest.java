package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The replies module with what it declares: the coach flags a reply that blames the customer. */
@ApplicationModuleTest(extraIncludes = {"conversation", "database", "jsonl", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class ReplyCoachModuleTest {

    @Test
    void aReplyThatBlamesTheCustomerGetsAFinding() {
        ReplyCoach coach = ReplyCoach.withDefaults();
        assertThat(coach.check("Vika on teidän, olisitte lukeneet ohjeet.", true, "Kakku ei ollut valmis"))
                .isNotEmpty();
        assertThat(coach.check(
                        "Kiitos kun kerroit, ja pahoittelut! Korjaamme asian ja hyvitämme tilauksen.",
                        true,
                        "Kakku ei ollut valmis"))
                .noneMatch(f -> f.severity() == Severity.BLOCKING);
    }
}
