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
    private static final int RECORD_HEADER = 2;
    private static final int ENTRY_HEADER = 1 + 8;
    private static final int DEAD_LETTER_HEADER = 8 + 8 + 4 + 2;

    /** The largest journal entry. */
    static final int MAX_ENTRY_BYTES = ENTRY_HEADER + MAX_KEY_LENGTH;

    private RecordCodec() {}

    /** The largest record payload for appends of up to {@code maxBytes}. */
    static int maxRecordBytes(int maxBytes) {
        return RECORD_HEADER + MAX_KEY_LENGTH + maxBytes;
    }

    /** The largest dead letter for records of up to {@code maxRecordBytes}. */
    static int maxDeadLetterBytes(int maxRecordBytes) {
        return DEAD_LETTER_HEADER + MAX_ERROR_LENGTH + maxRecordBytes;
    }

    static byte[] record(String key, byte[] bytes) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(RECORD_HEADER + k.length + bytes.length)
                .putShort((short) k.length)
                .put(k)
                .put(bytes)
                .array();
    }

    static BufferedRecord decodeRecord(LogRecord record, boolean redelivered) {
        return readRecord(ByteBuffer.wrap(record.payload()), record.sequence(), record.appendedAtMillis(), redelivered);
    }

    /** Reads what {@link #record} wrote, from {@code in}'s position to its end. */
    private static BufferedRecord readRecord(ByteBuffer in, long position, long appendedAtMillis, boolean redelivered) {
        String key = ascii(in, Short.toUnsignedInt(in.getShort()));
        byte[] bytes = new byte[in.remaining()];
        in.get(bytes);
        return new BufferedRecord(position, Instant.ofEpochMilli(appendedAtMillis), key, bytes, redelivered);
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
        return ByteBuffer.allocate(ENTRY_HEADER + k.length)
                .put((byte) kind.ordinal())
                .putLong(position)
                .put(k)
                .array();
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
        return ByteBuffer.allocate(DEAD_LETTER_HEADER + e.length + r.length)
                .putLong(record.position())
                .putLong(record.appendedAt().toEpochMilli())
                .putInt(attempts)
                .putShort((short) e.length)
                .put(e)
                .put(r)
                .array();
    }

    static DeadLetter decodeDeadLetter(LogRecord logged) {
        ByteBuffer in = ByteBuffer.wrap(logged.payload());
        long position = in.getLong();
        long appendedAt = in.getLong();
        int attempts = in.getInt();
        byte[] e = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(e);
        return new DeadLetter(
                readRecord(in, position, appendedAt, false),
                attempts,
                new String(e, StandardCharsets.UTF_8),
                Instant.ofEpochMilli(logged.appendedAtMillis()));
    }

    /** Keys are 1 to 200 visible ASCII characters, as an {@code Idempotency-Key} header carries them. */
    static boolean isValidKey(String key) {
        return !key.isEmpty() && key.length() <= MAX_KEY_LENGTH && key.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    static String requireValidKey(String key) {
        if (!isValidKey(key)) {
            throw new IllegalArgumentException(
                    "an idempotency key must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
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
