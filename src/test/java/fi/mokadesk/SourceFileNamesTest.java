package fi.mokadesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every source file declares a type of its own name. The compiler plugin decides what to rebuild by
 * looking for {@code X.class} next to {@code X.java}; one file without it (say {@code AuditController.java}
 * holding only {@code AuditApi} and {@code AuditPage}) makes every build, and so every
 * {@code ./mvnw spring-boot:run}, recompile all sources.
 */
class SourceFileNamesTest {

    @Test
    void everySourceFileDeclaresATypeOfItsOwnName() throws IOException {
        try (Stream<Path> files =
                Stream.concat(Files.walk(Path.of("src/main/java")), Files.walk(Path.of("src/test/java")))) {
            List<Path> misnamed = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                    .filter(p -> !declaresOwnType(p))
                    .toList();
            assertThat(misnamed).isEmpty();
        }
    }

    private static boolean declaresOwnType(Path file) {
        String name = file.getFileName().toString().replace(".java", "");
        try {
            return Pattern.compile("\\b(class|interface|enum|record|@interface)\\s+" + name + "\\b")
                    .matcher(Files.readString(file))
                    .find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
