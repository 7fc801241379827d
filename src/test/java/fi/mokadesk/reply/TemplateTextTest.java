package fi.mokadesk.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Template variables: filled when known, left visible (and reported) when not. */
class TemplateTextTest {

    @Test
    void knownVariablesAreFilledAndUnknownOnesStay() {
        Map<String, String> values = new HashMap<>();
        values.put("customer_first_name", "Kalle");
        values.put("agent_name", "Maija");
        values.put("order_number", " ");
        String text = TemplateText.render(
                "Hei {{customer_first_name}}, tilaus {{ order_number }} lähtee. {{agent_name}}", values);
        assertThat(text).isEqualTo("Hei Kalle, tilaus {{ order_number }} lähtee. Maija");
        assertThat(TemplateText.unfilled(text)).hasSize(1);
        assertThat(text.substring(
                        TemplateText.unfilled(text).get(0)[0],
                        TemplateText.unfilled(text).get(0)[1]))
                .isEqualTo("{{ order_number }}");
    }

    @Test
    void valuesAreInsertedLiterally() {
        assertThat(TemplateText.render("Linkki: {{link}}", Map.of("link", "https://x.fi/$1\\n")))
                .isEqualTo("Linkki: https://x.fi/$1\\n");
    }

    @Test
    void theFirstNameIsTheFirstWordOfAPersonsName() {
        assertThat(TemplateText.firstName("Kalle Kuluttaja")).isEqualTo("Kalle");
        assertThat(TemplateText.firstName("@kalle_k")).isNull();
        assertThat(TemplateText.firstName("kalle@example.fi")).isNull();
        assertThat(TemplateText.firstName(" ")).isNull();
    }

    @Test
    void everyStarterTemplateUsesOnlyKnownVariables() {
        assertThat(StarterTemplates.ALL).hasSize(12);
        for (StarterTemplates.Starter s : StarterTemplates.ALL) {
            Map<String, String> all = new HashMap<>();
            TemplateText.VARIABLES.forEach(v -> all.put(v, "x"));
            assertThat(TemplateText.unfilled(TemplateText.render(s.body(), all)))
                    .as(s.key() + "/" + s.language())
                    .isEmpty();
        }
    }

    @Test
    void starterTemplatesPassTheCoachOnceFilledIn() {
        ReplyCoach coach = ReplyCoach.withDefaults();
        for (StarterTemplates.Starter s : StarterTemplates.ALL) {
            String filled = TemplateText.render(
                    s.body(),
                    Map.of("customer_first_name", "Kalle", "agent_name", "Maija", "order_number", "A-1", "link", "x"));
            // A private reply: public replies are not to carry order numbers, the templates say so where it matters.
            assertThat(coach.check(filled, false, "Tilaus on myöhässä ja se on teidän vikanne!").stream()
                            .filter(f -> f.severity() == Severity.BLOCKING)
                            .toList())
                    .as(s.key() + "/" + s.language())
                    .isEmpty();
        }
    }
}
