package dev.maintenance4j.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * maintenance4j reads and writes its state with Jackson 3, which needs {@code jackson-annotations} 2.21 or later.
 * Spring Boot 3.5 manages 2.19 for its own Jackson 2, and an application's dependency management wins over
 * what a library asks for, so on Boot 3 the older one is what the application gets unless it says otherwise.
 * Without this check the first state read fails deep inside Jackson with a {@code NoClassDefFoundError}.
 */
final class JacksonAnnotations {

    /** The newest annotation Jackson 3.1 loads when it starts: present from jackson-annotations 2.21. */
    static final String NEWEST_NEEDED = "com.fasterxml.jackson.annotation.JsonSerializeAs";

    private JacksonAnnotations() {}

    static void require(@Nullable ClassLoader classLoader) {
        if (!ClassUtils.isPresent(NEWEST_NEEDED, classLoader)) {
            throw new MaintenanceStartupException(
                    "com.fasterxml.jackson.core:jackson-annotations on the class path is older than 2.21, which"
                            + " Jackson 3 (maintenance4j's state format) needs; Spring Boot 3.5 manages 2.19.",
                    "Manage com.fasterxml.jackson.core:jackson-annotations at 2.21 in your build (Maven: a"
                            + " <dependencyManagement> entry before Spring Boot's; Gradle: a constraint); Jackson 2"
                            + " works with it.",
                    null);
        }
    }
}
