package be.belfort.console;

import java.time.Duration;

/**
 * How the staff console keeps people signed in.
 *
 * @param idleTimeout a session unused this long ends; the person signs in again
 * @param lifetime    a session ends this long after sign-in, however busy
 * @param oidcClientId the console's client id at the OpenID provider ({@code --oidc-issuer}); null: keys only
 * @param oidcClientSecret its secret, or null for a public client (PKCE alone)
 */
public record ConsoleSettings(Duration idleTimeout, Duration lifetime, String oidcClientId, String oidcClientSecret) {
    public static final ConsoleSettings DEFAULT = new ConsoleSettings(Duration.ofMinutes(30), Duration.ofHours(12),
            null, null);

    public ConsoleSettings {
        if (idleTimeout.compareTo(Duration.ofMinutes(1)) < 0 || idleTimeout.compareTo(lifetime) > 0) {
            throw new IllegalArgumentException("The console's idle timeout must be at least a minute and at most the"
                    + " session lifetime, not " + idleTimeout);
        }
    }

    public ConsoleSettings withIdleTimeout(Duration idle) {
        return new ConsoleSettings(idle, lifetime, oidcClientId, oidcClientSecret);
    }

    /** The console signing people in through the OpenID provider as this client. */
    public ConsoleSettings withOidcClient(String clientId, String clientSecret) {
        return new ConsoleSettings(idleTimeout, lifetime, clientId, clientSecret);
    }
}
