package dev.maintenance4j.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.testing.servers.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin page in a real browser (Debian's headless Chromium through Debian's chromedriver) against
 * the running example service. Screenshots of the main states land in {@code target/screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminPageBrowserIT {

    private static final String TOKEN = "browser-test-token-0123456789";
    private static WebDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("browser-it");
        registry.add("maintenance.store", () -> "file:" + dir.resolve("state.json"));
        registry.add(
                "maintenance.buffer.directory",
                () -> dir.resolve("write-buffer").toString());
        registry.add("maintenance.admin.tokens.ops", () -> TOKEN);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebElement el(String id) {
        return browser.findElement(By.id(id));
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    private void screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private int statusOf(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void signInSteerMaintenanceAndWatchChangesArriveLive() throws Exception {
        browser.get(url("/maintenance/"));
        assertThat(el("login").isDisplayed()).isTrue();
        // signed out, the page says so (never "offline" for a service that answers) and shows what the service asks for
        waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("login-error"), "Sign in with an admin token of this service"));
        assertThat(el("live").getText()).isEqualTo("signed out");

        el("token").sendKeys("a-wrong-token-for-sure");
        el("login-form").submit();
        waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("login-error"), "The token was refused"));
        assertThat(el("app").isDisplayed()).isFalse();
        screenshot("1-sign-in-refused");

        el("token").clear();
        el("token").sendKeys(TOKEN);
        el("login-form").submit();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("app")));
        waiting().until(ExpectedConditions.textToBe(By.id("headline"), "Off"));
        waiting().until(ExpectedConditions.textToBe(By.id("live"), "live"));
        assertThat(el("instances-summary").getText()).contains("1 live");
        assertThat(el("store").getText()).endsWith("— reachable");

        el("f-reason").sendKeys("Database upgrade");
        el("f-duration").sendKeys("30m");
        el("enable").click();
        waiting().until(ExpectedConditions.textToBe(By.id("headline"), "ON — full"));
        assertThat(el("reason").getText()).isEqualTo("Database upgrade");
        assertThat(el("until").getText()).containsPattern("\\(in (29|30)m");
        assertThat(statusOf("/api/orders")).as("the service answers 503 now").isEqualTo(503);
        statusOf("/api/orders");
        // event intake is buffered: the page shows the backlog
        assertThat(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url("/api/events")))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"signup\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(202);
        waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("buffer"), "Write buffer: 1 buffered write pending"));
        assertThat(el("buffer-progress").isDisplayed()).isTrue();

        // another admin changes the state: the page follows without a reload
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/maintenance/api/enable")))
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"reason\":\"Changed by another admin\",\"mode\":\"read-only\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        waiting().until(ExpectedConditions.textToBe(By.id("reason"), "Changed by another admin"));
        waiting().until(ExpectedConditions.textToBe(By.id("headline"), "ON — read-only"));
        assertThat(el("state").getAttribute("data-mode")).isEqualTo("read-only");
        screenshot("2-read-only");

        // emergency needs a confirmation
        el("emergency").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-emergency")));
        el("confirm-no").click();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm-emergency")));
        assertThat(el("headline").getText()).isEqualTo("ON — read-only");
        el("emergency").click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-emergency")));
        screenshot("3-emergency-confirmation");
        el("confirm-yes").click();
        waiting().until(ExpectedConditions.textToBe(By.id("headline"), "ON — emergency"));
        assertThat(statusOf("/")).isEqualTo(503);
        screenshot("4-emergency");

        el("rotate").click();
        waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("secret"), "Bypass secret (shown once"));

        el("disable").click();
        waiting().until(ExpectedConditions.textToBe(By.id("headline"), "Off"));
        assertThat(statusOf("/api/orders")).isEqualTo(200);
        waiting()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("buffer"), "0 buffered writes pending"));
        assertThat(el("buffer").getText()).contains("100% replayed").contains("POST /api/events");
        assertThat(browser.findElements(By.cssSelector("#history tr"))).hasSizeGreaterThanOrEqualTo(4);
        screenshot("5-off-with-history");
    }
}
