package io.playvoxbridge.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Bulk batches in flight (table {@code in_flight_batch}): a batch is written before its bulk POST, gets its job id
 * when Playvox accepts it, and is deleted when every record of it has settled. A row that outlives its process
 * is in doubt: the POST may or may not have reached Playvox.
 */
public class InFlightBatchStore {

    /**
     * One stored batch.
     *
     * @param id          the batch id
     * @param integration the integration name
     * @param feed        the feed id
     * @param jobId       Playvox's job id, or null when the POST's answer was never recorded
     * @param records     the records as JSON (a JSON array), as {@link #open} stored them
     * @param createdAt   when it was written
     */
    public record InFlightBatch(String id, String integration, String feed, String jobId, String records,
                                Instant createdAt) {
    }

    private final DataSource dataSource;
    private final Clock clock;

    /** @param dataSource the state database */
    public InFlightBatchStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** @param dataSource the state database; @param clock the source of {@code created_at} */
    public InFlightBatchStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes a batch before its POST.
     *
     * @param id          a new unique id (a UUID)
     * @param integration the integration name
     * @param feed        the feed id
     * @param recordsJson the records as a JSON array
     * @throws StateDatabaseException if the database cannot be written (the POST must then not be sent)
     */
    public void open(String id, String integration, String feed, String recordsJson) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO in_flight_batch (id, integration, feed, job_id, "
                     + "records, created_at) VALUES (?, ?, ?, NULL, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, integration);
            ps.setString(3, feed);
            ps.setString(4, recordsJson);
            ps.setObject(5, Jdbc.timestamp(clock.instant()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot write in-flight batch " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records the job id Playvox gave the batch.
     *
     * @param id    the batch id
     * @param jobId Playvox's job {@code _id}
     * @throws StateDatabaseException if the database cannot be written
     */
    public void jobAccepted(String id, String jobId) {
        update("UPDATE in_flight_batch SET job_id = ? WHERE id = ?", jobId, id);
    }

    /**
     * Deletes a batch whose records have all settled.
     *
     * @param id the batch id; unknown ids are ignored
     * @throws StateDatabaseException if the database cannot be written
     */
    public void close(String id) {
        update("DELETE FROM in_flight_batch WHERE id = ?", id);
    }

    /**
     * @return every stored batch, oldest first
     * @throws StateDatabaseException if the database cannot be read
     */
    public List<InFlightBatch> list() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, integration, feed, job_id, records, created_at "
                     + "FROM in_flight_batch ORDER BY created_at, id");
             ResultSet rs = ps.executeQuery()) {
            List<InFlightBatch> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new InFlightBatch(rs.getString("id"), rs.getString("integration"), rs.getString("feed"),
                        rs.getString("job_id"), rs.getString("records"), Jdbc.instant(rs, "created_at")));
            }
            return out;
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot read in-flight batches: " + e.getMessage(), e);
        }
    }

    private void update(String sql, String... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StateDatabaseException("state: cannot update in-flight batches: " + e.getMessage(), e);
        }
    }
}
