package io.playvoxbridge.source.eightbyeight;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the reading of one detailed report stands: the cursor paging of
 * {@code GET /detailed-reports/{id}/data?size=N&lastDocumentId=...} (api-facts 4.2,
 * https://developer.8x8.com/analytics/docs/cc-historical-analytics-detailed-report). The first request carries no
 * {@code lastDocumentId}; each answer names the next one in its {@value EightByEightApi#CURSOR_HEADER} header.
 * Reading ends at an empty page or a page without the header (assumed, see {@link EightByEightApi}); a short page
 * does not end it, so a vendor that returns short pages mid-stream loses nothing.
 *
 * <p>Immutable: {@link #next} returns the following state, so a state can be kept as an exchange property and a
 * failed page request retried from the same state.
 *
 * @param pageSize       rows asked per page, 1-{@value EightByEightApi#MAX_PAGE_SIZE}
 * @param lastDocumentId the cursor for the next request, or null for the first
 * @param pages          pages read so far
 * @param rows           rows read so far
 * @param done           whether the last page has been read
 */
public record EightByEightCursor(int pageSize, String lastDocumentId, int pages, long rows, boolean done) {

    /** @throws IllegalArgumentException if the page size is out of 1-1000 or a count is negative */
    public EightByEightCursor {
        if (pageSize < 1 || pageSize > EightByEightApi.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be 1-" + EightByEightApi.MAX_PAGE_SIZE + ": " + pageSize);
        }
        if (pages < 0 || rows < 0) {
            throw new IllegalArgumentException("pages and rows must be >= 0");
        }
    }

    /**
     * @param pageSize rows per page, 1-1000
     * @return the state before the first page
     */
    public static EightByEightCursor first(int pageSize) {
        return new EightByEightCursor(pageSize, null, 0, 0, false);
    }

    /**
     * @return the query string of the next page request: {@code size=100} first, then
     *         {@code size=100&lastDocumentId=<URL-encoded cursor>}
     * @throws IllegalStateException if the reading is done
     */
    public String query() {
        if (done) {
            throw new IllegalStateException("the report has been read to its end (" + pages + " pages, " + rows + " rows)");
        }
        String query = "size=" + pageSize;
        return lastDocumentId == null ? query
                : query + "&" + EightByEightApi.CURSOR_HEADER + "="
                        + URLEncoder.encode(lastDocumentId, StandardCharsets.UTF_8);
    }

    /**
     * The state after a page was read.
     *
     * @param rowsOnPage   how many rows the page held
     * @param cursorHeader the page's {@value EightByEightApi#CURSOR_HEADER} header, or null when absent
     * @return the next state: done when the page was empty or had no (or a blank) header
     * @throws IllegalStateException if the reading is already done, or the page repeats the cursor it was asked with
     *                               (8x8 would otherwise be read in a loop forever)
     */
    public EightByEightCursor next(int rowsOnPage, String cursorHeader) {
        if (done) {
            throw new IllegalStateException("the report has been read to its end");
        }
        if (rowsOnPage < 0) {
            throw new IllegalArgumentException("rowsOnPage < 0: " + rowsOnPage);
        }
        String cursor = cursorHeader == null || cursorHeader.isBlank() ? null : cursorHeader.strip();
        if (rowsOnPage > 0 && cursor != null && cursor.equals(lastDocumentId)) {
            throw new IllegalStateException("8x8 answered page " + (pages + 1) + " with the cursor it was asked with ("
                    + cursor + "): stopping instead of reading it again");
        }
        boolean end = rowsOnPage == 0 || cursor == null;
        return new EightByEightCursor(pageSize, end ? lastDocumentId : cursor, pages + 1, rows + rowsOnPage, end);
    }
}
