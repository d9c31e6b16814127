package be.belfort.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

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
 * joining their pieces ({@link #gzip(List)}).
 */
public final class RenderedBody {
    private static final RenderedBody OPEN = new RenderedBody("[".getBytes(StandardCharsets.US_ASCII));
    private static final RenderedBody BETWEEN = new RenderedBody(",".getBytes(StandardCharsets.US_ASCII));
    private static final RenderedBody CLOSE = new RenderedBody("]".getBytes(StandardCharsets.US_ASCII));
    /** ID1, ID2, deflate, no flags, no modification time, no extra flags, unknown operating system. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** A final block of fixed codes holding only its end: what ends a deflate stream after a sync flush. */
    private static final byte[] FINAL_BLOCK = {0x03, 0x00};

    private final byte[] plain;
    private volatile byte[] deflated;

    public RenderedBody(byte[] plain) {
        this.plain = plain;
    }

    /** The bytes as rendered. */
    public byte[] plain() {
        return plain;
    }

    /** The JSON array of the elements, each already rendered: the same bytes as rendering the array. */
    public static byte[] array(List<RenderedBody> elements) {
        int length = 2 + Math.max(0, elements.size() - 1);
        for (RenderedBody element : elements) {
            length += element.plain.length;
        }
        byte[] joined = new byte[length];
        joined[0] = '[';
        int at = 1;
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                joined[at++] = ',';
            }
            System.arraycopy(elements.get(i).plain, 0, joined, at, elements.get(i).plain.length);
            at += elements.get(i).plain.length;
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
     * One gzip member (RFC 1952) of the bodies' bytes one after the other, from their compressed pieces (each made once
     * per body); only the checksum is computed over the bytes again, which takes a fraction of a millisecond per
     * megabyte.
     */
    static byte[] gzip(List<RenderedBody> bodies) {
        CRC32 checksum = new CRC32();
        long length = 0;
        int compressed = GZIP_HEADER.length + FINAL_BLOCK.length + 8;
        List<byte[]> pieces = new ArrayList<>(bodies.size());
        for (RenderedBody body : bodies) {
            checksum.update(body.plain);
            length += body.plain.length;
            byte[] piece = body.deflated();
            pieces.add(piece);
            compressed += piece.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed);
        out.writeBytes(GZIP_HEADER);
        pieces.forEach(out::writeBytes);
        out.writeBytes(FINAL_BLOCK);
        writeLittleEndian(out, (int) checksum.getValue());
        writeLittleEndian(out, (int) length);
        return out.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, int value) {
        for (int shift = 0; shift < 32; shift += 8) {
            out.write(value >>> shift);
        }
    }

    /**
     * The bytes compressed as a piece of a deflate stream that ends on a byte boundary and leaves the stream open. Two
     * responses asking at once may both compress; both get the same bytes and the last one is kept.
     */
    byte[] deflated() {
        byte[] kept = deflated;
        if (kept == null) {
            kept = deflate(plain);
            deflated = kept;
        }
        return kept;
    }

    private static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
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
}
