package be.belfort.api;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedBodyTest {
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void aBodyGzippedReadsBackAsItsBytes() throws IOException {
        for (byte[] plain : List.of(new byte[0], "{}".getBytes(StandardCharsets.UTF_8), periods(20_000), noise(300_000))) {
            RenderedBody body = new RenderedBody(plain);
            assertThat(gunzip(RenderedBody.gzip(List.of(body)))).isEqualTo(plain);
            // the second time from the piece kept with the body
            assertThat(gunzip(RenderedBody.gzip(List.of(body)))).isEqualTo(plain);
        }
    }

    @Test
    void anArrayOfBodiesGzippedFromTheirPiecesReadsBackAsTheArray() throws IOException {
        List<RenderedBody> elements = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            elements.add(new RenderedBody(i % 7 == 3 ? noise(random.nextInt(40_000)) : periods(random.nextInt(2_000))));
        }
        byte[] array = RenderedBody.array(elements);
        assertThat(array[0]).isEqualTo((byte) '[');
        assertThat(array[array.length - 1]).isEqualTo((byte) ']');
        assertThat(gunzip(RenderedBody.gzip(RenderedBody.arrayParts(elements)))).isEqualTo(array);

        // the same kept elements in another page, in another order
        List<RenderedBody> other = new ArrayList<>(elements.subList(10, 25).reversed());
        assertThat(gunzip(RenderedBody.gzip(RenderedBody.arrayParts(other)))).isEqualTo(RenderedBody.array(other));
        assertThat(RenderedBody.array(List.of())).asString(StandardCharsets.US_ASCII).isEqualTo("[]");
        assertThat(gunzip(RenderedBody.gzip(RenderedBody.arrayParts(List.of())))).asString(StandardCharsets.US_ASCII)
                .isEqualTo("[]");
    }

    @Test
    void aLargeBodyCompressedAndKeptIsHeldCompressedAndStillAnswersBothWays() throws IOException {
        byte[] year = periods(10_000);
        assertThat(year.length).isGreaterThanOrEqualTo(RenderedBody.HELD_COMPRESSED_FROM);
        RenderedBody body = new RenderedBody(year).compressed();
        long held = body.keep();
        // held as its compressed piece: a fraction of the bytes, counted in full
        assertThat(held).isLessThan(year.length / 3).isGreaterThan(RenderedBody.gzip(List.of(body)).length - 20L);
        assertThat(body.plain()).isEqualTo(year);
        assertThat(body.length()).isEqualTo(year.length);
        assertThat(gunzip(RenderedBody.gzip(List.of(body)))).isEqualTo(year);
        // as an element of a page, between small bodies that are not held compressed
        List<RenderedBody> page = List.of(body("{\"a\":1}"), body, new RenderedBody(periods(30)));
        assertThat(gunzip(RenderedBody.gzip(RenderedBody.arrayParts(page)))).isEqualTo(RenderedBody.array(page));
        assertThat(new String(RenderedBody.array(page), StandardCharsets.UTF_8)).startsWith("[{\"a\":1},{\"avg\":[");
    }

    @Test
    void aSmallBodyOrOneNotCompressedStaysAsItIsWithRoomForItsCompressedPiece() throws IOException {
        for (byte[] plain : List.of(periods(30), periods(10_000))) {
            RenderedBody body = new RenderedBody(plain);
            assertThat(body.keep()).isGreaterThanOrEqualTo(plain.length + plain.length / 2);
            assertThat(body.plain()).isSameAs(plain);
            assertThat(gunzip(RenderedBody.gzip(List.of(body)))).isEqualTo(plain);
            assertThat(body.plain()).as("still plain after a gzip client").isSameAs(plain);
        }
        byte[] entity = periods(30);
        RenderedBody small = new RenderedBody(entity).compressed();
        small.keep();
        assertThat(small.plain()).as("a small body compressed stays plain too").isSameAs(entity);
    }

    @Test
    void checksumsCombineAsTheChecksumOfTheJoinedBytes() {
        for (int i = 0; i < 200; i++) {
            byte[] first = noise(random.nextInt(i < 20 ? 3 : 5_000));
            byte[] second = noise(random.nextInt(i < 20 ? 3 : 70_000));
            CRC32 joined = new CRC32();
            joined.update(first);
            joined.update(second);
            assertThat(Crc32.combine(crc(first), crc(second), second.length)).isEqualTo((int) joined.getValue());
        }
    }

    private static int crc(byte[] bytes) {
        CRC32 checksum = new CRC32();
        checksum.update(bytes);
        return (int) checksum.getValue();
    }

    @Test
    void theArrayIsTheElementsBetweenBracketsAndCommas() {
        List<RenderedBody> elements = List.of(body("{\"a\":1}"), body("2"), body("\"x\""));
        assertThat(RenderedBody.array(elements)).asString(StandardCharsets.UTF_8).isEqualTo("[{\"a\":1},2,\"x\"]");
    }

    @Test
    void gzipIsSentWhereTheClientAcceptsIt() {
        assertThat(ResponseWriter.acceptsGzip(List.of("gzip"))).isTrue();
        assertThat(ResponseWriter.acceptsGzip(List.of("GZIP"))).isTrue();
        assertThat(ResponseWriter.acceptsGzip(List.of("deflate, gzip;q=0.5"))).isTrue();
        assertThat(ResponseWriter.acceptsGzip(List.of("br", "gzip"))).isTrue();
        assertThat(ResponseWriter.acceptsGzip(List.of("br;q=1, *;q=0.1"))).isTrue();
        assertThat(ResponseWriter.acceptsGzip(List.of())).isFalse();
        assertThat(ResponseWriter.acceptsGzip(List.of("identity"))).isFalse();
        assertThat(ResponseWriter.acceptsGzip(List.of("gzip;q=0"))).isFalse();
        assertThat(ResponseWriter.acceptsGzip(List.of("gzip;q=0.0, identity"))).isFalse();
        assertThat(ResponseWriter.acceptsGzip(List.of("*;q=0"))).isFalse();
    }

    private static RenderedBody body(String text) {
        return new RenderedBody(text.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON as a history answer has it: repetitive, so that it compresses well. */
    private byte[] periods(int count) {
        StringBuilder text = new StringBuilder("{\"avg\":[");
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ",").append('[').append(random.nextInt(500)).append(".5,\"2026-12-04T")
                    .append(10 + i % 10).append(":00:00Z\"]");
        }
        return text.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes that do not compress, so that a piece is larger than its deflater's buffer. */
    private byte[] noise(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }
}
