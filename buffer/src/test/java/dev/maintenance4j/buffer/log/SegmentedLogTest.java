package dev.maintenance4j.buffer.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {

    @TempDir
    Path dir;

    private SegmentedLog open(long segmentBytes) throws IOException {
        return SegmentedLog.open(dir, segmentBytes, 4096, System::currentTimeMillis, true);
    }

    @Test
    void recordsComeBackInOrderAcrossSegmentsAndRestarts() throws IOException {
        try (SegmentedLog log = open(1024)) {
            for (int i = 1; i <= 100; i++) {
                assertThat(log.append(bytes("record " + i))).isEqualTo(i);
            }
        }
        assertThat(segmentFiles()).as("small segments roll over").hasSizeGreaterThanOrEqualTo(3);
        try (SegmentedLog log = open(1024)) {
            assertThat(log.recovery().records()).isEqualTo(100);
            assertThat(log.recovery().truncatedBytes()).isZero();
            for (int i = 101; i <= 150; i++) {
                assertThat(log.append(bytes("record " + i))).isEqualTo(i);
            }
            assertThat(readAll(log, 1)).containsExactlyElementsOf(expected(1, 150));
            assertThat(readAll(log, 77)).containsExactlyElementsOf(expected(77, 150));
        }
    }

    @Test
    void aTornTailIsCutAndEveryWholeRecordBeforeItKept() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, 4096, System::currentTimeMillis, false)) {
            for (int i = 1; i <= 10; i++) {
                log.append(bytes("record " + i));
            }
        }
        Path segment = segmentFiles().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 3); // the last record's write was cut short by a crash
        }
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, 4096, System::currentTimeMillis, false)) {
            assertThat(log.recovery().truncatedBytes()).isPositive();
            assertThat(log.lastSequence()).isEqualTo(9);
            assertThat(readAll(log, 1)).containsExactlyElementsOf(expected(1, 9));
            assertThat(log.append(bytes("record 10 again")))
                    .as("numbering goes on after the cut")
                    .isEqualTo(10);
        }
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, 4096, System::currentTimeMillis, false)) {
            assertThat(log.recovery().truncatedBytes()).isZero();
            assertThat(readAll(log, 10)).containsExactly("record 10 again");
        }
    }

    @Test
    void aRecordWithAWrongChecksumEndsTheLastSegment() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, 4096, System::currentTimeMillis, false)) {
            for (int i = 1; i <= 5; i++) {
                log.append(bytes("record " + i));
            }
        }
        Path segment = segmentFiles().get(0);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(Files.size(segment) - 2);
            file.write('X'); // one flipped byte in the last payload
        }
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, 4096, System::currentTimeMillis, false)) {
            assertThat(readAll(log, 1)).containsExactlyElementsOf(expected(1, 4));
        }
    }

    @Test
    void garbageAfterTheLastRecordIsCut() throws IOException {
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, 4096, System::currentTimeMillis, false)) {
            log.append(bytes("only"));
        }
        Path segment = segmentFiles().get(0);
        Files.write(
                segment,
                new byte[] {
                    (byte) 0xff,
                    (byte) 0xff,
                    (byte) 0xff,
                    0x7f,
                    1,
                    2,
                    3,
                    4,
                    5,
                    6,
                    7,
                    8,
                    9,
                    10,
                    11,
                    12,
                    13,
                    14,
                    15,
                    16,
                    17,
                    18,
                    19,
                    20,
                    21,
                    22,
                    23,
                    24,
                    25
                },
                StandardOpenOption.APPEND);
        try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, 4096, System::currentTimeMillis, false)) {
            assertThat(log.recovery().truncatedBytes()).isEqualTo(29);
            assertThat(readAll(log, 1)).containsExactly("only");
        }
    }

    @Test
    void aTornRecordInAPreallocatedSegmentIsCut() throws IOException {
        long end = 0;
        try (SegmentedLog log = open(64 * 1024)) {
            for (int i = 1; i <= 5; i++) {
                log.append(bytes("record " + i));
                end += Frames.frameBytes(("record " + i).length());
            }
        }
        try (RandomAccessFile file = new RandomAccessFile(segmentFiles().get(0).toFile(), "rw")) {
            file.seek(end - 3);
            file.write(new byte[3]); // the last page of the last write never reached the disk
        }
        try (SegmentedLog log = open(64 * 1024)) {
            assertThat(log.recovery().truncatedBytes()).isPositive();
            assertThat(readAll(log, 1)).containsExactlyElementsOf(expected(1, 4));
        }
    }

    @Test
    void preallocatedZerosAreACleanEndNotDamage() throws IOException {
        try (SegmentedLog log = open(64 * 1024)) {
            assertThat(Files.size(segmentFiles().get(0)))
                    .as("the first segment is preallocated")
                    .isEqualTo(64 * 1024);
            log.append(bytes("a"));
            log.append(bytes("b"));
        }
        try (SegmentedLog log = open(64 * 1024)) {
            assertThat(log.recovery().truncatedBytes())
                    .as("zeros are not a torn tail")
                    .isZero();
            assertThat(log.recovery().records()).isEqualTo(2);
            assertThat(readAll(log, 1)).containsExactly("a", "b");
            assertThat(log.append(bytes("c"))).isEqualTo(3);
        }
        try (SegmentedLog log = open(64 * 1024)) {
            assertThat(readAll(log, 1)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void sealedSegmentsEndWithTheirLastRecordAndRollsUseTheSpare() throws IOException {
        try (SegmentedLog log = open(2048)) {
            for (int i = 1; i <= 200; i++) {
                log.append(bytes("record " + i));
            }
            List<Path> files = segmentFiles();
            assertThat(files).hasSizeGreaterThan(3);
            for (Path sealed : files.subList(0, files.size() - 1)) {
                assertThat(Files.size(sealed))
                        .as("sealed %s holds only frames", sealed)
                        .isLessThanOrEqualTo(2048);
            }
        }
        try (SegmentedLog log = open(2048)) {
            assertThat(log.recovery().damagedSegments()).isZero();
            assertThat(readAll(log, 1)).containsExactlyElementsOf(expected(1, 200));
        }
    }

    @Test
    void appendsFromManyThreadsGetUniqueGaplessSequences() throws Exception {
        Set<Long> sequences = ConcurrentHashMap.newKeySet();
        try (SegmentedLog log = open(64 * 1024)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        long sequence = log.append(bytes(thread + ":" + i));
                        assertThat(sequences.add(sequence)).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(sequences).hasSize(3200);
            assertThat(sequences.stream().mapToLong(Long::longValue).max().orElseThrow())
                    .isEqualTo(3200);
        }
        try (SegmentedLog log = open(64 * 1024)) {
            List<String> all = readAll(log, 1);
            assertThat(all).hasSize(3200).doesNotHaveDuplicates();
            for (int t = 0; t < 16; t++) {
                String prefix = t + ":";
                List<String> ofThread =
                        all.stream().filter(s -> s.startsWith(prefix)).toList();
                assertThat(ofThread)
                        .as("each thread's appends in its order")
                        .isEqualTo(IntStream.range(0, 200)
                                .mapToObj(i -> prefix + i)
                                .toList());
            }
        }
    }

    @Test
    void deletingDoneRecordsRemovesWholeSegmentsAndKeepsTheNumbering() throws IOException {
        try (SegmentedLog log = open(1024)) {
            for (int i = 1; i <= 110; i++) {
                log.append(bytes("record " + i));
            }
            int before = segmentFiles().size();
            long secondSegment = log.firstSequence() + 1;
            while (!Files.exists(dir.resolve(String.format("%020d.log", secondSegment)))) {
                secondSegment++;
            }
            log.deleteThrough(secondSegment - 2);
            assertThat(segmentFiles())
                    .as("a segment with a record not done yet stays")
                    .hasSize(before);
            log.deleteThrough(secondSegment - 1);
            assertThat(segmentFiles()).hasSize(before - 1);
            assertThat(log.firstSequence()).isEqualTo(secondSegment);
            assertThat(readAll(log, secondSegment)).containsExactlyElementsOf(expected((int) secondSegment, 110));
            log.deleteThrough(110);
            assertThat(segmentFiles())
                    .as("everything done: one new, empty segment")
                    .hasSize(1);
            assertThat(log.sizeBytes()).isZero();
            log.append(bytes("record 111"));
            log.deleteThrough(111);
            assertThat(log.sizeBytes())
                    .as("a trickle drained at once does not roll a segment each time")
                    .isPositive();
            assertThat(segmentFiles()).hasSize(1);
        }
        try (SegmentedLog log = open(1024)) {
            assertThat(log.lastSequence()).isEqualTo(111);
            assertThat(log.append(bytes("next"))).isEqualTo(112);
        }
    }

    @Test
    void aPayloadOverTheLimitIsRefusedAndNothingWritten() throws IOException {
        try (SegmentedLog log = open(1 << 20)) {
            assertThatThrownBy(() -> log.append(new byte[4097])).isInstanceOf(IllegalArgumentException.class);
            assertThat(log.lastSequence()).isZero();
            assertThat(log.sizeBytes()).isZero();
        }
    }

    @Test
    void aCursorSeesRecordsAppendedAfterItWasOpened() throws IOException {
        try (SegmentedLog log = open(1024);
                SegmentedLog.Cursor cursor = log.cursor(1)) {
            assertThat(cursor.next(10)).isEmpty();
            log.append(bytes("a"));
            assertThat(cursor.peek()).isNotNull();
            assertThat(cursor.next(10))
                    .extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .containsExactly("a");
            for (int i = 0; i < 50; i++) {
                log.append(bytes("b" + i));
            }
            assertThat(cursor.next(100)).hasSize(50);
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    static List<String> readAll(SegmentedLog log, long from) throws IOException {
        List<String> out = new ArrayList<>();
        try (SegmentedLog.Cursor cursor = log.cursor(from)) {
            List<LogRecord> batch;
            while (!(batch = cursor.next(64)).isEmpty()) {
                for (LogRecord r : batch) {
                    out.add(new String(r.payload(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add("record " + i);
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
