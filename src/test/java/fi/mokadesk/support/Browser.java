package fi.mokadesk.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system packages (Debian's chromium and chromium-driver), with explicit paths
 * so nothing is downloaded. Without them the browser tests are skipped on a laptop, but fail when
 * {@code mokadesk.browser.required=true} (CI).
 */
public final class Browser {

    private Browser() {}

    public static ChromeDriver start() {
        String binary =
                firstExisting(System.getenv("MOKADESK_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
        String driver = firstExisting(System.getenv("MOKADESK_CHROMEDRIVER"), "/usr/bin/chromedriver");
        if (binary == null || driver == null) {
            String message =
                    "Browser tests need Chromium and ChromeDriver (Debian: apt-get install chromium chromium-driver)";
            if (Boolean.getBoolean("mokadesk.browser.required")) Assertions.fail(message);
            Assumptions.abort(message + "; skipped");
        }
        try {
            Path profile = Files.createTempDirectory("mokadesk-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(binary);
            options.addArguments(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(driver))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver chrome = new ChromeDriver(service, options);
            chrome.manage().timeouts().implicitlyWait(Duration.ZERO);
            return chrome;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String firstExisting(String... paths) {
        for (String p : paths) {
            if (p != null && new File(p).canExecute()) return p;
        }
        return null;
    }
}
