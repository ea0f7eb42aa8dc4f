package dev.maintenance4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenancePageTest {

    @Test
    void rendersPlaceholdersEscaped() {
        MaintenancePage page = MaintenancePage.of("<h1>{{title}}</h1><p>{{ reason }}</p><p>{{until}}</p>");
        assertThat(page.render(Map.of("title", "Down", "reason", "<script>alert('x')</script> & more")))
                .isEqualTo("<h1>Down</h1><p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</p><p></p>");
    }

    @Test
    void refusesUnknownPlaceholdersWhenLoaded() {
        assertThatThrownBy(() -> MaintenancePage.of("{{reasno}}"))
                .hasMessageContaining("unknown placeholder {{reasno}}");
        assertThatThrownBy(() -> MaintenancePage.of("{{reason")).hasMessageContaining("without '}}'");
        assertThatThrownBy(() -> MaintenancePage.fromClasspath("/nope.html"))
                .hasMessageContaining("not on the class path");
    }

    @Test
    void loadsFromFilesAndTheDefaultIsAccessible(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("page.html");
        Files.writeString(file, "<p>{{reason}} / {{retryAfterSeconds}}s</p>");
        assertThat(MaintenancePage.fromFile(file).render(Map.of("reason", "r", "retryAfterSeconds", "60")))
                .isEqualTo("<p>r / 60s</p>");
        String html =
                MaintenancePage.defaultPage().render(Map.of("title", "Down for maintenance", "reason", "Upgrade"));
        assertThat(html)
                .contains(
                        "<html lang=\"en\">",
                        "name=\"viewport\"",
                        "<h1 id=\"title\">Down for maintenance</h1>",
                        "Upgrade")
                .doesNotContain("http://", "https://", "{{");
    }
}
