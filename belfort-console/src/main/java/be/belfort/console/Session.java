package be.belfort.console;

import be.belfort.security.Principal;
import be.belfort.security.Role;

import java.time.Instant;
import java.util.Map;

/**
 * A person signed in to the console: whom they stand for (as the API would see their key or token), the token
 * every form they post must carry, and when they signed in and were last seen.
 *
 * @param idToken the ID token the OpenID provider signed the person in with (to end their session there too),
 *                or null for a sign-in with an API key
 */
public record Session(String principalId, boolean admin, Map<String, Role> roles, String csrfToken, Instant createdAt,
                      Instant lastSeenAt, String idToken) {
    public Session {
        roles = Map.copyOf(roles);
    }

    public Principal principal() {
        return new Principal(principalId, admin, roles);
    }

    Session seenAt(Instant at) {
        return new Session(principalId, admin, roles, csrfToken, createdAt, at, idToken);
    }
}
