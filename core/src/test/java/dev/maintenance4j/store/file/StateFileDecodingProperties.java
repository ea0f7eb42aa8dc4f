package dev.maintenance4j.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.MaintenanceState;
import dev.maintenance4j.SafeDefault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever bytes the state file holds, reading it never throws: it is a valid state or the safe default. */
class StateFileDecodingProperties {

    private static Path dir;

    @BeforeContainer
    static void createDir() throws IOException {
        dir = Files.createTempDirectory("state-decoding");
    }

    @AfterContainer
    static void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 1000)
    void randomBytesNeverThrowOutOfTheStore(@ForAll("stateFiles") byte[] content) throws IOException {
        Path file = dir.resolve("state.json");
        Files.write(file, content);
        try (FileStateStore store =
                FileStateStore.builder(file).safeDefault(SafeDefault.CLOSED).build()) {
            MaintenanceState state = store.read();
            assertThat(state).isNotNull();
        }
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().contains(".corrupt-"))
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<byte[]> stateFiles() {
        String valid =
                "{\"format\":1,\"version\":3,\"enabled\":true,\"mode\":\"full\",\"reason\":\"r\",\"since\":\"2026-11-23T10:00:00Z\","
                        + "\"startsAt\":null,\"until\":null,\"retryAfterSeconds\":60,\"refreshSeconds\":null,\"allowed\":[\"10.0.0.0/8\"],"
                        + "\"secret\":null,\"redirect\":\"/x\",\"statusCode\":503,\"actor\":\"a\"}";
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        // mutations of a valid file reach deeper into the decoder than random bytes
        Arbitrary<byte[]> mutated = Arbitraries.integers()
                .between(0, valid.length() - 1)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .flatMap(positions -> Arbitraries.chars()
                        .with("{}[]\":,0123456789-.ntfaeZT/ \\\u0000\u00ff".toCharArray())
                        .list()
                        .ofSize(positions.size())
                        .map(chars -> {
                            char[] text = valid.toCharArray();
                            for (int i = 0; i < positions.size(); i++) {
                                text[positions.get(i)] = chars.get(i);
                            }
                            return new String(text).getBytes(StandardCharsets.UTF_8);
                        }));
        Arbitrary<byte[]> truncated = Arbitraries.integers()
                .between(0, valid.length())
                .map(n -> valid.substring(0, n).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> nested =
                Arbitraries.integers().between(1, 5000).map(n -> "[".repeat(n).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, mutated, truncated, nested);
    }
}
