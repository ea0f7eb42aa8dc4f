package dev.maintenance4j.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Every published jar names its module, so users on the module path get a stable name. Runs after packaging. */
class PublishedJarsIT {

    @Test
    void everyJarHasAnAutomaticModuleName() throws IOException {
        Map<String, String> names = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = new File(entry).getName();
            if (file.startsWith("maintenance4j-") && file.endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    names.put(
                            file,
                            String.valueOf(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")));
                }
            }
        }
        assertThat(names).as("the module jars on this class path").hasSizeGreaterThanOrEqualTo(10);
        assertThat(names.values())
                .allMatch(name -> name.matches("dev\\.maintenance4j(\\.[a-z]+)+"), "a dev.maintenance4j.* module name")
                .doesNotHaveDuplicates();
    }
}
