package dev.maintenance4j.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.Maintenance;
import dev.maintenance4j.Mode;
import dev.maintenance4j.control.Actor;
import dev.maintenance4j.control.EnableOptions;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.testing.servers.HeadlessChromium;
import java.nio.file.Files;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Security's form login in a real browser (Debian's Chromium): in an emergency a signed-in non-admin is
 * signed out and refused on his next page, and signing in again is refused too, while an admin signs in through
 * the same form and works on. The office network stays allow-listed, so the login page can be reached.
 */
@SpringBootTest(classes = FormLoginBrowserIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FormLoginBrowserIT {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        String store = "file:" + Files.createTempDirectory("form-login-it").resolve("state.json");
        registry.add("maintenance.store", () -> store);
        registry.add("maintenance.admin-roles", () -> "ADMIN");
    }

    @LocalServerPort
    int port;

    @Autowired
    Maintenance maintenance;

    private WebDriver browser;

    @BeforeEach
    void start() {
        maintenance.control().disable(new Actor("test", "test"));
        maintenance.view().refresh();
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void stop() {
        browser.quit();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private String page() {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** Opens /hello, is sent to the login form, and signs in. */
    private void signIn(String user) {
        browser.get(url("/hello"));
        assertThat(browser.getCurrentUrl()).as(browser.getPageSource()).endsWith("/login");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(user + "-password");
        WebElement submit = browser.findElement(By.cssSelector("button[type=submit]"));
        submit.click();
        // the click only starts the form's POST: wait until the login page is gone before reading the next one
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(submit));
    }

    private void emergency() {
        maintenance
                .control()
                .enable(
                        EnableOptions.builder()
                                .mode(Mode.EMERGENCY)
                                .reason("Data breach response")
                                .allowed(List.of(CidrBlock.parse("127.0.0.1")))
                                .build(),
                        new Actor("test", "test"));
        maintenance.view().refresh();
    }

    @Test
    void inAnEmergencyASignedInUserIsSignedOutAndMayNotSignInAgain() {
        signIn("bob");
        assertThat(page()).isEqualTo("hello bob");

        emergency();
        browser.get(url("/hello"));
        assertThat(page()).as("bob's next page").contains("only administrators can sign in");

        browser.get(url("/hello"));
        assertThat(browser.getCurrentUrl())
                .as("bob's session is gone: he is asked to sign in")
                .endsWith("/login");

        signIn("bob");
        assertThat(page()).as("signing in again").contains("only administrators can sign in");
        browser.get(url("/hello"));
        assertThat(browser.getCurrentUrl()).as("and he is still signed out").endsWith("/login");
    }

    @Test
    void inAnEmergencyAnAdminSignsInThroughTheFormAndWorksOn() {
        emergency();
        signIn("alice");
        assertThat(page()).isEqualTo("hello alice");
        browser.get(url("/hello"));
        assertThat(page()).isEqualTo("hello alice");
    }

    @SpringBootApplication
    @RestController
    static class App {

        @GetMapping("/hello")
        String hello(Principal principal) {
            return "hello " + principal.getName();
        }

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            // Spring Security's own login page and form, CSRF protection on, as an application ships it
            return http.authorizeHttpRequests(a -> a.requestMatchers("/hello")
                            .authenticated()
                            .anyRequest()
                            .permitAll())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(TestUsers.aliceTheAdminAndBob());
        }
    }
}
