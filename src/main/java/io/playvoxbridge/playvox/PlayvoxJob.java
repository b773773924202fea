package io.playvoxbridge.playvox;

import java.util.Map;

/**
 * A bulk job as {@code GET /jobs/{id}} describes it (see {@link PlayvoxApi} for the assumed shape).
 *
 * @param id        the job's {@code _id}
 * @param status    {@code pending}, {@code in_progress}, {@code completed} or {@code failed}
 * @param completed Playvox {@code _id} per accepted {@code interaction_id}
 * @param failed    Playvox's error text per rejected {@code interaction_id}
 */
public record PlayvoxJob(String id, String status, Map<String, String> completed, Map<String, String> failed) {

    /** @return true when the job has ended ({@code completed} or {@code failed}) */
    public boolean hasEnded() {
        return "completed".equals(status) || "failed".equals(status);
    }
}
