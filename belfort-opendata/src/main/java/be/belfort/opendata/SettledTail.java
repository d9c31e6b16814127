package be.belfort.opendata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the page closing learnt of the settled members after a dataset's last closed page: where each of them sits,
 * up to a time of writing.
 *
 * <p>Why: the members of one type are found among the history rows of every type of the tenant, in commit order. A
 * stream whose type changes seldom in a tenant whose other types change often (a private sensor type beside an open
 * one) would otherwise scan every row written since its last closed page on every run of the closing, twice (the
 * members, then the count), and on every request of the open page; and that tail grows with every write of the other
 * types until the page fills. Knowing where the settled members sit, a run scans only what was written since the
 * previous one, and the open page reads its settled members where they are. Members older than the settle time are
 * final, which is what closing pages relies on already; so what was found stays found.
 *
 * @param after     the last member of the last closed page (null when no page is closed): the tail is valid only while
 *                  that is still the last closed page
 * @param until     the members written before this time are found
 * @param positions where they sit, in commit order (fewer than a page)
 */
record SettledTail(MemberStore.Position after, Instant until, List<MemberStore.Position> positions) {
    SettledTail {
        positions = List.copyOf(positions);
    }

    /** A tail as read in full: the changes after {@code after} before {@code until}, in commit order. */
    static SettledTail of(MemberStore.Position after, Instant until, List<MemberStore.Change> changes) {
        return new SettledTail(after, until, changes.stream().map(MemberStore.Change::position).toList());
    }

    int members() {
        return positions.size();
    }

    /** The tail with the members found in a later span, which started at {@link #scanFrom()} and ended before {@code spanUntil}. */
    SettledTail plus(List<MemberStore.Position> found, Instant spanUntil) {
        List<MemberStore.Position> all = new ArrayList<>(positions);
        all.addAll(found);
        return new SettledTail(after, spanUntil.isAfter(until) ? spanUntil : until, all);
    }

    /**
     * Where a scan for the members not found yet starts (exclusive): every row written at {@code until} or later.
     * Entity ids are never empty, so a position at a time with the empty id comes before every row written then.
     */
    MemberStore.Position scanFrom() {
        return new MemberStore.Position(until, "");
    }
}
