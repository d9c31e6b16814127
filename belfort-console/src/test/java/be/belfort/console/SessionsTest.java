package be.belfort.console;

import be.belfort.security.Principal;
import be.belfort.security.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.threeten.extra.MutableClock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionsTest {
    private final Map<String, Session> stored = new HashMap<>();
    private final Set<String> activeKeys = new HashSet<>(Set.of("k1"));
    private final MutableClock clock = MutableClock.of(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private final SessionStore store = new SessionStore() {
        @Override
        public void save(String idHash, Session session) {
            stored.put(idHash, session);
        }

        @Override
        public Optional<Session> find(String idHash) {
            return Optional.ofNullable(stored.get(idHash));
        }

        @Override
        public void touch(String idHash, Instant lastSeenAt) {
            stored.computeIfPresent(idHash, (id, session) -> session.seenAt(lastSeenAt));
        }

        @Override
        public void delete(String idHash) {
            stored.remove(idHash);
        }

        @Override
        public long removeExpired(Instant idleBefore, Instant startedBefore) {
            int before = stored.size();
            stored.values().removeIf(s -> s.lastSeenAt().isBefore(idleBefore) || s.createdAt().isBefore(startedBefore));
            return before - stored.size();
        }
    };

    private final Sessions sessions = new Sessions(store, new ConsoleSettings(Duration.ofMinutes(30), Duration.ofHours(8), null, null),
            activeKeys::contains, clock);

    @Test
    void onlyAHashOfTheSecretIsStoredAndTheSessionStandsForItsKey() {
        Sessions.Started started = sessions.start(Principal.of("k1", "gent", Role.TENANT_ADMIN));
        assertThat(stored).doesNotContainKey(started.secret()).hasSize(1);
        assertThat(sessions.resume(started.secret()).orElseThrow().principal().roleIn("gent")).isEqualTo(Role.TENANT_ADMIN);
        assertThat(sessions.resume("another")).isEmpty();
    }

    @Test
    void useKeepsASessionAliveUntilItsLifetimeButIdlenessEndsIt() {
        Sessions.Started started = sessions.start(Principal.of("k1", "gent", Role.TENANT_ADMIN));
        for (int i = 0; i < 15; i++) {
            clock.add(Duration.ofMinutes(29));
            assertThat(sessions.resume(started.secret())).as("after %d idle periods", i).isPresent();
        }
        clock.add(Duration.ofMinutes(58));
        assertThat(sessions.resume(started.secret())).as("past its lifetime").isEmpty();

        Sessions.Started idle = sessions.start(Principal.of("k1", "gent", Role.TENANT_ADMIN));
        clock.add(Duration.ofMinutes(31));
        assertThat(sessions.resume(idle.secret())).isEmpty();
        assertThat(stored).isEmpty();
    }

    @Test
    void revokingTheKeyEndsItsSessions() {
        Sessions.Started started = sessions.start(Principal.of("k1", "gent", Role.PUBLISHER));
        activeKeys.remove("k1");
        assertThat(sessions.resume(started.secret())).isEmpty();
    }

    @Test
    void aFormCarriesTheSessionsOwnToken() {
        Session session = sessions.start(Principal.of("k1", "gent", Role.PUBLISHER)).session();
        assertThat(Sessions.formTokenMatches(session, session.csrfToken())).isTrue();
        assertThat(Sessions.formTokenMatches(session, "forged")).isFalse();
        assertThat(Sessions.formTokenMatches(session, null)).isFalse();
    }
}
