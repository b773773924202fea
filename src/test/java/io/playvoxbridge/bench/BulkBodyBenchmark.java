package io.playvoxbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.playvox.PlayvoxApi;
import io.playvoxbridge.playvox.PlayvoxBatch;
import io.playvoxbridge.playvox.TranslatedInteraction;
import io.playvoxbridge.source.wolkvox.WolkvoxChatTranslator;
import io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JSON body of one Playvox bulk request of 100 translated chat_4 interactions ({@link PlayvoxApi#bulkBody}).
 * Microseconds per body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BulkBodyBenchmark {

    private final PlayvoxApi api = new PlayvoxApi(new ObjectMapper());
    private PlayvoxBatch batch;

    /**
     * Translates 100 records of a fake Wolkvox answer into a batch.
     *
     * @throws Exception when the fake cannot be started or read
     */
    @Setup
    public void setUp() throws Exception {
        JsonNode data = new ObjectMapper().readTree(Chat4Answers.answer(PlayvoxBatch.MAX_SIZE)).get("data");
        WolkvoxChatTranslator translator = Chat4Answers.translator();
        List<FeedRecord> records = new ArrayList<>();
        for (JsonNode node : data) {
            Map<String, String> record = WolkvoxEnvelopeReader.record(node);
            TranslatedInteraction t = translator.translate(record);
            records.add(new FeedRecord("wolkvox-chat", "wolkvox-chat", "bench", t.interaction(), t.comments(),
                    node.toString()));
        }
        batch = new PlayvoxBatch("wolkvox-chat", records);
    }

    /** @return the bulk request body (a JSON array of 100 interactions) */
    @Benchmark
    public String bulkBodyOfHundredInteractions() {
        return api.bulkBody(batch);
    }
}
