package io.playvoxbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The progress of each backfill (table {@code backfill_progress}): per feed and range {@code [from, to)}, the end of
 * the last committed window, how many windows and records that took, and whether the range is complete. The
 * backfill command writes a row after each committed window, so running the same command again continues after it.
 * It never touches the feed's own watermark ({@link WatermarkStore}).
 *
 * <p>Instants are stored in UTC at microsecond precision, as {@link WatermarkStore} does; the range bounds of the
 * key are whole seconds (the backfill truncates them), so they read back equal on H2 and PostgreSQL.
 */
public class BackfillProgressStore {

    /**
     * One backfill's progress.
     *
     * @param feed        the feed id
     * @param from        the range's start, inclusive
     * @param to          the range's end, exclusive
     * @param committedTo end of the last committed window ({@code from} when none is committed yet)
     * @param windowsDone windows committed so far
     * @param records     records fetched in the committed windows
     * @param elapsed     time spent in the committed windows, over every run of the backfill
     * @param startedAt   when this range's backfill began
     * @param completedAt when its last window was committed, or null while it is not complete
     */
    public record Progress(String feed, Instant from, Instant to, Instant committedTo, int windowsDone, long records,
                           Duration elapsed, Instant startedAt, Instant completedAt) {

        /** @return true once every window of the range is committed */
        public boolean complete() {
            return completedAt != null;
        }
    }

    private final DataSource dataSource;
    private final Clock clock;

    /** @param dataSource the state database ({@link StateDatabase#dataSource()}) */
    public BackfillProgressStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /**
     * @param dataSource the state database
     * @param clock      the source of {@code started_at}, {@code updated_at} and {@code completed_at}
     */
    public BackfillProgressStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param feed the feed id
     * @param from the range's start
     * @param to   the range's end
     * @return the stored progress of that range, or empty when it was never backfilled
     * @throws StateDatabaseException if the database cannot be read
     */
    public Optional<Progress> find(String feed, Instant from, Instant to) {
        Jdbc.require(feed, "feed");
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM backfill_progress "
                     + "WHERE feed = ? AND range_from = ? AND range_to = ?")) {
            ps.setString(1, feed);
            ps.setObject(2, Jdbc.timestamp(from));
            ps.setObject(3, Jdbc.timestamp(to));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Progress(rs.getString("feed"), Jdbc.instant(rs, "range_from"),
                        Jdbc.instant(rs, "range_to"), Jdbc.instant(rs, "committed_to"), rs.getInt("windows_done"),
                        rs.getLong("records"), Duration.ofMillis(rs.getLong("elapsed_ms")),
                        Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "completed_at")));
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot read the backfill progress of " + feed + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Begins (or begins again) the backfill of a range: its row is reset to no window committed.
     *
     * @param feed the feed id
     * @param from the range's start
     * @param to   the range's end
     * @return the fresh progress
     * @throws StateDatabaseException if the database cannot be written
     */
    public Progress begin(String feed, Instant from, Instant to) {
        Jdbc.require(feed, "feed");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM backfill_progress "
                    + "WHERE feed = ? AND range_from = ? AND range_to = ?")) {
                ps.setString(1, feed);
                ps.setObject(2, Jdbc.timestamp(from));
                ps.setObject(3, Jdbc.timestamp(to));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO backfill_progress (feed, range_from, range_to, "
                    + "committed_to, windows_done, records, elapsed_ms, started_at, updated_at, completed_at) "
                    + "VALUES (?, ?, ?, ?, 0, 0, 0, ?, ?, NULL)")) {
                ps.setString(1, feed);
                ps.setObject(2, Jdbc.timestamp(from));
                ps.setObject(3, Jdbc.timestamp(to));
                ps.setObject(4, Jdbc.timestamp(from));
                ps.setObject(5, Jdbc.timestamp(now));
                ps.setObject(6, Jdbc.timestamp(now));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot write the backfill progress of " + feed + ": "
                    + e.getMessage(), e);
        }
        return new Progress(feed, from, to, from, 0, 0, Duration.ZERO, now, null);
    }

    /**
     * Records one more committed window of a range begun with {@link #begin}.
     *
     * @param progress the progress before this window
     * @param windowTo the committed window's end
     * @param records  records fetched in it
     * @param took     how long it took
     * @return the progress after it; complete when {@code windowTo} reaches the range's end
     * @throws StateDatabaseException if the database cannot be written, or the row is gone
     */
    public Progress windowCommitted(Progress progress, Instant windowTo, long records, Duration took) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as stored
        Progress next = new Progress(progress.feed(), progress.from(), progress.to(), windowTo,
                progress.windowsDone() + 1, progress.records() + records, progress.elapsed().plus(took),
                progress.startedAt(), windowTo.isBefore(progress.to()) ? null : now);
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE backfill_progress SET committed_to = ?, "
                     + "windows_done = ?, records = ?, elapsed_ms = ?, updated_at = ?, completed_at = ? "
                     + "WHERE feed = ? AND range_from = ? AND range_to = ?")) {
            ps.setObject(1, Jdbc.timestamp(windowTo));
            ps.setInt(2, next.windowsDone());
            ps.setLong(3, next.records());
            ps.setLong(4, next.elapsed().toMillis());
            ps.setObject(5, Jdbc.timestamp(now));
            if (next.completedAt() == null) {
                ps.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setObject(6, Jdbc.timestamp(next.completedAt()));
            }
            ps.setString(7, progress.feed());
            ps.setObject(8, Jdbc.timestamp(progress.from()));
            ps.setObject(9, Jdbc.timestamp(progress.to()));
            if (ps.executeUpdate() == 0) {
                throw new SQLException("no backfill_progress row for this range");
            }
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot write the backfill progress of " + progress.feed() + ": "
                    + e.getMessage(), e);
        }
        return next;
    }
}
