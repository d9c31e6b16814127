package be.belfort.api;

import be.belfort.model.Keepable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An answer's bytes as {@link ResponseWriter#render rendered}, or one element of an answer's array, with their
 * compressed form made when the first client that accepts gzip asks. An answer kept in memory and asked again (a
 * history answer, an entity, each entity's part of a page of history) keeps its body in this form, so that it is
 * compressed once instead of once per response: a year of one sensor's hourly figures is 1.4 MB of JSON and 0.2 MB of
 * gzip, and compressing it took most of a response's processor time.
 *
 * <p>The compressed form is a piece of a deflate stream (RFC 1951) that ends on a byte boundary and does not end the
 * stream (a sync flush), so that the pieces of several bodies, in any order, joined and closed by an empty final block
 * are one deflate stream: the elements of a page are compressed each on its own, and a page of them is gzipped by
 * joining their pieces ({@link #gzip(List)}), their checksums combined without reading their bytes again.
 *
 * <p>A large body first asked for by a client that accepts gzip (a browser: a dashboard's chart of a sensor's year) is
 * compressed at once ({@link #compressed}) and, once kept for many responses ({@link #keep}), held compressed only: a
 * year of hourly figures takes 0.2 MB of memory instead of 1.5 MB, so that seven times as many fit in the memory given
 * to kept answers. A client that does not accept gzip then gets it inflated, which costs a few milliseconds, where
 * computing it again would cost tens. A large body first asked for plain stays plain: compressing it for nobody would
 * cost its client more than the computation.
 */
public final class RenderedBody implements Keepable {
    /** Bodies from this size on are held compressed only once kept: what a history answer of a month or more is. */
    static final int HELD_COMPRESSED_FROM = 64 * 1024;
    /** The object, its arrays' headers and the compressed piece's record. */
    private static final int OVERHEAD_BYTES = 96;
    /**
     * zlib's level 5 rather than its default 6: on a year of one sensor's hourly figures (1.4 MB) it took 13.3 ms against
     * 22.7 ms for 2.5 % fewer bytes, and on the hundred parts of a page of history 6.2 ms against 7.5 ms for 0.4 % more.
     * Level 4 was faster still, but gave 47 % more bytes on a whole page; level 7 took twice as long.
     */
    private static final int LEVEL = 5;
    private static final RenderedBody OPEN = new RenderedBody("[".getBytes(StandardCharsets.US_ASCII));
    private static final RenderedBody BETWEEN = new RenderedBody(",".getBytes(StandardCharsets.US_ASCII));
    private static final RenderedBody CLOSE = new RenderedBody("]".getBytes(StandardCharsets.US_ASCII));
    /** ID1, ID2, deflate, no flags, no modification time, no extra flags, unknown operating system. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** A final block of fixed codes holding only its end: what ends a deflate stream after a sync flush. */
    private static final byte[] FINAL_BLOCK = {0x03, 0x00};

    private final int length;
    /** The bytes as rendered; null once the body is held compressed only. */
    private volatile byte[] plain;
    private volatile Deflated deflated;

    /** The compressed piece of a body and the CRC-32 of its bytes, which a gzip member of several bodies combines. */
    private record Deflated(byte[] piece, int checksum) {
    }

    public RenderedBody(byte[] plain) {
        this.plain = plain;
        this.length = plain.length;
    }

    /** The bytes as rendered (inflated again where the body is held compressed only). */
    public byte[] plain() {
        byte[] bytes = plain;
        return bytes != null ? bytes : inflate(deflated.piece(), length);
    }

    /** How many bytes the body has as rendered. */
    public int length() {
        return length;
    }

    /** Compressed now, for a client that is about to get it gzipped (see {@link #keep}). */
    public RenderedBody compressed() {
        deflated();
        return this;
    }

    /**
     * Kept for many responses: a body of {@link #HELD_COMPRESSED_FROM} or more that is already compressed is held
     * compressed only from now on. Any other stays as it is, with room counted for the compressed piece that the first
     * client asking for gzip adds (JSON compresses to a third or less: half is counted).
     */
    @Override
    public long keep() {
        Deflated compressed = deflated;
        if (length >= HELD_COMPRESSED_FROM && compressed != null) {
            plain = null;
            return OVERHEAD_BYTES + compressed.piece().length;
        }
        return OVERHEAD_BYTES + length + length / 2;
    }

    /** The JSON array of the elements, each already rendered: the same bytes as rendering the array. */
    public static byte[] array(List<RenderedBody> elements) {
        int arrayLength = 2 + Math.max(0, elements.size() - 1);
        for (RenderedBody element : elements) {
            arrayLength += element.length;
        }
        byte[] joined = new byte[arrayLength];
        joined[0] = '[';
        int at = 1;
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                joined[at++] = ',';
            }
            byte[] element = elements.get(i).plain();
            System.arraycopy(element, 0, joined, at, element.length);
            at += element.length;
        }
        joined[at] = ']';
        return joined;
    }

    /** The bodies of {@link #array} in order, brackets and commas included, for {@link #gzip(List)}. */
    static List<RenderedBody> arrayParts(List<RenderedBody> elements) {
        List<RenderedBody> parts = new ArrayList<>(elements.size() * 2 + 1);
        parts.add(OPEN);
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                parts.add(BETWEEN);
            }
            parts.add(elements.get(i));
        }
        parts.add(CLOSE);
        return parts;
    }

    /**
     * One gzip member (RFC 1952) of the bodies' bytes one after the other, from their compressed pieces and checksums
     * (each made once per body): none of the bodies' bytes is read again.
     */
    static byte[] gzip(List<RenderedBody> bodies) {
        int checksum = 0;
        long total = 0;
        int compressed = GZIP_HEADER.length + FINAL_BLOCK.length + 8;
        List<byte[]> pieces = new ArrayList<>(bodies.size());
        for (RenderedBody body : bodies) {
            Deflated piece = body.deflated();
            checksum = Crc32.combine(checksum, piece.checksum(), body.length);
            total += body.length;
            pieces.add(piece.piece());
            compressed += piece.piece().length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed);
        out.writeBytes(GZIP_HEADER);
        pieces.forEach(out::writeBytes);
        out.writeBytes(FINAL_BLOCK);
        writeLittleEndian(out, checksum);
        writeLittleEndian(out, (int) total);
        return out.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, int value) {
        for (int shift = 0; shift < 32; shift += 8) {
            out.write(value >>> shift);
        }
    }

    /**
     * The bytes compressed as a piece of a deflate stream that ends on a byte boundary and leaves the stream open, with
     * their checksum. Two responses asking at once may both compress; both get the same bytes and the last one is kept.
     */
    private Deflated deflated() {
        Deflated kept = deflated;
        if (kept == null) {
            byte[] bytes = plain;
            if (bytes == null) {
                // held compressed since the look above: the piece was kept before the bytes went
                return deflated;
            }
            CRC32 checksum = new CRC32();
            checksum.update(bytes);
            kept = new Deflated(deflate(bytes), (int) checksum.getValue());
            deflated = kept;
        }
        return kept;
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            deflater.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
            byte[] buffer = new byte[16384];
            int written;
            // a sync flush that fills the buffer may have more to give: ask again until it leaves room
            do {
                written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, written);
            } while (written == buffer.length);
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] piece, int length) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(piece);
            byte[] bytes = new byte[length];
            int at = 0;
            while (at < length) {
                int read = inflater.inflate(bytes, at, length - at);
                if (read == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("A kept compressed body ended after " + at + " of " + length + " bytes");
                }
                at += read;
            }
            return bytes;
        } catch (DataFormatException e) {
            throw new IllegalStateException("A kept compressed body does not inflate", e);
        } finally {
            inflater.end();
        }
    }
}
