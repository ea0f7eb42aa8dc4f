package dev.maintenance4j.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.text.Failures;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads and writes the admin protocol's documents. Requests are read strictly: an unknown field, a value
 * of the wrong JSON type (no number taken as a string or the reverse) or a malformed body is an
 * {@link InvalidRequestException} naming the field and what it must be (the record component's
 * {@link JsonPropertyDescription}). Answers are read tolerantly: fields a newer service added are
 * ignored.
 */
public final class AdminProtocol {

    /**
     * The environment variable an admin token is given in: the CLI sends it as its bearer token, and a
     * service started with it accepts it (the Spring Boot starter names it {@code admin-token}).
     */
    public static final String TOKEN_VARIABLE = "MAINTENANCE4J_ADMIN_TOKEN";

    /** The largest request body the admin API reads. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** The longest a change waits for every instance to apply it. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(
                    LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    private static final JsonMapper TOLERANT = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private AdminProtocol() {}

    /**
     * A request body as {@code type}; an empty body is an empty object.
     *
     * @throws InvalidRequestException when the body is not such a request
     */
    public static <T extends Record> T readRequest(byte[] body, Class<T> type) {
        if (body.length > MAX_REQUEST_BYTES) {
            throw new InvalidRequestException(null, "the body must be at most " + MAX_REQUEST_BYTES + " bytes");
        }
        byte[] json = body.length == 0 ? new byte[] {'{', '}'} : body;
        T request;
        try {
            request = STRICT.readValue(json, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidRequestException invalid) {
                throw invalid;
            }
            throw new InvalidRequestException(topField(e), Failures.describe(e.getCause() == null ? e : e.getCause()));
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException(
                    e.getPropertyName(),
                    "unknown field '" + e.getPropertyName() + "'; expected one of "
                            + new TreeSet<>(e.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .toList()));
        } catch (MismatchedInputException e) {
            String field = topField(e);
            if (field == null) {
                throw new InvalidRequestException(null, "the body must be one JSON object");
            }
            throw new InvalidRequestException(field, field + " must be " + expectation(type, field));
        } catch (JacksonException e) {
            throw new InvalidRequestException(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (request == null) {
            throw new InvalidRequestException(null, "the body must be one JSON object");
        }
        return request;
    }

    /** An answer of the service as {@code type}, ignoring fields this version does not know. */
    public static <T> T readAnswer(byte[] body, Class<T> type) {
        return TOLERANT.readValue(body, type);
    }

    /** A document as JSON. */
    public static byte[] write(Object document) {
        return TOLERANT.writeValueAsBytes(document);
    }

    public static String writeString(Object document) {
        return TOLERANT.writeValueAsString(document);
    }

    private static @Nullable String topField(DatabindException e) {
        return e.getPath().isEmpty() ? null : e.getPath().get(0).getPropertyName();
    }

    /** Checks the {@code expectedVersion} field: null or not negative. */
    static @Nullable Long expectedVersion(@Nullable Long version) {
        if (version != null && version < 0) {
            throw new InvalidRequestException("expectedVersion", "expectedVersion must be a non-negative integer");
        }
        return version;
    }

    /** The {@code wait} field: how long to wait for every instance (positive, at most 10 minutes), or null. */
    static @Nullable Duration waitFor(@Nullable TimeText wait) {
        if (wait == null) {
            return null;
        }
        Duration duration = check("wait", wait::duration);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_WAIT) > 0) {
            throw new InvalidRequestException("wait", "wait must be positive and at most 10m");
        }
        return duration;
    }

    /**
     * A field's value as {@code parse} reads it; its refusal (an {@link IllegalArgumentException}) becomes
     * an {@link InvalidRequestException} naming the field.
     */
    static <T> T check(@Nullable String field, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidRequestException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, Failures.describe(e));
        }
    }

    /** A field's IP addresses and CIDR blocks. */
    static List<CidrBlock> cidrs(String field, List<String> entries) {
        return entries.stream()
                .map(entry -> check(field, () -> CidrBlock.parse(entry)))
                .toList();
    }

    /** What a field must be: its description, else its Java type in words. */
    private static String expectation(Class<? extends Record> type, String field) {
        for (RecordComponent component : type.getRecordComponents()) {
            JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
            if ((renamed != null ? renamed.value() : component.getName()).equals(field)) {
                JsonPropertyDescription description =
                        component.getAccessor().getAnnotation(JsonPropertyDescription.class);
                if (description != null) {
                    return description.value();
                }
                Class<?> valueType = component.getType();
                if (valueType == String.class) {
                    return "a string";
                }
                if (valueType == Boolean.class || valueType == boolean.class) {
                    return "true or false";
                }
                return "a " + valueType.getSimpleName();
            }
        }
        return "valid";
    }
}
