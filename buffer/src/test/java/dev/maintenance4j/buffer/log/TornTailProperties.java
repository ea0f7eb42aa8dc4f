package dev.maintenance4j.buffer.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever byte a crash stops the last write at, recovery keeps exactly the records wholly before it. */
class TornTailProperties {

    @Property(tries = 200)
    void recoveryKeepsExactlyTheWholeRecordsBeforeTheCut(
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 300) Integer> sizes,
            @ForAll @IntRange(min = 0, max = 10_000) int cutSeed,
            @ForAll byte garbage,
            @ForAll boolean preallocate)
            throws IOException {
        Path dir = Files.createTempDirectory("torn");
        try {
            List<Long> ends = new ArrayList<>();
            long end = 0;
            try (SegmentedLog log = SegmentedLog.open(dir, 64 * 1024, 4096, () -> 1L, preallocate)) {
                for (int i = 0; i < sizes.size(); i++) {
                    byte[] payload = new byte[sizes.get(i)];
                    Arrays.fill(payload, (byte) i);
                    log.append(payload);
                    end += Frames.frameBytes(payload.length);
                    ends.add(end);
                }
            }
            Path segment;
            try (Stream<Path> files = Files.list(dir)) {
                segment = files.filter(p -> p.toString().endsWith(".log"))
                        .findFirst()
                        .orElseThrow();
            }
            if (preallocate) {
                assertThat(Files.size(segment)).as("zeros after the records").isGreaterThan(end);
            }
            long cut = cutSeed % (end + 1);
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
                byte replaced = 0;
                if (cut < end) {
                    file.seek(cut);
                    replaced = file.readByte();
                }
                file.setLength(cut);
                if (cut < end) {
                    // a crash may leave any byte where the write stopped, except the one that was meant to be there:
                    // that byte completes the record (at a record's last byte) instead of tearing it
                    file.seek(cut);
                    file.write(garbage == replaced ? ~garbage : garbage);
                }
            }
            long whole = ends.stream().filter(e -> e <= cut).count();
            try (SegmentedLog log = SegmentedLog.open(dir, 64 * 1024, 4096, () -> 1L, preallocate)) {
                assertThat(log.lastSequence()).isEqualTo(whole);
                List<LogRecord> read = new ArrayList<>();
                try (SegmentedLog.Cursor cursor = log.cursor(1)) {
                    read.addAll(cursor.next(100));
                }
                assertThat(read).hasSize((int) whole);
                for (int i = 0; i < read.size(); i++) {
                    assertThat(read.get(i).sequence()).isEqualTo(i + 1);
                    assertThat(read.get(i).payload()).hasSize(sizes.get(i));
                    byte expected = (byte) i;
                    for (byte b : read.get(i).payload()) {
                        assertThat(b).isEqualTo(expected);
                    }
                }
                assertThat(log.append(new byte[] {42})).isEqualTo(whole + 1);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The sample CI drew once: the cut one byte before the second record's end, and the drawn byte equal to the missing one. */
    @Example
    void aCutAtARecordsLastByteTearsItWhateverByteWasDrawn() throws IOException {
        recoveryKeepsExactlyTheWholeRecordsBeforeTheCut(
                List.of(28, 37, 67, 228, 7, 286, 78, 9, 8), 3007, (byte) 1, false);
    }
}
