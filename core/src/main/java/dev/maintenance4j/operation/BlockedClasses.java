package dev.maintenance4j.operation;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operation classes a mode blocks: either the listed ones, or every class except the listed ones.
 *
 * @param except when true, every class but {@code classes} is blocked
 * @param classes the listed class names
 */
public record BlockedClasses(boolean except, Set<String> classes) {

    public BlockedClasses {
        classes = Set.copyOf(classes);
    }

    /** Blocks exactly these classes. */
    public static BlockedClasses of(OperationClass... classes) {
        return new BlockedClasses(false, names(classes));
    }

    /** Blocks every class but these. */
    public static BlockedClasses allExcept(OperationClass... classes) {
        return new BlockedClasses(true, names(classes));
    }

    /** Blocks nothing. */
    public static BlockedClasses none() {
        return new BlockedClasses(false, Set.of());
    }

    public boolean blocks(OperationClass operationClass) {
        return except != classes.contains(operationClass.name());
    }

    private static Set<String> names(OperationClass... classes) {
        return Arrays.stream(classes).map(OperationClass::name).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String toString() {
        return except ? "all except " + classes : classes.toString();
    }
}
