package io.playvoxbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.feed.FeedRecord;
import io.playvoxbridge.playvox.PlayvoxBatch;
import io.playvoxbridge.playvox.PlayvoxBatchAggregationStrategy;
import io.playvoxbridge.playvox.TranslatedInteraction;
import io.playvoxbridge.source.wolkvox.WolkvoxChatTranslator;
import io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Aggregator's strategy ({@link PlayvoxBatchAggregationStrategy}) gathering one batch: 100 exchanges carrying a
 * translated chat_4 record each, folded into a {@link PlayvoxBatch}, as the Aggregator calls it (under its lock, so
 * single-threaded). Microseconds per batch of 100.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BatchAggregationBenchmark {

    private final PlayvoxBatchAggregationStrategy strategy = new PlayvoxBatchAggregationStrategy();
    private CamelContext camel;
    private List<FeedRecord> records;

    /**
     * Translates 100 records of a fake Wolkvox answer.
     *
     * @throws Exception when the fake cannot be started or read
     */
    @Setup
    public void setUp() throws Exception {
        camel = new DefaultCamelContext();
        JsonNode data = new ObjectMapper().readTree(Chat4Answers.answer(PlayvoxBatch.MAX_SIZE)).get("data");
        WolkvoxChatTranslator translator = Chat4Answers.translator();
        records = new ArrayList<>();
        for (JsonNode node : data) {
            TranslatedInteraction t = translator.translate(WolkvoxEnvelopeReader.record(node));
            records.add(new FeedRecord("wolkvox-chat", "wolkvox-chat", "bench", t.interaction(), t.comments(),
                    node.toString()));
        }
    }

    /**
     * Closes the Camel context that made the exchanges.
     *
     * @throws Exception when the context fails to stop
     */
    @TearDown
    public void tearDown() throws Exception {
        camel.close();
    }

    /** @return the batch of 100 (new exchanges each time, as the Aggregator receives them) */
    @Benchmark
    public PlayvoxBatch aggregateHundredRecords() {
        Exchange group = null;
        for (FeedRecord record : records) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty("bridgeIntegration", "wolkvox-chat");
            exchange.getMessage().setBody(record);
            group = strategy.aggregate(group, exchange);
        }
        return group.getMessage().getBody(PlayvoxBatch.class);
    }
}
