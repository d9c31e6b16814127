package be.belfort.security;

import be.belfort.model.ErrorType;
import be.belfort.model.NgsiLdException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys for devices and scripts: {@code blf_<id>_<secret>}, 256 random bits of secret. Only a SHA-256
 * hash of the secret is stored (a slow hash adds nothing against 256-bit secrets) and compared in constant
 * time; the key itself is shown once, when it is created.
 */
public final class ApiKeys {
    /** The id of the bootstrap admin key, set from BELFORT_ADMIN_KEY or generated at start. */
    static final String BOOTSTRAP_ID = "bootstrap";
    private static final String PREFIX = "blf_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyStore store;
    private final Clock clock;
    private final Map<String, ApiKey> cache = new ConcurrentHashMap<>();

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A key as created: what is stored, and the key itself, which is shown this once. */
    public record Created(ApiKey key, String secret) {
    }

    public Created create(String tenant, Role role, String description) {
        if (role == Role.ADMIN && tenant != null) {
            throw NgsiLdException.badData("An admin key holds in every tenant: give no tenant");
        }
        if (role != Role.ADMIN && tenant == null) {
            throw NgsiLdException.badData("A " + role.term() + " key needs a tenant");
        }
        String id = HexFormat.of().formatHex(random(8));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        ApiKey key = new ApiKey(id, hash(secret), tenant, role, description, now(), null);
        store.save(key);
        return new Created(key, PREFIX + id + "_" + secret);
    }

    /**
     * Makes {@code presented} the bootstrap admin key (the operator's, from BELFORT_ADMIN_KEY), or, when
     * null, generates one; returns it. A new start replaces the previous bootstrap key.
     */
    public String bootstrapAdmin(String presented) {
        String key = presented != null ? presented
                : PREFIX + BOOTSTRAP_ID + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        if (key.length() < 16) {
            throw new IllegalArgumentException("The admin key must be at least 16 characters long");
        }
        store.save(new ApiKey(BOOTSTRAP_ID, hash(key), null, Role.ADMIN, "bootstrap admin key", now(), null));
        cache.remove(BOOTSTRAP_ID);
        return key;
    }

    /** The principal a key stands for; 401 for a key that is unknown, malformed or revoked. */
    public Principal authenticate(String presented) {
        String id;
        String secret;
        if (presented.startsWith(PREFIX) && presented.indexOf('_', PREFIX.length()) > 0
                && !presented.startsWith(PREFIX + BOOTSTRAP_ID + "_")) {
            int separator = presented.indexOf('_', PREFIX.length());
            id = presented.substring(PREFIX.length(), separator);
            secret = presented.substring(separator + 1);
        } else {
            id = BOOTSTRAP_ID;
            secret = presented;
        }
        ApiKey key = cache.computeIfAbsent(id, k -> store.find(k).orElse(null));
        if (key == null || key.isRevoked()
                || !MessageDigest.isEqual(key.secretHash().getBytes(StandardCharsets.US_ASCII),
                hash(secret).getBytes(StandardCharsets.US_ASCII))) {
            throw new NgsiLdException(ErrorType.UNAUTHORIZED, "The API key is not valid");
        }
        return key.principal();
    }

    /** True when the key exists and is not revoked (looked up once, then from memory). */
    public boolean isActive(String id) {
        if (id == null) {
            return false;
        }
        ApiKey key = cache.computeIfAbsent(id, k -> store.find(k).orElse(null));
        return key != null && !key.isRevoked();
    }

    public List<ApiKey> list(String tenant) {
        return store.list(tenant);
    }

    public Optional<ApiKey> find(String id) {
        return store.find(id);
    }

    public void revoke(String id) {
        if (!store.revoke(id, now())) {
            throw NgsiLdException.notFound("No API key " + id);
        }
        cache.remove(id);
    }

    /** Forgets what is known of one key, so that its next use reads it again (another node changed it). */
    public void forget(String id) {
        cache.remove(id);
    }

    /** Forgets every key read so far (changes made elsewhere may have gone unheard). */
    public void forgetAll() {
        cache.clear();
    }

    private Instant now() {
        return clock.instant();
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
