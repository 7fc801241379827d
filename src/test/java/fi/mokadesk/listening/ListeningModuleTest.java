package fi.mokadesk.listening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** Listening with the modules it declares: an inflected brand name is a mention. */
@ApplicationModuleTest(extraIncludes = {"channel", "conversation", "database", "notification", "secret", "workspace"})
@ActiveProfiles({"test", "module"})
// A context of its own, closed after its tests so no second desk keeps working on the shared database.
@DirtiesContext
class ListeningModuleTest {

    @Test
    void anInflectedBrandNameIsFoundAndALongerWordIsNot() {
        KeywordMatcher matcher = KeywordMatcher.of(List.of(new KeywordRule("brand", List.of("Aroma"), List.of())));
        assertThat(matcher.match("Kävin eilen Aromassa")).hasSize(1);
        assertThat(matcher.match("Aromaterapia auttaa")).isEmpty();
    }
}
