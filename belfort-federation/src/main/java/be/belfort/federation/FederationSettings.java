package be.belfort.federation;

import java.time.Duration;

/**
 * What asking registered sources may cost.
 *
 * @param sourceTimeout  how long a source may take to answer completely before it counts as failed
 * @param maxAnswerBytes the largest answer read from one source; a larger one counts as failed
 */
public record FederationSettings(Duration sourceTimeout, long maxAnswerBytes) {
    public static final FederationSettings DEFAULT = new FederationSettings(Duration.ofSeconds(3), 16L * 1024 * 1024);

    public FederationSettings {
        if (sourceTimeout.isNegative() || sourceTimeout.isZero() || maxAnswerBytes <= 0) {
            throw new IllegalArgumentException("A source timeout and an answer size must be positive");
        }
    }
}
