package dev.maintenance4j.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Follows docs/write-your-own-store.md literally: compiles its Java blocks as written, against nothing but
 * the published jars, and runs the test class they contain. The page's store must pass the whole
 * contract suite.
 */
class WriteYourOwnStoreTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME =
            Pattern.compile("^(?:public |final |abstract )*class (\\w+)", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    @TempDir
    Path work;

    @Test
    void theStoreOnTheDocsPagePassesTheContractSuite() throws Exception {
        Path page = Path.of("..", "docs", "write-your-own-store.md");
        List<Path> sources = writeJavaBlocks(Files.readString(page, StandardCharsets.UTF_8));
        assertThat(sources).as("the page's Java blocks").hasSize(2);

        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "17",
                "-proc:none",
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path")));
        sources.forEach(source -> args.add(source.toString()));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled =
                ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertThat(compiled)
                .as("javac on the page's code:%n%s", diagnostics.toString(StandardCharsets.UTF_8))
                .isZero();

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> testClass = loader.loadClass("com.example.maintenance.KeyValueStateStoreTest");
            assertThat(StateStoreContract.class).isAssignableFrom(testClass);
            TestExecutionSummary summary = run(testClass);
            StringWriter failures = new StringWriter();
            summary.printFailuresTo(new PrintWriter(failures), 20);
            assertThat(summary.getTotalFailureCount())
                    .as("failures of the page's store:%n%s", failures)
                    .isZero();
            assertThat(summary.getTestsSucceededCount())
                    .as("contract tests run on the page's store")
                    .isGreaterThanOrEqualTo(12);
        }
    }

    private List<Path> writeJavaBlocks(String markdown) throws IOException {
        List<Path> sources = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(markdown);
        while (block.find()) {
            String code = block.group(1);
            Matcher pkg = PACKAGE.matcher(code);
            Matcher name = CLASS_NAME.matcher(code);
            assertThat(pkg.find() && name.find())
                    .as("a Java block of the page names its package and class:%n%s", code)
                    .isTrue();
            Path dir = Files.createDirectories(
                    work.resolve("src").resolve(pkg.group(1).replace('.', '/')));
            sources.add(Files.writeString(dir.resolve(name.group(1) + ".java"), code));
        }
        return sources;
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(testClass))
                        .build(),
                listener);
        return listener.getSummary();
    }
}
