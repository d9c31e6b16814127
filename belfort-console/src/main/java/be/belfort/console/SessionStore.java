package be.belfort.console;

import java.time.Instant;
import java.util.Optional;

/** Where sessions live, keyed by a hash of their secret. Implemented at the edge (PostgreSQL). */
public interface SessionStore {

    void save(String idHash, Session session);

    Optional<Session> find(String idHash);

    void touch(String idHash, Instant lastSeenAt);

    void delete(String idHash);

    /** Removes the sessions last seen before {@code idleBefore} or started before {@code startedBefore}; returns how many. */
    long removeExpired(Instant idleBefore, Instant startedBefore);
}
