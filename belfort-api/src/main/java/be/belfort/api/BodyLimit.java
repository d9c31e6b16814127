package be.belfort.api;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.eclipse.jetty.http.BadMessageException;

import java.io.IOException;

/**
 * The one body-size limit, whatever the transfer encoding: a declared Content-Length over the limit is
 * refused before anything is read (so {@code Expect: 100-continue} gets no {@code 100 Continue}), and a
 * chunked body is counted while it is read and refused as soon as it passes the limit, so that no more
 * than the limit is ever buffered. A body that is not valid HTTP (a malformed chunk size) is a 400.
 */
final class BodyLimit implements Filter {
    private final long maxBytes;

    BodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(new LimitedRequest((HttpServletRequest) request, maxBytes), response);
    }

    static NgsiLdException tooLarge(long maxBytes) {
        return new NgsiLdException(ErrorType.PAYLOAD_TOO_LARGE, "The request body is larger than this platform accepts:"
                + " at most " + maxBytes + " bytes (--max-body-size), whatever the transfer encoding");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private LimitedStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                // Checked before the container's stream is asked for: asking for it sends 100 Continue.
                if (getContentLengthLong() > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                stream = new LimitedStream(super.getInputStream(), maxBytes);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        LimitedStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (read > maxBytes) {
                throw tooLarge(maxBytes);
            }
            // Never more than one byte past the limit: enough to know that the body is over it.
            int wanted = (int) Math.min(length, maxBytes + 1 - read);
            int n;
            try {
                n = in.read(buffer, offset, wanted);
            } catch (BadMessageException e) {
                throw NgsiLdException.invalidRequest("The request body is not valid HTTP: " + e.getReason());
            } catch (IOException e) {
                // The client sent a broken body or went away while sending it: its fault, not a server failure.
                String reason = e.getCause() instanceof BadMessageException bad ? bad.getReason() : e.getMessage();
                throw NgsiLdException.invalidRequest("The request body could not be read: " + reason);
            }
            if (n > 0) {
                read += n;
                if (read > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
