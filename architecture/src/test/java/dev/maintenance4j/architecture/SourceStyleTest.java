package dev.maintenance4j.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How every Java source of the project reads: imports sorted, and types named by their simple name
 * with an import, never spelled out in full in the code, unless that simple name is already taken in the
 * file (JMH's {@code Mode} beside ours).
 */
class SourceStyleTest {

    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)\\.(\\w+|\\*);$");
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|interface|record|enum)\\s+(\\w+)");
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.\"/])((?:java|javax|jakarta|org|com|io|dev|tools|picocli|net|reactor)\\.(?:[a-z][a-z0-9_]*\\.)+)([A-Z]\\w*)");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    @Test
    void importsAreSortedAndNoTypeIsSpelledOutInFull() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> sources = sources();
        for (Path source : sources) {
            check(source, Files.readAllLines(source, StandardCharsets.UTF_8), problems);
        }
        assertThat(sources).as("the project's Java sources").hasSizeGreaterThan(200);
        assertThat(problems)
                .as("style problems (import the type; sort the imports)")
                .isEmpty();
    }

    private static void check(Path source, List<String> lines, List<String> problems) {
        Map<String, String> imported = new HashMap<>();
        List<String> imports = new ArrayList<>();
        String text = String.join("\n", lines);
        Matcher declared = DECLARATION.matcher(text);
        List<String> declarations = new ArrayList<>();
        while (declared.find()) {
            declarations.add(declared.group(1));
        }
        boolean comment = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher imp = IMPORT.matcher(line);
            if (imp.matches()) {
                if (imp.group(1) == null) {
                    imports.add(imp.group(2) + "." + imp.group(3));
                    imported.put(imp.group(3), imp.group(2) + "." + imp.group(3));
                }
                continue;
            }
            if (comment
                    || line.startsWith("/*")
                    || line.startsWith("*")
                    || line.startsWith("//")
                    || line.startsWith("package ")) {
                comment = (comment || line.startsWith("/*")) && !line.contains("*/");
                continue;
            }
            Matcher qualified = QUALIFIED.matcher(STRING.matcher(line).replaceAll("\"\""));
            while (qualified.find()) {
                String name = qualified.group(2);
                String full = qualified.group(1) + name;
                boolean taken =
                        (imported.containsKey(name) && !imported.get(name).equals(full)) || declarations.contains(name);
                if (!taken) {
                    problems.add(source + ":" + (i + 1) + ": " + full + " spelled out; import it");
                }
            }
        }
        List<String> sorted = new ArrayList<>(imports);
        sorted.sort(null);
        if (!sorted.equals(imports)) {
            problems.add(source + ": imports are not sorted");
        }
    }

    private static List<Path> sources() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).toString().contains("target/")
                            && !root.relativize(p).startsWith(".git"))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
