package dev.camelpayme.testing;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import javax.imageio.ImageIO;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium, driven through its chromedriver, for the pages a shopper sees. Not skipped when the
 * browser is missing: the test fails and says how to install it.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path screenshots;

    private HeadlessChromium(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    /** A phone-sized window whose console is kept; screenshots go to {@code screenshots}. */
    public static HeadlessChromium start(Path screenshots) throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("The shopper's pages are tested in Debian's Chromium: install it with "
                        + "`apt-get update && apt-get install -y chromium chromium-driver` (.ci/run does so in CI)")
                .isTrue();
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=480,960",
                "--no-first-run", "--disable-extensions", "--disable-background-networking");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options), screenshots);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** The QR code as the browser drew it, read back from a screenshot of its element. */
    public String decode(WebElement qr) {
        try {
            return QrCodeImages.decode(ImageIO.read(new ByteArrayInputStream(qr.getScreenshotAs(OutputType.BYTES))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole window as {@code <screenshots>/<name>.png}. */
    public Path screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        return Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** A blocked script or style would show in the console: the page's own must all be allowed by its policy. */
    public void assertNoPolicyViolations() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            assertThat(entry.getMessage()).doesNotContainIgnoringCase("Content Security Policy")
                    .doesNotContainIgnoringCase("Uncaught");
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
