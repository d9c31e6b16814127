package be.belfort.opendata;

import be.belfort.model.History;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where event-stream members come from (the history) and where closed pages are kept. Implemented in PostgreSQL. */
public interface MemberStore {

    /** Where a member sits in commit order: its time of writing, then its entity id. */
    record Position(Instant at, String entityId) implements Comparable<Position> {
        @Override
        public int compareTo(Position other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : entityId.compareTo(other.entityId);
        }
    }

    /** One committed change of one entity: the attribute instances it wrote (deletions included). */
    record Change(Position position, List<History.Written> written) {
    }

    /** A closed page: its number, first and last member, and its members' triples as N-Quads. */
    record Page(int number, Position first, Position last, int memberCount, String members) {
    }

    /**
     * The changes to entities of the type after a position (or from the start when null) and before a
     * time, in commit order, at most {@code limit} of them.
     */
    List<Change> changesAfter(String tenant, String type, Position after, Instant before, int limit);

    /**
     * Where the changes to entities of the type after a position (or from the start when null) and before a time sit,
     * in commit order, at most {@code limit} of them.
     */
    List<Position> positionsAfter(String tenant, String type, Position after, Instant before, int limit);

    /** The changes to entities of the type at these positions (those that still are), in commit order. */
    List<Change> changesAt(String tenant, String type, List<Position> positions);

    /** How many changes to entities of the type come after a position (or from the start when null), counting up to {@code limit}. */
    long countAfter(String tenant, String type, Position after, long limit);

    Optional<Page> page(String tenant, String type, int number);

    /** When an entity of the type last changed, if any exists: what the catalogue's dct:modified follows. */
    Optional<Instant> lastChange(String tenant, String type);

    /** Where a closed page sits in the stream: its number, first and last member. */
    record Bounds(int number, Position first, Position last) {
    }

    /** The bounds of the last closed page (not its members), or empty when none is. */
    Optional<Bounds> lastPage(String tenant, String type);

    /**
     * The number of the first closed page whose last member was written at {@code at} or later; the number the next
     * page closed will have when none was.
     */
    int firstPageEndingFrom(String tenant, String type, Instant at);

    void savePage(String tenant, String type, Page page);
}
