package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

/** The reply coach on its own (it declares only jsonl and the kernel): a reply that blames the customer is flagged. */
@ApplicationModuleTest(extraIncludes = "database")
@ActiveProfiles({"test", "module"})
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
