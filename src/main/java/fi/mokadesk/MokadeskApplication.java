package fi.mokadesk;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;

/**
 * Starts the desk, or runs one of the commands ({@code backup}, {@code restore}, {@code classify},
 * {@code storms}, {@code train-analysis}) without starting the web server, or prints the usage
 * ({@link CommandLine}).
 */
@SpringBootApplication
public class MokadeskApplication {

    public static void main(String[] args) {
        CommandLine.Decision decision = CommandLine.decide(args);
        switch (decision.action()) {
            case HELP -> System.out.print(CommandLine.USAGE);
            case UNKNOWN -> {
                System.err.println(decision.problem());
                System.err.println();
                System.err.print(CommandLine.USAGE);
                System.exit(2);
            }
            case COMMAND -> System.exit(command(args[0], Arrays.copyOfRange(args, 1, args.length)));
            case START -> application().run(args);
        }
    }

    /**
     * With {@code -Dmokadesk.startup-steps=true} every step of the start (each bean's creation, each
     * configuration class) becomes a Java Flight Recorder event, so a recording started with
     * {@code -XX:StartFlightRecording} shows where a slow start spends its time (docs/PERFORMANCE.md, Start-up).
     */
    static SpringApplication application() {
        SpringApplication application = new SpringApplication(MokadeskApplication.class);
        if (Boolean.getBoolean("mokadesk.startup-steps"))
            application.setApplicationStartup(new FlightRecorderApplicationStartup());
        return application;
    }

    private static int command(String name, String[] rest) {
        return switch (name) {
            case "backup" -> fi.mokadesk.database.BackupCommand.backup(rest);
            case "restore" -> fi.mokadesk.database.BackupCommand.restore(rest);
            case "classify" -> fi.mokadesk.analysis.ClassifyCommand.run(rest);
            case "train-analysis" -> fi.mokadesk.analysis.training.TrainAnalysisCommand.run(rest);
            case "storms" -> fi.mokadesk.storm.StormsCommand.run(rest);
            case "match" -> fi.mokadesk.listening.MatchCommand.run(rest);
            case "coach" -> fi.mokadesk.reply.CoachCommand.run(rest);
            case "reset-password" -> fi.mokadesk.workspace.ResetPasswordCommand.run(rest);
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }
}
