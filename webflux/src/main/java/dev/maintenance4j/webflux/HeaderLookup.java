package dev.maintenance4j.webflux;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * All values of one request header, on Spring Framework 7 and 6.2 alike, so one jar serves Spring Boot 4 and 3.5.
 * Framework 7's {@code HttpHeaders} is no longer a {@code Map}: its {@code get(String)} did not exist in 6.2,
 * where the same call is the map's {@code get(Object)}; code compiled against one fails on the other with a
 * {@code NoSuchMethodError}. The method is found once; a constant method handle costs what the call itself does.
 */
final class HeaderLookup {

    private static final MethodType GET = MethodType.methodType(List.class, HttpHeaders.class, String.class);
    private static final MethodHandle VALUES = find();

    private HeaderLookup() {}

    /** The header's values in arrival order, or null when absent. */
    @SuppressWarnings("unchecked")
    static @Nullable List<String> values(HttpHeaders headers, String name) {
        try {
            return (List<String>) VALUES.invokeExact(headers, name);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle find() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            // Spring Framework 7
            return lookup.findVirtual(HttpHeaders.class, "get", MethodType.methodType(List.class, String.class));
        } catch (NoSuchMethodException e) {
            try {
                // Spring Framework 6: HttpHeaders is a MultiValueMap<String, String>
                return lookup.findVirtual(HttpHeaders.class, "get", MethodType.methodType(List.class, Object.class))
                        .asType(GET);
            } catch (NoSuchMethodException | IllegalAccessException notSix) {
                throw new IllegalStateException("this Spring Framework's HttpHeaders has no get(String)", notSix);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
