package be.belfort.api;

import be.belfort.opendata.Catalog;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A tenant named in the query ({@code ?NGSILD-Tenant=city}) stands for the {@code NGSILD-Tenant} header, so that
 * the API URLs the catalogue publishes work as they are, from a browser's address bar or a harvester that sends
 * no headers. It becomes the header before anything reads it: access control and the routes see one tenant.
 * Named twice, in both places, is refused by {@link SingleHeaders}.
 */
final class TenantInQuery implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String[] named = fromQuery(http.getQueryString());
        chain.doFilter(named.length == 0 ? request : new WithTenant(http, named), response);
    }

    /** Read from the query string only: the request's parameters would include a form body, read unbounded. */
    private static String[] fromQuery(String query) {
        if (query == null || !query.contains(Catalog.TENANT_PARAMETER)) {
            return new String[0];
        }
        return java.util.Arrays.stream(query.split("&"))
                .filter(pair -> pair.startsWith(Catalog.TENANT_PARAMETER + "="))
                .map(pair -> decode(pair.substring(Catalog.TENANT_PARAMETER.length() + 1)))
                .toArray(String[]::new);
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static final class WithTenant extends HttpServletRequestWrapper {
        private final String[] tenants;

        WithTenant(HttpServletRequest request, String[] tenants) {
            super(request);
            this.tenants = tenants;
        }

        private boolean isTenant(String name) {
            return RequestReader.TENANT_HEADER.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            String sent = super.getHeader(name);
            return isTenant(name) && sent == null ? tenants[0] : sent;
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!isTenant(name)) {
                return super.getHeaders(name);
            }
            java.util.List<String> all = Collections.list(super.getHeaders(name));
            all.addAll(java.util.List.of(tenants));
            return Collections.enumeration(all);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.add(RequestReader.TENANT_HEADER);
            return Collections.enumeration(names);
        }
    }
}
