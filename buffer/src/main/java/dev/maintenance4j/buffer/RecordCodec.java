package dev.maintenance4j.buffer;

import dev.maintenance4j.buffer.log.LogRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The payloads of the buffer's three logs.
 *
 * <ul>
 *   <li>records: {@code u16 keyLength, key, bytes}</li>
 *   <li>drain journal: {@code byte kind, long position, key} (kinds in {@link Entry.Kind})</li>
 *   <li>dead letters: {@code long position, long appendedAt, int attempts, u16 errorLength, error, record}</li>
 * </ul>
 */
final class RecordCodec {

    static final int MAX_KEY_LENGTH = 200;
    private static final int MAX_ERROR_LENGTH = 1000;

    private RecordCodec() {
    }

    static byte[] record(String key, byte[] bytes) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(2 + k.length + bytes.length).putShort((short) k.length).put(k).put(bytes).array();
    }

    static BufferedRecord decodeRecord(LogRecord record, boolean redelivered) {
        ByteBuffer in = ByteBuffer.wrap(record.payload());
        String key = ascii(in, Short.toUnsignedInt(in.getShort()));
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        return new BufferedRecord(record.sequence(), Instant.ofEpochMilli(record.appendedAtMillis()), key, bytes, redelivered);
    }

    /** One line of the drain journal. */
    record Entry(Kind kind, long position, String key) {
        enum Kind {
            /** A batch up to this position is about to be applied. */
            BEGIN,
            /** The record at this position was applied. */
            APPLIED,
            /** The record at this position was skipped: its key had been applied already. */
            DUPLICATE,
            /** The record at this position was moved to the dead-letter log. */
            DEAD
        }
    }

    static byte[] entry(Entry.Kind kind, long position, String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(9 + k.length).put((byte) kind.ordinal()).putLong(position).put(k).array();
    }

    static Entry decodeEntry(byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(payload);
        Entry.Kind kind = Entry.Kind.values()[in.get()];
        long position = in.getLong();
        return new Entry(kind, position, ascii(in, in.remaining()));
    }

    static byte[] deadLetter(BufferedRecord record, int attempts, String error) {
        byte[] e = truncate(error).getBytes(StandardCharsets.UTF_8);
        byte[] r = record(record.idempotencyKey(), record.payload());
        return ByteBuffer.allocate(8 + 8 + 4 + 2 + e.length + r.length)
                .putLong(record.position()).putLong(record.appendedAt().toEpochMilli()).putInt(attempts)
                .putShort((short) e.length).put(e).put(r).array();
    }

    static DeadLetter decodeDeadLetter(LogRecord logged) {
        ByteBuffer in = ByteBuffer.wrap(logged.payload());
        long position = in.getLong();
        long appendedAt = in.getLong();
        int attempts = in.getInt();
        byte[] e = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(e);
        String key = ascii(in, Short.toUnsignedInt(in.getShort()));
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        return new DeadLetter(position, Instant.ofEpochMilli(appendedAt), key, bytes, attempts, new String(e, StandardCharsets.UTF_8),
                Instant.ofEpochMilli(logged.appendedAtMillis()));
    }

    /** Keys are 1 to 200 visible ASCII characters, as an {@code Idempotency-Key} header carries them. */
    static boolean isValidKey(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    static String requireValidKey(String key) {
        if (!isValidKey(key)) {
            throw new IllegalArgumentException("an idempotency key must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters");
        }
        return key;
    }

    private static String truncate(String error) {
        String s = error;
        while (s.getBytes(StandardCharsets.UTF_8).length > MAX_ERROR_LENGTH) {
            s = s.substring(0, Math.max(0, s.length() - 50));
        }
        return s;
    }

    private static String ascii(ByteBuffer in, int length) {
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
