package io.playvoxbridge.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.BridgeConfiguration;
import io.playvoxbridge.agent.AgentDirectory;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.feed.FeedRecordCodec;
import io.playvoxbridge.playvox.Comment;
import io.playvoxbridge.playvox.IntegrationDefinition;
import io.playvoxbridge.playvox.IntegrationDefinitionLoader;
import io.playvoxbridge.playvox.MetadataField;
import io.playvoxbridge.playvox.PlayvoxApi;
import io.playvoxbridge.playvox.PlayvoxBatch;
import io.playvoxbridge.playvox.PlayvoxJob;
import io.playvoxbridge.playvox.TranslatedInteraction;
import io.playvoxbridge.sandbox.WolkvoxFake;
import io.playvoxbridge.source.wolkvox.WolkvoxChatTranslator;
import io.playvoxbridge.state.StateDatabase;
import io.playvoxbridge.state.WatermarkStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The plain-Java baseline of {@code bench/throughput.sh}: the work of one {@code wolkvox-chat} window, written
 * without Camel, against the same fakes. One {@code chat_4} request with {@code java.net.http}, its answer parsed
 * as it streams in with Jackson's streaming parser, each record translated by the project's
 * {@link WolkvoxChatTranslator}, batches of 100 checked against the delivery log (a primary-key lookup per record), written to {@code in_flight_batch} before the bulk POST, the job polled with the bridge's doubling interval
 * until it ends, the confirmed interactions recorded in {@code delivery_log} (one JDBC batch), their comments posted
 * one by one, {@code comments_posted} set (one JDBC batch), the batch row deleted, and at the end the watermark
 * committed. Up to {@code concurrency} batches are in flight at once (the reading thread blocks when that many are).
 * State: an H2 file database with the bridge's schema ({@link StateDatabase}, Flyway) and its durability settings
 * ({@link BridgeConfiguration#durableH2}: every commit written at once).
 *
 * <p>Not done, unlike the bridge: retries, rate limiting, the Circuit Breaker, dead letters (a record that fails
 * translation or a job item that fails is only counted), metrics, the per-record source payload kept for dead
 * letters, shutdown handling.
 *
 * <p>Usage (test classpath): {@code java -cp ... io.playvoxbridge.bench.ThroughputBaseline wolkvoxBaseUrl
 * wolkvoxToken playvoxBaseUrl playvoxUid playvoxKey fromLocal toLocal jdbcUrl concurrency pollIntervalMs
 * maxPollIntervalMs}; dates are ISO local date-times of America/Bogota. Prints one line:
 * {@code baseline: fetched F, delivered D, comments C, failed X, took T ms, R records/s}.
 */
public final class ThroughputBaseline {

    private static final ZoneId ZONE = ZoneId.of("America/Bogota");
    private static final DateTimeFormatter WOLKVOX_DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String FEED = "wolkvox-chat-baseline";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private final PlayvoxApi api = new PlayvoxApi(json);
    private final FeedRecordCodec codec = new FeedRecordCodec();
    private final String playvoxBase;
    private final String auth;
    private final javax.sql.DataSource db;
    private final long pollMs;
    private final long maxPollMs;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong comments = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private ThroughputBaseline(String playvoxBase, String uid, String key, javax.sql.DataSource db, long pollMs,
                               long maxPollMs) {
        this.playvoxBase = playvoxBase;
        this.auth = "Basic " + Base64.getEncoder().encodeToString((uid + ":" + key).getBytes(StandardCharsets.UTF_8));
        this.db = db;
        this.pollMs = pollMs;
        this.maxPollMs = maxPollMs;
    }

    /**
     * Runs one window and prints its line.
     *
     * @param args see the class description
     * @throws Exception on any failure (the run is then void)
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 11) {
            System.err.println("usage: ThroughputBaseline wolkvoxBaseUrl wolkvoxToken playvoxBaseUrl playvoxUid "
                    + "playvoxKey fromLocal toLocal jdbcUrl concurrency pollIntervalMs maxPollIntervalMs");
            System.exit(2);
        }
        // the bridge's own H2 settings: every commit written at once (WRITE_DELAY=0)
        StateDatabase state = new StateDatabase(BridgeConfiguration.durableH2(args[7]), "sa", "");
        try {
            ThroughputBaseline b = new ThroughputBaseline(args[2], args[3], args[4], state.dataSource(),
                    Long.parseLong(args[9]), Long.parseLong(args[10]));
            b.run(args[0], args[1], LocalDateTime.parse(args[5]), LocalDateTime.parse(args[6]),
                    Integer.parseInt(args[8]));
        } finally {
            state.close();
        }
        System.exit(0);
    }

    private void run(String wolkvoxBase, String token, LocalDateTime from, LocalDateTime to, int concurrency)
            throws Exception {
        IntegrationDefinition file = IntegrationDefinitionLoader.load("integrations/wolkvox-chat.yaml");
        IntegrationDefinition definition = new IntegrationDefinition(file.name() + "-baseline", file.description(),
                file.dataStorageMinutes(), file.metadata(), file.location());
        String integrationId = setUp(definition);
        WolkvoxChatTranslator translator = new WolkvoxChatTranslator(definition,
                AgentDirectory.load("classpath:" + WolkvoxFake.SANDBOX_AGENTS_RESOURCE), ZONE, null);

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        Semaphore slots = new Semaphore(concurrency);
        List<Future<?>> running = new ArrayList<>();
        long fetched = 0;
        HttpRequest request = HttpRequest.newBuilder(URI.create(wolkvoxBase + "/reports_manager.php?api=chat_4&date_ini="
                        + WOLKVOX_DATE.format(from) + "&date_end=" + WOLKVOX_DATE.format(to)))
                .header("wolkvox-token", token).GET().build();
        HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (answer.statusCode() != 200) {
            throw new IOException("Wolkvox answered " + answer.statusCode());
        }
        try (InputStream in = answer.body(); JsonParser p = new JsonFactory().createParser(in)) {
            seekData(p);
            List<FeedRecord> batch = new ArrayList<>(PlayvoxBatch.MAX_SIZE);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                Map<String, String> record = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    record.put(name, p.getValueAsString());
                }
                fetched++;
                try {
                    TranslatedInteraction t = translator.translate(record);
                    batch.add(new FeedRecord(FEED, definition.name(), "baseline", t.interaction(), t.comments(), null));
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
                if (batch.size() == PlayvoxBatch.MAX_SIZE) {
                    running.add(submit(pool, slots, integrationId, batch));
                    batch = new ArrayList<>(PlayvoxBatch.MAX_SIZE);
                }
            }
            if (!batch.isEmpty()) {
                running.add(submit(pool, slots, integrationId, batch));
            }
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        new WatermarkStore(db).put(FEED, to.atZone(ZONE).toInstant());
        long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf("baseline: fetched %d, delivered %d, comments %d, failed %d, took %d ms, %.0f records/s%n",
                fetched, delivered.get(), comments.get(), failed.get(), tookMs, delivered.get() * 1000.0 / tookMs);
    }

    private static void seekData(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("Wolkvox answer is not an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("data".equals(name) && value == JsonToken.START_ARRAY) {
                return;
            }
            p.skipChildren();
        }
        throw new IOException("Wolkvox answer has no data array");
    }

    private Future<?> submit(ExecutorService pool, Semaphore slots, String integrationId, List<FeedRecord> records)
            throws InterruptedException {
        slots.acquire();
        return pool.submit(() -> {
            try {
                deliver(integrationId, records);
                return null;
            } finally {
                slots.release();
            }
        });
    }

    /** One batch: dedupe, in-flight row, bulk POST, job polls, delivery log, comments, done. */
    private void deliver(String integrationId, List<FeedRecord> all) throws Exception {
        String integration = all.get(0).integration();
        Set<String> already = deliveredAmong(integration, all);
        List<FeedRecord> records = all.stream().filter(r -> !already.contains(r.interactionId())).toList();
        if (records.isEmpty()) {
            return;
        }
        String batchId = UUID.randomUUID().toString();
        sql("INSERT INTO in_flight_batch (id, integration, feed, job_id, records, created_at) VALUES (?, ?, ?, NULL, ?, ?)",
                batchId, integration, FEED, codec.write(records), now());
        String jobId = api.jobId(send("POST", PlayvoxApi.bulkPath(integrationId),
                api.bulkBody(new PlayvoxBatch(integration, records))));
        sql("UPDATE in_flight_batch SET job_id = ? WHERE id = ?", jobId, batchId);
        PlayvoxJob job;
        int polls = 0;
        do {
            Thread.sleep(Math.min(pollMs << Math.min(polls, 20), maxPollMs));
            polls++;
            job = api.job(send("GET", PlayvoxApi.jobPath(jobId), null));
        } while (!job.hasEnded());
        Map<FeedRecord, String> confirmed = new LinkedHashMap<>();
        for (FeedRecord r : records) {
            String playvoxId = job.completed().get(r.interactionId());
            if (playvoxId != null && !playvoxId.isEmpty()) {
                confirmed.put(r, playvoxId);
            } else {
                failed.incrementAndGet();
            }
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO delivery_log "
                + "(integration, interaction_id, playvox_id, feed, delivered_at, comments_posted) VALUES (?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (Map.Entry<FeedRecord, String> e : confirmed.entrySet()) {
                ps.setString(1, integration);
                ps.setString(2, e.getKey().interactionId());
                ps.setString(3, e.getValue());
                ps.setString(4, FEED);
                ps.setObject(5, now());
                ps.setBoolean(6, e.getKey().comments().isEmpty());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
        List<String> withComments = new ArrayList<>();
        for (Map.Entry<FeedRecord, String> e : confirmed.entrySet()) {
            for (Comment comment : e.getKey().comments()) {
                send("POST", PlayvoxApi.commentsPath(e.getValue()), api.commentBody(comment));
                comments.incrementAndGet();
            }
            if (!e.getKey().comments().isEmpty()) {
                withComments.add(e.getKey().interactionId());
            }
        }
        if (!withComments.isEmpty()) {
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE delivery_log SET comments_posted = TRUE WHERE integration = ? AND interaction_id = ?")) {
                c.setAutoCommit(false);
                for (String id : withComments) {
                    ps.setString(1, integration);
                    ps.setString(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            }
        }
        sql("DELETE FROM in_flight_batch WHERE id = ?", batchId);
        delivered.addAndGet(confirmed.size());
    }

    /** The delivery log's point lookups, one per record on one connection (an H2 {@code IN} list scans the table). */
    private Set<String> deliveredAmong(String integration, List<FeedRecord> records) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM delivery_log WHERE integration = ? AND interaction_id = ?")) {
            for (FeedRecord r : records) {
                ps.setString(1, integration);
                ps.setString(2, r.interactionId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.add(r.interactionId());
                    }
                }
            }
        }
        return out;
    }

    /** Creates the baseline's own integration (so its interaction ids do not meet the bridge's) and its metadata. */
    private String setUp(IntegrationDefinition definition) throws IOException, InterruptedException {
        String id = api.createdId(send("POST", PlayvoxApi.integrationsPath(), api.write(definition.toPlayvoxJson())));
        for (MetadataField field : definition.metadata()) {
            Map<String, Object> body = new LinkedHashMap<>(field.toPlayvoxJson());
            body.put("integration_id", id);
            send("POST", PlayvoxApi.metadataPath(id), api.write(body));
        }
        return id;
    }

    private String send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(playvoxBase + path)).header("Authorization", auth);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private void sql(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    }
}
