package dev.maintenance4j.buffer.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.buffer.BufferedRecord;
import java.io.IOException;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile bytes where a buffered request should be: it decodes, or says it is malformed. */
class BufferedRequestProperties {

    @Property
    void bufferedRecordsDecodeOrSayTheyAreMalformed(@ForAll("payloads") byte[] payload) {
        BufferedRecord record = new BufferedRecord(1, Instant.EPOCH, "k", payload, false);
        try {
            assertThat(BufferedRequest.decode(record).method()).isNotNull();
        } catch (IOException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(b -> {
                    byte[] withFormat = new byte[b.length + 1];
                    withFormat[0] = 2;
                    System.arraycopy(b, 0, withFormat, 1, b.length);
                    return withFormat;
                }));
    }
}
