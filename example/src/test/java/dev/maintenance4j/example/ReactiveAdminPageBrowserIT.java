package dev.maintenance4j.example;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The admin page in headless Chromium against the example's reactive profile: the same page, served by the
 * admin API's WebFilter on Netty, signs in, takes the service down and up, and follows the event stream, as
 * {@link AdminPageBrowserIT} checks on the servlet run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("reactive")
class ReactiveAdminPageBrowserIT extends AdminPageBrowserIT {}
