package dev.maintenance4j.testing.servers;

import java.io.File;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through Debian's chromedriver, for browser tests: never a downloaded browser. Needs
 * {@code org.seleniumhq.selenium:selenium-java} on the test's class path (optional here).
 */
public final class HeadlessChromium {

    private HeadlessChromium() {}

    /** Starts a browser, or fails loudly naming the packages to install. */
    public static WebDriver start() {
        File chromium = new File("/usr/bin/chromium");
        File chromedriver = new File("/usr/bin/chromedriver");
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            throw new IllegalStateException(
                    "the browser tests need Debian's chromium and chromedriver: apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1200,1400");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver)
                .usingAnyFreePort()
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1200, 1400));
        return browser;
    }
}
