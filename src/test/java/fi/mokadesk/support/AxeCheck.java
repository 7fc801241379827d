package fi.mokadesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;
import org.webjars.WebJarVersionLocator;
import tools.jackson.databind.JsonNode;

/**
 * Runs axe-core (the accessibility rules engine, from its webjar) in the page the browser shows and fails on
 * critical or serious violations, listing each with the elements it found.
 */
public final class AxeCheck {

    private static final String SOURCE = load();

    private AxeCheck() {}

    private static String load() {
        String path = new WebJarVersionLocator().fullPath("axe-core", "axe.min.js");
        if (path == null) throw new IllegalStateException("axe-core webjar is missing from the test classpath");
        String resource = path.startsWith("META-INF/") ? path : "META-INF/resources/webjars/" + path;
        try (InputStream in = AxeCheck.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("axe.min.js not found at " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The critical and serious violations on the current page, one line each (empty when none). */
    public static List<String> seriousViolations(ChromeDriver browser) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        browser.executeScript(SOURCE);
        Object raw = browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                   .then(function (r) { done(JSON.stringify(r.violations)); })
                   .catch(function (e) { done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])); });
                """);
        JsonNode violations = Api.JSON.readTree(String.valueOf(raw));
        List<String> found = new ArrayList<>();
        for (JsonNode v : violations) {
            String impact = v.path("impact").asString();
            if (!impact.equals("critical") && !impact.equals("serious")) continue;
            List<String> targets = new ArrayList<>();
            for (JsonNode node : v.path("nodes"))
                targets.add(node.path("target").toString());
            found.add(impact + " " + v.path("id").asString() + ": "
                    + v.path("help").asString() + " " + targets);
        }
        return found;
    }

    public static void assertAccessible(ChromeDriver browser, String page) {
        List<String> violations = seriousViolations(browser);
        assertThat(violations).as("axe-core on " + page).isEmpty();
    }
}
