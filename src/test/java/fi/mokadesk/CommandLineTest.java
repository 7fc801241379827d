package fi.mokadesk;

import static org.assertj.core.api.Assertions.assertThat;

import fi.mokadesk.CommandLine.Action;
import fi.mokadesk.support.ChildDesk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's first minutes: {@code --help}, a typo or an unknown word prints the usage and starts
 * nothing; Spring Boot settings on the command line still start the desk.
 */
class CommandLineTest {

    @TempDir
    Path tmp;

    @Test
    void settingsStartTheDesk() {
        assertThat(CommandLine.decide().action()).isEqualTo(Action.START);
        assertThat(CommandLine.decide("--server.port=1").action()).isEqualTo(Action.START);
        assertThat(CommandLine.decide("--spring.profiles.active=x", "--mokadesk.demo=false")
                        .action())
                .isEqualTo(Action.START);
        assertThat(CommandLine.decide("--debug").action()).isEqualTo(Action.START);
    }

    @Test
    void commandsRunWithTheirOwnOptions() {
        for (String command : CommandLine.COMMANDS) {
            assertThat(CommandLine.decide(command, "--help").action()).isEqualTo(Action.COMMAND);
        }
    }

    @Test
    void helpAndAnythingNotUnderstoodShowTheUsage() {
        assertThat(CommandLine.decide("--help").action()).isEqualTo(Action.HELP);
        assertThat(CommandLine.decide("-h").action()).isEqualTo(Action.HELP);
        assertThat(CommandLine.decide("help").action()).isEqualTo(Action.HELP);
        assertThat(CommandLine.decide("--server.port=1", "--help").action()).isEqualTo(Action.HELP);

        assertThat(CommandLine.decide("--hlep"))
                .isEqualTo(new CommandLine.Decision(
                        Action.UNKNOWN, "unknown option --hlep (settings are written --name=value)"));
        assertThat(CommandLine.decide("foo"))
                .isEqualTo(new CommandLine.Decision(Action.UNKNOWN, "unknown command foo"));
        // Spring Boot would silently ignore "9090" and start on the default port.
        assertThat(CommandLine.decide("--server.port", "9090").action()).isEqualTo(Action.UNKNOWN);
        assertThat(CommandLine.decide("-Dserver.port=1").problem()).contains("JVM options go before -jar");
    }

    @Test
    void theUsageNamesEveryCommandAndEverySettingOfTheReadme() throws IOException {
        for (String command : CommandLine.COMMANDS)
            assertThat(CommandLine.USAGE).contains("  " + command + " ");
        Matcher variable = Pattern.compile("^\\| `((?:MOKADESK|SERVER|PORT)[^|]*)\\|", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("README.md")));
        int rows = 0;
        while (variable.find()) {
            rows++;
            Matcher name = Pattern.compile("`([A-Z_]+)`").matcher(variable.group(0));
            while (name.find()) {
                assertThat(CommandLine.USAGE)
                        .as("README lists %s; add it to CommandLine.USAGE", name.group(1))
                        .contains(name.group(1));
            }
        }
        assertThat(rows).isGreaterThan(10);
    }

    @Test
    void helpPrintsTheUsageAndCreatesNothing() throws IOException {
        ChildDesk.Result help = ChildDesk.run(tmp, Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("usage: java -jar mokadesk.jar").contains("MOKADESK_DATA_DIR");

        ChildDesk.Result typo = ChildDesk.run(tmp, Map.of(), "--hlep");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.output()).startsWith("unknown option --hlep").contains("usage:");

        ChildDesk.Result word = ChildDesk.run(tmp, Map.of(), "foo");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.output()).startsWith("unknown command foo");

        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("nothing but the command logs")
                    .allMatch(name -> name.startsWith("command-"));
        }
        assertThat(tmp.resolve("data")).doesNotExist();
    }
}
