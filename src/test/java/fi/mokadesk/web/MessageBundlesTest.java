package fi.mokadesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Finnish and English say the same things, and every message a template asks for exists. */
class MessageBundlesTest {

    @Test
    void finnishAndEnglishHaveTheSameKeys() throws IOException {
        Set<String> fi = load("messages.properties").stringPropertyNames();
        Set<String> en = load("messages_en.properties").stringPropertyNames();
        assertThat(new TreeSet<>(en)).as("keys missing in English or Finnish").isEqualTo(new TreeSet<>(fi));
        load("messages_en.properties")
                .forEach((k, v) -> assertThat(v.toString()).as(k.toString()).isNotBlank());
    }

    @Test
    void everyMessageKeyUsedInTemplatesExists() throws IOException {
        Set<String> keys = load("messages.properties").stringPropertyNames();
        Pattern literal = Pattern.compile("#\\{([a-zA-Z0-9.]+)[(}]");
        Set<String> missing = new HashSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher m = literal.matcher(Files.readString(file));
                while (m.find()) {
                    if (!keys.contains(m.group(1))) missing.add(file.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void templatesHaveNoVisibleTextOutsideMessages() throws IOException {
        // Text between tags must come from th:text; what stays in the file is a placeholder the server
        // replaces. A tag with plain text and no th:text/th:utext is hard-coded UI text.
        Pattern textTag = Pattern.compile(
                "<(h1|h2|h3|p|button|label|th|a|summary|small|strong)(\\s[^>]*)?>([^<{]*[\\p{L}][^<{]*)</\\1>");
        Set<String> hardCoded = new HashSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher m = textTag.matcher(Files.readString(file));
                while (m.find()) {
                    String attributes = m.group(2) == null ? "" : m.group(2);
                    if (!attributes.contains("th:text") && !attributes.contains("th:utext")) {
                        hardCoded.add(file.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertThat(hardCoded).isEmpty();
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (var in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
