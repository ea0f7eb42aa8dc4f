package dev.maintenance4j.http;

import dev.maintenance4j.text.Html;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The HTML page shown to blocked browsers: a template with {@code {{placeholder}}}s, parsed once. The
 * placeholders are {@code {{title}}}, {@code {{reason}}}, {@code {{until}}} (a readable end time, or
 * empty), {@code {{untilIso}}}, {@code {{retryAfterSeconds}}} and {@code {{mode}}}; every value is
 * HTML-escaped. An unknown placeholder is an error when the template is loaded, not at request time.
 */
public final class MaintenancePage {

    /** The placeholders a template may use. */
    public static final Set<String> PLACEHOLDERS =
            Set.of("title", "reason", "until", "untilIso", "retryAfterSeconds", "mode");

    private static final String DEFAULT_RESOURCE = "/dev/maintenance4j/http/maintenance.html";
    private static final MaintenancePage DEFAULT = fromClasspath(DEFAULT_RESOURCE);

    // literal, placeholder, literal, placeholder, ..., literal
    private final String[] literals;
    private final String[] names;

    private MaintenancePage(String template) {
        List<String> literalParts = new ArrayList<>();
        List<String> nameParts = new ArrayList<>();
        int i = 0;
        while (true) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                literalParts.add(template.substring(i));
                break;
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("template has '{{' without '}}' at offset " + open);
            }
            String name = template.substring(open + 2, close).strip();
            if (!PLACEHOLDERS.contains(name)) {
                throw new IllegalArgumentException(
                        "template has unknown placeholder {{" + name + "}}; known: " + PLACEHOLDERS);
            }
            literalParts.add(template.substring(i, open));
            nameParts.add(name);
            i = close + 2;
        }
        this.literals = literalParts.toArray(String[]::new);
        this.names = nameParts.toArray(String[]::new);
    }

    /** The built-in page: self-contained, accessible, readable on a phone. */
    public static MaintenancePage defaultPage() {
        return DEFAULT;
    }

    /** A page from template text. */
    public static MaintenancePage of(String template) {
        return new MaintenancePage(Objects.requireNonNull(template, "template"));
    }

    /** A page from a UTF-8 template file. */
    public static MaintenancePage fromFile(Path file) {
        try {
            return of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read maintenance page template " + file + ": " + e.getMessage(), e);
        }
    }

    /** A page from a UTF-8 template on the class path, such as {@code /templates/maintenance.html}. */
    public static MaintenancePage fromClasspath(String resource) {
        String absolute = resource.startsWith("/") ? resource : "/" + resource;
        try (InputStream in = MaintenancePage.class.getResourceAsStream(absolute)) {
            if (in == null) {
                throw new IllegalArgumentException(
                        "maintenance page template " + resource + " is not on the class path");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read maintenance page template " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Renders the page; values are HTML-escaped here. */
    public String render(Map<String, String> values) {
        StringBuilder sb = new StringBuilder(2048);
        for (int i = 0; i < names.length; i++) {
            sb.append(literals[i]);
            Html.escape(values.getOrDefault(names[i], ""), sb);
        }
        sb.append(literals[names.length]);
        return sb.toString();
    }
}
