package io.playvoxbridge.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.CommentType;
import io.playvoxbridge.playvox.PlayvoxApi;
import io.playvoxbridge.playvox.PlayvoxRequests;
import io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader;
import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays dead letters through the running application's real routes, so a replayed record goes through the same
 * translation, dedupe (the delivery log's Idempotent Consumer) and Playvox sink as a polled one.
 *
 * <ul>
 *   <li>A record's dead letters are grouped by feed and sent in chunks of at most {@code chunkSize} records
 *       ({@code playvox.bulk.batch-size}) to the feed's replay route {@code direct:<feed>-replay} (route id
 *       {@code <feed>-replay}): body a {@code List<Map<String,String>>} of vendor records, exchange property
 *       {@code bridgeWindow} a replay {@link FeedWindow} of its own ({@code from == to}, unique per chunk). The route
 *       opens the window in the {@link WindowTracker}, sends each record to the feed's record route and ends the
 *       window at the sink; it commits no watermark. A payload that is not a JSON object is sent as a record with
 *       the single key {@link WolkvoxEnvelopeReader#INVALID_KEY}, so translation dead-letters it again with its
 *       reason.</li>
 *   <li>When every record of a chunk has settled (delivered, already delivered, or dead-lettered again) within
 *       {@code settleTimeout}, the chunk's old dead letters are deleted, but for those a new failure of the same
 *       interaction updated in place ({@link io.playvoxbridge.state.DeadLetterStore#addOrUpdate}: they stay, with
 *       the new reason); otherwise (the route
 *       failed, e.g. Playvox unreachable, or records still in flight) they are all kept. Replaying again is safe:
 *       what Playvox confirmed is in the delivery log and is not sent twice.</li>
 *   <li>A comment's dead letter (payload {@code {"playvox_id":..., "comment":{"body","type","author_id","added_at"}}},
 *       written by {@link DeadLetterRecorder}) is replayed by posting the comment to
 *       {@code POST /interactions/{_id}/comments} only if {@code GET /interactions/{_id}/comments} does not list it
 *       yet, through {@link PlayvoxRequests} (rate limit and retries of {@code playvox-request}); shapes in
 *       {@link PlayvoxApi}, following https://help.playvox.com/en/articles/3561675-playvox-api-integration-for-external-systems.</li>
 *   <li>A dead letter without a feed, or of a feed without a replay route, is not replayable: it is kept and
 *       reported with the reason.</li>
 * </ul>
 * Not thread-safe: one replay at a time.
 */
public final class DeadLetterReplay {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final DeadLetterStore store;
    private final WindowTracker tracker;
    private final PlayvoxApi api;
    private final PlayvoxRequests requests;
    private final ObjectMapper json;
    private final int chunkSize;
    private final Duration settleTimeout;
    private final Clock clock;
    private Instant lastWindowAt;

    /**
     * @param camel         the started Camel context of the application (its routes, beans and producer template)
     * @param store         the dead letters
     * @param tracker       the application's window tracker (the one its routes count in)
     * @param api           Playvox shapes, for comments
     * @param requests      Playvox calls through {@code playvox-request}, for comments
     * @param json          to read payloads
     * @param chunkSize     records per replay window, 1-100 (the bulk batch size)
     * @param settleTimeout longest wait for a chunk's records to settle
     * @param clock         the source of the replay windows' instants
     * @throws IllegalArgumentException when chunkSize is not 1-100
     */
    public DeadLetterReplay(CamelContext camel, DeadLetterStore store, WindowTracker tracker, PlayvoxApi api,
                            PlayvoxRequests requests, ObjectMapper json, int chunkSize, Duration settleTimeout,
                            Clock clock) {
        if (chunkSize < 1 || chunkSize > 100) {
            throw new IllegalArgumentException("chunkSize must be 1-100: " + chunkSize);
        }
        this.camel = camel;
        this.template = camel.createProducerTemplate();
        this.store = store;
        this.tracker = tracker;
        this.api = api;
        this.requests = requests;
        this.json = json;
        this.chunkSize = chunkSize;
        this.settleTimeout = settleTimeout;
        this.clock = clock;
    }

    /**
     * @param feed a feed id, e.g. {@code wolkvox-chat}
     * @return the endpoint that replays the feed's records: {@code direct:<feed>-replay}
     */
    public static String replayEndpoint(String feed) {
        return "direct:" + feed + "-replay";
    }

    /**
     * Replays dead letters, oldest first as given.
     *
     * @param ids the dead letters' ids; ids no longer stored (discarded meanwhile) are skipped
     * @return what happened, per feed
     * @throws InterruptedException when interrupted while waiting for a chunk to settle (its dead letters are kept)
     * @throws io.playvoxbridge.state.StateDatabaseException when the state database cannot be read or written
     */
    public Report replay(List<Long> ids) throws InterruptedException {
        Report report = new Report();
        Map<String, List<DeadLetter>> pending = new LinkedHashMap<>();
        for (long id : ids) {
            Optional<DeadLetter> found = store.find(id);
            if (found.isEmpty()) {
                continue;
            }
            DeadLetter letter = found.get();
            Tally counts = report.of(letter.feed());
            Optional<JsonNode> comment = commentPayload(letter);
            if (comment.isPresent()) {
                replayComment(letter, comment.get(), counts);
            } else if (letter.feed() == null) {
                counts.keep(1, "no feed recorded, so no route can replay it");
            } else if (camel.getRoute(letter.feed() + "-replay") == null) {
                counts.keep(1, "no route " + replayEndpoint(letter.feed()) + " replays feed " + letter.feed());
            } else {
                List<DeadLetter> chunk = pending.computeIfAbsent(letter.feed(), f -> new ArrayList<>());
                chunk.add(letter);
                if (chunk.size() == chunkSize) {
                    pending.remove(letter.feed());
                    replayChunk(letter.feed(), chunk, counts);
                }
            }
        }
        for (Map.Entry<String, List<DeadLetter>> chunk : pending.entrySet()) {
            replayChunk(chunk.getKey(), chunk.getValue(), report.of(chunk.getKey()));
        }
        return report;
    }

    private void replayChunk(String feed, List<DeadLetter> letters, Tally counts) throws InterruptedException {
        List<Map<String, String>> records = new ArrayList<>(letters.size());
        letters.forEach(letter -> records.add(record(letter.payload())));
        FeedWindow window = nextWindow(feed);
        String problem = null;
        try {
            Exchange result = template.send(replayEndpoint(feed), exchange -> {
                exchange.getMessage().setBody(records);
                exchange.setProperty(WindowTracker.WINDOW_PROPERTY, window);
                // records parked as dead letters are skipped by polls, not by a replay
                exchange.setProperty(DeadLetterRecorder.REPLAY_PROPERTY, true);
            });
            if (result.getException() != null) {
                problem = "replay stopped: " + message(result.getException());
            } else {
                tracker.awaitSettled(window, settleTimeout);
            }
        } catch (WindowTracker.WindowNotSettledException e) {
            problem = "not every record settled within " + settleTimeout.toSeconds() + " s (Playvox slow or "
                    + "unreachable, or the application stopping)";
        } finally {
            WindowTracker.Counts c = tracker.close(window);
            if (c != null) {
                counts.replayed += c.fetched();
                counts.delivered += c.delivered();
                counts.alreadyDelivered += c.alreadyDelivered();
                counts.deadLetteredAgain += c.deadLettered();
                if (problem == null && c.fetched() != records.size()) {
                    problem = "only " + c.fetched() + " of " + records.size() + " record(s) reached the feed's route";
                }
            }
        }
        List<Long> ids = letters.stream().map(DeadLetter::id).toList();
        if (problem != null) {
            counts.keep(letters.size(), problem);
            LOG.warn("{}: replay of {} dead letter(s) not complete, all kept: {}", feed, letters.size(), problem);
            return;
        }
        // a record that failed again updated its own dead letter (one per interaction, newer failed_at): keep that
        // one; every other old dead letter is settled (delivered, already delivered, or a new dead letter)
        List<Long> settled = letters.stream()
                .filter(old -> store.find(old.id()).map(now -> now.failedAt().equals(old.failedAt())).orElse(false))
                .map(DeadLetter::id).toList();
        counts.removed += store.deleteIds(settled);
        if (settled.size() < letters.size()) {
            counts.keep(letters.size() - settled.size(), "failed again; the dead letter holds the new reason");
        }
        LOG.info("{}: replayed {} dead letter(s) {}..{}", feed, letters.size(), ids.get(0), ids.get(ids.size() - 1));
    }

    private void replayComment(DeadLetter letter, JsonNode payload, Tally counts) {
        String playvoxId = payload.path("playvox_id").asText();
        try {
            JsonNode c = payload.path("comment");
            Comment comment = new Comment(c.path("body").asText(null), CommentType.ofApiName(c.path("type").asText()),
                    c.path("author_id").asText(null),
                    c.hasNonNull("added_at") ? OffsetDateTime.parse(c.path("added_at").asText()) : null);
            String path = PlayvoxApi.commentsPath(playvoxId);
            if (api.commentKeys(requests.send("GET", path, null, null)).contains(PlayvoxApi.commentKey(comment))) {
                counts.commentsAlreadyThere++;
            } else {
                requests.send("POST", path, null, api.commentBody(comment));
                counts.commentsPosted++;
            }
        } catch (RuntimeException e) {
            counts.keep(1, "comment of Playvox interaction " + playvoxId + " not posted: " + message(e));
            return;
        }
        if (store.delete(letter.id())) {
            counts.removed++;
        }
    }

    /** @return the payload when it is a comment's: an object with a text {@code playvox_id} and an object {@code comment} */
    private Optional<JsonNode> commentPayload(DeadLetter letter) {
        JsonNode node = readJson(letter.payload());
        return node != null && node.path("playvox_id").isTextual() && node.path("comment").isObject()
                ? Optional.of(node) : Optional.empty();
    }

    private Map<String, String> record(String payload) {
        JsonNode node = readJson(payload);
        if (node != null) {
            return WolkvoxEnvelopeReader.record(node);
        }
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put(WolkvoxEnvelopeReader.INVALID_KEY, payload == null ? "" : payload);
        return invalid;
    }

    private JsonNode readJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A window of its own per chunk: {@code from == to}, strictly later than the previous one, so its id is unique. */
    private FeedWindow nextWindow(String feed) {
        Instant at = clock.instant();
        if (lastWindowAt != null && !at.isAfter(lastWindowAt)) {
            at = lastWindowAt.plusNanos(1);
        }
        lastWindowAt = at;
        return new FeedWindow(feed, at, at, ZoneOffset.UTC);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** What a replay did, per feed, in the order feeds were first met. */
    public static final class Report {

        private final Map<String, Tally> feeds = new LinkedHashMap<>();

        private Tally of(String feed) {
            return feeds.computeIfAbsent(feed, f -> new Tally());
        }

        /** @return one entry per feed met (a null feed stands for dead letters without one) */
        public List<FeedReport> feeds() {
            List<FeedReport> reports = new ArrayList<>();
            feeds.forEach((feed, t) -> reports.add(new FeedReport(feed, t.replayed, t.delivered, t.alreadyDelivered,
                    t.deadLetteredAgain, t.commentsPosted, t.commentsAlreadyThere, t.removed, t.kept,
                    Collections.unmodifiableMap(new LinkedHashMap<>(t.keptReasons)))));
            return reports;
        }

        /** @return true when every dead letter was replayed and removed; false when some are kept */
        public boolean complete() {
            return feeds.values().stream().allMatch(t -> t.kept == 0);
        }
    }

    /**
     * The counts of one feed's replay.
     *
     * @param feed                 the feed, or null for dead letters without one
     * @param replayed             records that reached the feed's record route again
     * @param delivered            of those, confirmed by a Playvox job now
     * @param alreadyDelivered     of those, skipped because the delivery log already holds them
     * @param deadLetteredAgain    of those, stored again as new dead letters (with their new reason)
     * @param commentsPosted       comments posted to Playvox now
     * @param commentsAlreadyThere comments Playvox already had, so not posted again
     * @param removed              old dead letters deleted because their replay settled
     * @param kept                 dead letters kept (not replayable, or their replay did not settle)
     * @param keptReasons          why dead letters were kept, each reason with how many
     */
    public record FeedReport(String feed, long replayed, long delivered, long alreadyDelivered, long deadLetteredAgain,
                             long commentsPosted, long commentsAlreadyThere, long removed, long kept,
                             Map<String, Long> keptReasons) {
    }

    /** The running counts of one feed. */
    private static final class Tally {
        private long replayed;
        private long delivered;
        private long alreadyDelivered;
        private long deadLetteredAgain;
        private long commentsPosted;
        private long commentsAlreadyThere;
        private long removed;
        private long kept;
        private final Map<String, Long> keptReasons = new LinkedHashMap<>();

        private void keep(long n, String reason) {
            kept += n;
            keptReasons.merge(reason, n, Long::sum);
        }
    }
}
