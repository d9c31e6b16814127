package be.belfort.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's browser as far as the console's tests need one over plain HTTP: it keeps cookies, does not follow
 * redirects (tests look at them), and posts forms with the token the last page carried.
 */
final class ConsoleSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SIGN_IN_TOKEN = Pattern.compile("name=\"signInToken\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient client;
    private String csrf;

    ConsoleSession(int port) {
        this.base = "http://localhost:" + port;
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs in with the key, asking to come back to {@code returnTo}; the answer is the sign-in post's. */
    HttpResponse<String> signIn(String key, String returnTo) {
        HttpResponse<String> page = get("/console/sign-in");
        Matcher token = SIGN_IN_TOKEN.matcher(page.body());
        if (!token.find()) {
            throw new IllegalStateException("No sign-in form: " + page.body());
        }
        return post("/console/sign-in", List.of("signInToken", token.group(1), "key", key, "return", returnTo));
    }

    HttpResponse<String> get(String path) {
        return get(URI.create(base + path));
    }

    /** A GET of any URL (such as an OpenID provider's), with this browser's cookies. */
    HttpResponse<String> get(URI url) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(url).GET());
        Matcher token = CSRF.matcher(answer.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return answer;
    }

    /** Posts a form with the token of the last page seen. */
    HttpResponse<String> submit(String path, String... fields) {
        List<String> all = new ArrayList<>(List.of(fields));
        all.add("csrf");
        all.add(csrf);
        return post(path, all);
    }

    /** Posts a form exactly as given (no token added). */
    HttpResponse<String> post(String path, List<String> fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(encode(fields.get(i))).append('=').append(encode(fields.get(i + 1)));
        }
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.header("Accept-Language", "nl-BE").timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
