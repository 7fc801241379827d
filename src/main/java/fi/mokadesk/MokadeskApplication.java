package fi.mokadesk;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the desk, or runs one of the offline commands ({@code classify}, {@code storms}) without
 * starting the web server or the database.
 */
@SpringBootApplication
public class MokadeskApplication {

    public static void main(String[] args) {
        if (args.length > 0) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            switch (args[0]) {
                case "classify" -> System.exit(fi.mokadesk.analysis.ClassifyCommand.run(rest));
                case "train-analysis" -> System.exit(fi.mokadesk.analysis.TrainAnalysisCommand.run(rest));
                case "storms" -> System.exit(fi.mokadesk.storm.StormsCommand.run(rest));
                case "coach" -> System.exit(fi.mokadesk.reply.CoachCommand.run(rest));
                default -> {}
            }
        }
        SpringApplication.run(MokadeskApplication.class, args);
    }
}
