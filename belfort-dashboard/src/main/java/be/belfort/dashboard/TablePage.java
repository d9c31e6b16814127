package be.belfort.dashboard;

import java.util.List;

/**
 * One page of a layer's table: the map's accessible alternative lists a layer {@link #SIZE} rows at a time, in id
 * order (stable from page to page), with links to the first, previous, next and last page.
 *
 * @param number the page, from 1
 * @param pages  how many pages the layer has (1 for an empty layer)
 */
public record TablePage(List<CityMap.Row> rows, int number, int pages, int first, int total) {
    /** Rows per page: enough to scan, few enough that the city page stays small with 10,000 entities per layer. */
    public static final int SIZE = 100;

    /** A page that is not one of the layer's: {@code pages} says how many there are. */
    public static final class OutOfRange extends RuntimeException {
        private final int pages;

        OutOfRange(String detail, int pages) {
            super(detail);
            this.pages = pages;
        }

        public int pages() {
            return pages;
        }
    }

    /**
     * @param all   the layer's rows, in id order
     * @param asked the page asked for as written in the link ({@code null} for the first)
     * @throws OutOfRange when it is not a whole number from 1 to the last page
     */
    public static TablePage of(List<CityMap.Row> all, String asked, int size) {
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int number;
        try {
            number = asked == null ? 1 : Integer.parseInt(asked.trim());
        } catch (NumberFormatException notANumber) {
            throw new OutOfRange("page is a whole number from 1 to " + pages + ", not '" + asked + "'", pages);
        }
        if (number < 1 || number > pages) {
            throw new OutOfRange("page is a whole number from 1 to " + pages + ", not " + number, pages);
        }
        int first = (number - 1) * size;
        return new TablePage(all.subList(first, Math.min(all.size(), first + size)), number, pages, first, all.size());
    }

    /** The number of the first row shown, from 1 (0 for an empty layer). */
    public int from() {
        return rows.isEmpty() ? 0 : first + 1;
    }

    /** The number of the last row shown. */
    public int to() {
        return first + rows.size();
    }

    public boolean hasPrevious() {
        return number > 1;
    }

    public boolean hasNext() {
        return number < pages;
    }
}
