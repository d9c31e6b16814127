package be.belfort.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;

/**
 * HEAD runs the GET route, so that it answers the same headers (Content-Type, ETag, Cache-Control, Vary, a
 * 304 or a 404); Jetty sends no body for a HEAD request. Javalin would otherwise answer a HEAD itself,
 * with none of the route's headers.
 */
final class HeadAsGet implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        chain.doFilter("HEAD".equals(http.getMethod()) ? new HttpServletRequestWrapper(http) {
            @Override
            public String getMethod() {
                return "GET";
            }
        } : request, response);
    }
}
