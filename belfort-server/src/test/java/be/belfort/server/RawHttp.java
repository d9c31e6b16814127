package be.belfort.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 on a plain socket, for what java.net.http will not send: malformed chunks, a body that never
 * ends, Expect: 100-continue without a body, asterisk-form request targets.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) {
        try {
            socket = new Socket("localhost", port);
            // A server that waits for more body than the test sends answers never: the read times out.
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends text as it is (CRLFs included); false when the server has closed the connection. */
    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException closedByServer) {
            return false;
        }
    }

    /** The next answer: status line, headers and (by Content-Length) body. */
    Answer read() {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("Connection closed after: " + head);
                }
                head.write(b);
            }
            String headers = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            int status = Integer.parseInt(headers.substring(9, 12));
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Answer(int status, String headers, String body) {
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
