package dev.maintenance4j.buffer.request;

import dev.maintenance4j.buffer.BufferedRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request accepted into the write buffer, as a {@link BufferedRequestHandler} gets it back.
 *
 * @param position       its place in the buffer (replay order)
 * @param acceptedAt     when it was accepted
 * @param idempotencyKey the client's {@code Idempotency-Key}, or one generated at acceptance
 * @param redelivered    true when a replay that crashed may already have applied it
 * @param method         the HTTP method
 * @param path           the path within the application
 * @param query          the raw query string, if any
 * @param headers        the kept headers (names in lower case), in the order received
 * @param principal      the authenticated user's name, if any
 * @param body           the request body
 */
public record BufferedRequest(
        long position,
        Instant acceptedAt,
        String idempotencyKey,
        boolean redelivered,
        String method,
        String path,
        @Nullable String query,
        Map<String, List<String>> headers,
        @Nullable String principal,
        byte[] body) {

    /** Format 2 keeps the client's own key in the payload: the buffer deduplicates on a key scoped to route and principal. */
    private static final int FORMAT = 2;

    public BufferedRequest {
        Objects.requireNonNull(acceptedAt, "acceptedAt");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(body, "body");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The first value of a kept header, or null. */
    public @Nullable String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as text, in UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The bytes stored in the buffer: everything but position, time, key and redelivery, which the buffer keeps. */
    static byte[] encode(
            String method,
            String path,
            @Nullable String query,
            Map<String, List<String>> headers,
            @Nullable String principal,
            String idempotencyKey,
            byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            writeString(out, method);
            writeString(out, path);
            writeNullable(out, query);
            writeNullable(out, principal);
            writeString(out, idempotencyKey);
            out.writeInt(headers.size());
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                writeString(out, header.getKey());
                out.writeInt(header.getValue().size());
                for (String value : header.getValue()) {
                    writeString(out, value);
                }
            }
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** The request a buffered record holds (as a handler, or the dead-letter listing, sees it). */
    public static BufferedRequest decode(BufferedRecord record) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record.payload()))) {
            int format = in.readUnsignedByte();
            if (format != 1 && format != FORMAT) {
                throw new IOException("buffered request in unknown format " + format);
            }
            String method = readString(in);
            String path = readString(in);
            String query = readNullable(in);
            String principal = readNullable(in);
            String key = format == 1 ? record.idempotencyKey() : readString(in);
            int headerCount = length(in);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 0; i < headerCount; i++) {
                String name = readString(in);
                int values = length(in);
                List<String> list = new ArrayList<>(values);
                for (int v = 0; v < values; v++) {
                    list.add(readString(in));
                }
                headers.put(name, List.copyOf(list));
            }
            byte[] body = new byte[length(in)];
            in.readFully(body);
            return new BufferedRequest(
                    record.position(),
                    record.appendedAt(),
                    key,
                    record.redelivered(),
                    method,
                    path,
                    query,
                    headers,
                    principal,
                    body);
        } catch (EOFException e) {
            throw new IOException("buffered request is truncated", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void writeNullable(DataOutputStream out, @Nullable String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    /** A length read from the record, refused when it is negative or longer than what is left. */
    private static int length(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException(
                    "buffered request is malformed: a length of " + length + " with " + in.available() + " bytes left");
        }
        return length;
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[length(in)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static @Nullable String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }
}
