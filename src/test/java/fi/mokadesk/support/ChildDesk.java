package fi.mokadesk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Mokadesk as an operator runs it: its own JVM ({@code java -cp … fi.mokadesk.MokadeskApplication}) with
 * settings in environment variables and its output in a file, so tests can kill it, restart it on the same
 * data directory or run its commands. Everything a test starts here must be closed by it.
 */
public final class ChildDesk implements AutoCloseable {

    public static final String TOKEN = "child-desk-bootstrap-token";

    private final Process process;
    private final Path log;
    private final int port;
    private final Path dataDir;

    private ChildDesk(Process process, Path log, int port, Path dataDir) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** A desk on {@code dataDir} with a fresh HTTP port, the {@link #TOKEN} as bootstrap token, no demo. */
    public static ChildDesk start(Path dataDir, Map<String, String> extraEnv) {
        int port = freePort();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("MOKADESK_DATA_DIR", dataDir.toString());
        env.put("MOKADESK_BOOTSTRAP_TOKEN", TOKEN);
        env.put("MOKADESK_ADMIN_PASSWORD", "child-desk-admin-password");
        env.put("MOKADESK_DEMO", "false");
        env.put("MOKADESK_DB_POOL_SIZE", "8");
        env.putAll(extraEnv);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-desk-" + System.nanoTime() + ".log");
        return new ChildDesk(launch(dataDir.getParent(), env, log), log, port, dataDir);
    }

    /** Runs {@code java -jar mokadesk.jar ARGS} to its end in {@code workDir}. */
    public static Result run(Path workDir, Map<String, String> env, String... args) {
        Path log = workDir.resolve("command-" + System.nanoTime() + ".log");
        Process process = launch(workDir, env, log, args);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("command did not finish within 120 s: " + String.join(" ", args));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Result(int exitCode, String output) {}

    private static Process launch(Path workDir, Map<String, String> env, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "fi.mokadesk.MokadeskApplication"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Only what the test sets: no MOKADESK_* or PORT from the environment running the tests.
        builder.environment().keySet().removeIf(k -> k.startsWith("MOKADESK_") || k.equals("PORT"));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the desk is ready for traffic (first start done); fails with its output if it ends first. */
    public ChildDesk awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("the desk ended while starting:\n" + output());
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) return this;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new AssertionError("the desk did not start within " + timeout + ":\n" + output());
    }

    public String base() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Api api() {
        return new Api(base(), TOKEN);
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    public Process process() {
        return process;
    }

    /** Waits for the desk's JVM to end by itself and answers its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the desk is still running after " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The embedded PostgreSQL's postmaster, as its postmaster.pid names it, if it runs. */
    public Optional<ProcessHandle> postmaster() {
        return postmasterOf(dataDir);
    }

    public static Optional<ProcessHandle> postmasterOf(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) return Optional.empty();
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty() || lines.get(0).isBlank()) return Optional.empty();
            // Only a PostgreSQL server of this very directory, never a process that reused the id.
            String dir = dataDir.resolve("postgres").toString();
            return ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().orElse("").contains(dir));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** kill -9 of the desk's JVM only; its PostgreSQL (not a child of the JVM) keeps running. */
    public void killJvm() {
        process.destroyForcibly();
        awaitQuietly(process.toHandle());
    }

    /** kill -9 of the desk's JVM and of its PostgreSQL with all its processes, at the same moment. */
    public void killDeskAndDatabase() {
        List<ProcessHandle> all = new ArrayList<>();
        postmaster().ifPresent(postmaster -> {
            all.add(postmaster);
            postmaster.descendants().forEach(all::add);
        });
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(ChildDesk::awaitQuietly);
    }

    /** kill -9 of the embedded PostgreSQL and all its processes, at once. */
    public static void killPostgres(Path dataDir) {
        postmasterOf(dataDir).ifPresent(postmaster -> {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(postmaster);
            postmaster.descendants().forEach(all::add);
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(ChildDesk::awaitQuietly);
        });
    }

    /** A clean stop (SIGTERM), as an operator or a service manager stops the desk. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whatever happened: the JVM and its database are gone afterwards. */
    @Override
    public void close() {
        if (process.isAlive()) stop();
        killPostgres(dataDir);
    }

    private static void awaitQuietly(ProcessHandle handle) {
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // reported by the assertions that follow
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
