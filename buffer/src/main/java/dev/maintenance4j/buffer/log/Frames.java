package dev.maintenance4j.buffer.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The on-disk form of a record, and a buffered reader of frames from a segment file.
 *
 * <pre>
 * int  payloadLength
 * int  crc32c        over everything after it: sequence, appendedAt and payload
 * long sequence
 * long appendedAtMillis
 * byte[payloadLength] payload
 * </pre>
 *
 * A frame whose length runs past the end of the file or whose checksum does not match is where the
 * readable part of a segment ends: a torn tail after a crash, or damage. A header of zeros (never a
 * frame: sequences start at 1) is the clean end of the data in a preallocated segment.
 */
final class Frames {

    static final int HEADER_BYTES = 24;

    private Frames() {}

    static int frameBytes(int payloadLength) {
        return HEADER_BYTES + payloadLength;
    }

    static void encode(ByteBuffer into, long sequence, long appendedAtMillis, byte[] payload) {
        int start = into.position();
        into.putInt(payload.length);
        into.putInt(0); // checksum, filled below
        into.putLong(sequence);
        into.putLong(appendedAtMillis);
        into.put(payload);
        CRC32C crc = new CRC32C();
        crc.update(into.duplicate().position(start + 8).limit(into.position()));
        into.putInt(start + 4, (int) crc.getValue());
    }

    /** Reads frames one after another from a file, through a buffer, from a byte offset. */
    static final class Reader {
        private final FileChannel channel;
        private final int maxPayload;
        private final ByteBuffer buffer;
        private long bufferStart; // file offset of buffer[0]
        private long offset; // file offset of the next frame

        Reader(FileChannel channel, long offset, int maxPayload) {
            this.channel = channel;
            this.maxPayload = maxPayload;
            this.buffer = ByteBuffer.allocate(Math.max(256 * 1024, HEADER_BYTES + maxPayload))
                    .limit(0);
            this.bufferStart = offset;
            this.offset = offset;
        }

        /** The offset just after the last frame returned: the end of the valid part read so far. */
        long offset() {
            return offset;
        }

        /**
         * The next frame, or null at the end of the readable data: the end of the file, a frame cut short,
         * or one whose length or checksum is wrong. {@link #damaged()} tells which.
         */
        @Nullable
        LogRecord next() throws IOException {
            int at = read();
            if (at < 0) {
                return null;
            }
            int length = buffer.getInt(at);
            byte[] payload = new byte[length];
            buffer.get(at + HEADER_BYTES, payload);
            return new LogRecord(buffer.getLong(at + 8), buffer.getLong(at + 16), payload);
        }

        /**
         * Checks the next frame as {@link #next()} does, without copying its payload out: its sequence, or
         * {@code -1} at the end of the readable data. What a recovery needs, a million times over.
         */
        long skip() throws IOException {
            int at = read();
            return at < 0 ? -1 : buffer.getLong(at + 8);
        }

        /** Checks the next frame and moves past it: its position in the buffer, or -1 at the end of the readable data. */
        private int read() throws IOException {
            int at = check();
            if (at < 0) {
                // what was buffered past this point may be older than the file (a live segment being
                // written, or preallocated zeros since overwritten): the next call reads it again
                buffer.limit((int) (offset - bufferStart));
            } else {
                offset += HEADER_BYTES + buffer.getInt(at);
            }
            return at;
        }

        private int check() throws IOException {
            damaged = false;
            if (!fill(HEADER_BYTES)) {
                damaged = !restIsZero(available());
                return -1;
            }
            int at = (int) (offset - bufferStart);
            if (restIsZero(HEADER_BYTES)) {
                return -1; // preallocated space: a real frame has a sequence of 1 or more
            }
            int length = buffer.getInt(at);
            if (length < 0 || length > maxPayload) {
                damaged = true;
                return -1;
            }
            if (!fill(HEADER_BYTES + length)) {
                damaged = true;
                return -1;
            }
            at = (int) (offset - bufferStart);
            int expected = buffer.getInt(at + 4);
            crc.reset();
            crc.update(buffer.duplicate().position(at + 8).limit(at + HEADER_BYTES + length));
            if ((int) crc.getValue() != expected) {
                damaged = true;
                return -1;
            }
            return at;
        }

        private final CRC32C crc = new CRC32C();

        private boolean damaged;

        /** True when the last {@link #next()} stopped at bytes that are not a whole, valid frame. */
        boolean damaged() {
            return damaged;
        }

        private boolean restIsZero(int bytes) {
            int at = (int) (offset - bufferStart);
            for (int i = 0; i < bytes; i++) {
                if (buffer.get(at + i) != 0) {
                    return false;
                }
            }
            return true;
        }

        private int available() {
            return (int) (bufferStart + buffer.limit() - offset);
        }

        /** Makes {@code bytes} bytes from {@link #offset} available in the buffer; false at the end of the file. */
        private boolean fill(int bytes) throws IOException {
            if (available() >= bytes) {
                return true;
            }
            // move the unread rest to the front, then read more after it
            int rest = available();
            int restAt = (int) (offset - bufferStart);
            buffer.limit(restAt + rest);
            buffer.position(restAt);
            buffer.compact();
            bufferStart = offset;
            while (buffer.position() < bytes) {
                int read = channel.read(buffer, bufferStart + buffer.position());
                if (read <= 0) {
                    break;
                }
            }
            buffer.flip();
            return buffer.limit() >= bytes;
        }
    }
}
