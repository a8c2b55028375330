package dev.atrium.support;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real headless Chromium for the browser tests: Debian's {@code chromium} driven by its own
 * {@code chromedriver} (same build, so they always match), a fresh profile per browser, and no
 * background networking, since the machine's network is closed. Where they are missing they are
 * installed when that is possible (Debian, as root), otherwise the test fails with the packages to
 * install: a browser test that skips silently proves nothing.
 */
public final class Chromium implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final Path profile;

    private Chromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A new headless browser with a window of the given size. */
    public static Chromium start(int width, int height) {
        installIfMissing();
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError("headless Chromium is required for this test: install Debian's chromium and chromium-driver"
                    + " (apt-get install -y chromium chromium-driver) so that " + BINARY + " and " + DRIVER + " exist");
        }
        try {
            Path profile = Files.createTempDirectory("atrium-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
            // an explicit driver executable keeps Selenium Manager from trying to download one
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(width, height));
            return new Chromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On a Debian machine where the tests run as root (a fresh development machine, CI), installs the
     * two packages once, so that the README's one test command works there; elsewhere it does nothing
     * and {@link #start} fails with the packages to install.
     */
    private static synchronized void installIfMissing() {
        if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
            return;
        }
        Path aptGet = Path.of("/usr/bin/apt-get");
        if (!Files.isExecutable(aptGet) || !"root".equals(System.getProperty("user.name"))) {
            return;
        }
        System.err.println("installing Debian's chromium and chromium-driver for the browser tests (apt-get)");
        run(List.of(aptGet.toString(), "update", "-q"));
        run(List.of(aptGet.toString(), "install", "-y", "-q", "chromium", "chromium-driver"));
    }

    private static void run(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            int exit = pb.start().waitFor();
            if (exit != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit code " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while installing chromium", e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Quits the browser and deletes its profile. */
    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
