package be.belfort.opendata;

import java.time.Instant;
import java.util.List;

/**
 * What the page closing learnt of the settled members after a dataset's last closed page: how many there are before
 * {@code until}, and when the first of them was written.
 *
 * <p>Why: the members of one type are found among the history rows of every type of the tenant, in commit order. A
 * stream whose type changes seldom in a tenant whose other types change often (a private sensor type beside an open
 * one) would otherwise scan every row written since its last closed page on every run, twice (the members, then the
 * count), and that tail grows with every write of the other types until the page fills. Remembering what was scanned
 * makes a run scan only what was written since the previous one. Members older than the settle time are final, which
 * is what closing pages relies on already; so what was counted stays counted.
 *
 * @param after   the last member of the last closed page (null when no page is closed): the tail is valid only while
 *                that is still the last closed page
 * @param until   the members before this time of writing are counted
 * @param members how many members lie between {@code after} and {@code until}
 * @param firstAt when the first of them was written (null when there is none)
 */
record SettledTail(MemberStore.Position after, Instant until, long members, Instant firstAt) {
    /** A tail as read in full: the changes after {@code after} before {@code until}, in commit order. */
    static SettledTail of(MemberStore.Position after, Instant until, List<MemberStore.Change> changes) {
        return new SettledTail(after, until, changes.size(), changes.isEmpty() ? null : changes.get(0).position().at());
    }

    /** The tail with the members of a later span counted, the span starting at {@link #countFrom()}. */
    SettledTail plus(MemberStore.Span span, Instant spanUntil) {
        return new SettledTail(after, spanUntil.isAfter(until) ? spanUntil : until, members + span.changes(),
                firstAt != null ? firstAt : span.firstAt());
    }

    /** Where counting the members not counted yet starts (exclusive): every row written at {@code until} or later. */
    MemberStore.Position countFrom() {
        return new MemberStore.Position(until, "");
    }

    /**
     * Where a read of the members after {@code after} may start (exclusive) and find the same members: no member lies
     * between the two. Entity ids are never empty, so a position at a time with the empty id comes before every row
     * written at that time; history times have microseconds, so a microsecond before the first member is a time no
     * member was written at.
     */
    MemberStore.Position readFrom() {
        Instant nothingBefore = firstAt != null ? firstAt.minusNanos(1_000) : until;
        return after == null || nothingBefore.isAfter(after.at()) ? new MemberStore.Position(nothingBefore, "") : after;
    }
}
