package dev.maintenance4j.testing.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy configuration as the documentation gives it, with the ports a test chose put in: the
 * documented ports ({@value #PROXY} for the proxy, {@value #APPLICATION} for the application,
 * {@value #MAINTENANCE} for maintenance4j) are replaced wherever they appear as numbers, and lines written
 * {@code # <directive>  # test: <name>} are switched on when the test names them.
 */
public record ProxyConfig(String text) {

    public static final int PROXY = 8080;
    public static final int APPLICATION = 9000;
    public static final int MAINTENANCE = 8081;

    private static final Pattern OPTIONAL_LINE = Pattern.compile("(?m)^(\\s*)#\\s*(.*?)\\s*# test: ([a-z-]+)$");

    public static ProxyConfig read(Path file) throws IOException {
        return new ProxyConfig(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** With the documented ports replaced by these and the optional lines named switched on. */
    public String render(int proxyPort, int applicationPort, int maintenancePort, String... switchedOn) {
        String rendered = text.replaceAll("\\b" + PROXY + "\\b", Integer.toString(proxyPort))
                .replaceAll("\\b" + APPLICATION + "\\b", Integer.toString(applicationPort))
                .replaceAll("\\b" + MAINTENANCE + "\\b", Integer.toString(maintenancePort));
        Matcher m = OPTIONAL_LINE.matcher(rendered);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean on = Arrays.asList(switchedOn).contains(m.group(3));
            m.appendReplacement(out, Matcher.quoteReplacement(on ? m.group(1) + m.group(2) : m.group(0)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
