package dev.maintenance4j.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffer on a real, small, full disk (a 32 MiB tmpfs; mounting it needs root, as CI runs): appends
 * are refused while it is full, the failure shows in the stats, draining frees the drained segments,
 * and appends work again by themselves once there is room. No acknowledged record is lost or doubled.
 */
class WriteBufferDiskFullIT {

    @TempDir
    Path parent;

    private Path disk;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        disk = Files.createDirectories(parent.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!mount.waitFor(30, TimeUnit.SECONDS) || mount.exitValue() != 0) {
            fail("this test mounts a 32 MiB tmpfs to fill, which needs root (as CI runs); mount said: "
                    + output.strip());
        }
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void aFullDiskRefusesAppendsReportsItAndRecoversOnceDrainedSegmentsAreDeleted() throws Exception {
        List<String> acknowledged = new ArrayList<>();
        List<String> applied = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = WriteBuffer.builder(disk.resolve("buffer"))
                .segmentBytes(256 * 1024)
                .batchSize(64)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build()) {
            byte[] filler = new byte[8 * 1024];
            IOException full = null;
            for (int i = 0; i < 10_000 && full == null; i++) {
                String key = "r-" + i;
                try {
                    buffer.append(key, payload(key, filler));
                    acknowledged.add(key);
                } catch (IOException e) {
                    full = e;
                }
            }
            assertThat(full).as("the disk filled up").isNotNull();
            assertThat(acknowledged).isNotEmpty();
            assertThat(buffer.stats().failure()).as("the failure is reported").isNotNull();

            // replaying what was accepted deletes the drained segments: the disk has room again
            buffer.drain(record -> applied.add(record.idempotencyKey())).get(30, TimeUnit.SECONDS);
            assertThat(applied).containsExactlyElementsOf(acknowledged);

            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        buffer.append("after-" + acknowledged.size(), payload("after", filler));
                    });
            acknowledged.add("after-" + acknowledged.size());
            assertThat(buffer.stats().failure())
                    .as("recovered without a restart")
                    .isNull();
        }
        // reopened: the one record appended after recovery is pending, nothing acknowledged is lost or applied twice
        List<String> replayed = Collections.synchronizedList(new ArrayList<>());
        try (WriteBuffer buffer = WriteBuffer.builder(disk.resolve("buffer"))
                .segmentBytes(256 * 1024)
                .build()) {
            buffer.drain(record -> replayed.add(record.idempotencyKey())).get(30, TimeUnit.SECONDS);
        }
        assertThat(replayed).containsExactly(acknowledged.get(acknowledged.size() - 1));
    }

    private static byte[] payload(String key, byte[] filler) {
        byte[] bytes = new byte[filler.length + key.length()];
        System.arraycopy(key.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, key.length());
        return bytes;
    }
}
