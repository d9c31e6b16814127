package be.belfort.console;

import be.belfort.security.BearerTokens;
import be.belfort.security.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Console sessions: a random 256-bit secret in the person's cookie, only its hash in the store, so that every
 * node on the database knows the session. A session ends when it has been idle too long, when it is too old,
 * when the person signs out, and when the API key it was opened with is revoked (asked at every request,
 * from the key cache every node keeps current).
 */
public final class Sessions {
    /** Seen-at times are written at most this often, so that a page view is not a write. */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore store;
    private final ConsoleSettings settings;
    private final Predicate<String> keyActive;
    private final Clock clock;

    /** @param keyActive whether an API key (by id) exists and is not revoked */
    public Sessions(SessionStore store, ConsoleSettings settings, Predicate<String> keyActive, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.keyActive = keyActive;
        this.clock = clock;
    }

    /** A session just opened, and the secret for the person's cookie (shown nowhere else). */
    public record Started(String secret, Session session) {
    }

    /** A session for a person signed in with an API key. */
    public Started start(Principal principal) {
        return start(principal, null);
    }

    /** A session for a person the OpenID provider signed in with this ID token (null for an API key). */
    public Started start(Principal principal, String idToken) {
        Instant now = clock.instant();
        String secret = random();
        Session session = new Session(principal.id(), principal.admin(), principal.roles(), random(), now, now, idToken);
        store.save(hash(secret), session);
        return new Started(secret, session);
    }

    /** The session a cookie's secret names, if it is still valid; one found expired or revoked is removed. */
    public Optional<Session> resume(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 100) {
            return Optional.empty();
        }
        String id = hash(secret);
        Optional<Session> found = store.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Instant now = clock.instant();
        boolean idle = session.lastSeenAt().plus(settings.idleTimeout()).isBefore(now);
        boolean old = session.createdAt().plus(settings.lifetime()).isBefore(now);
        boolean revoked = !session.principalId().startsWith(BearerTokens.SUBJECT_PREFIX)
                && !keyActive.test(session.principalId());
        if (idle || old || revoked) {
            store.delete(id);
            return Optional.empty();
        }
        if (session.lastSeenAt().plus(TOUCH_EVERY).isBefore(now)) {
            store.touch(id, now);
            session = session.seenAt(now);
        }
        return Optional.of(session);
    }

    public void end(String secret) {
        if (secret != null && !secret.isBlank()) {
            store.delete(hash(secret));
        }
    }

    /** True when a posted form carries the session's own token (compared in constant time). */
    public static boolean formTokenMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes expired sessions; returns how many. */
    public long removeExpired() {
        Instant now = clock.instant();
        return store.removeExpired(now.minus(settings.idleTimeout()), now.minus(settings.lifetime()));
    }

    public ConsoleSettings settings() {
        return settings;
    }

    /** A fresh random token for a form shown before sign-in. */
    public static String newFormToken() {
        return random();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
