package io.playvoxbridge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * One chat_4 record translated into a Playvox interaction and its comments ({@link WolkvoxChatTranslator#translate}),
 * cycling through 1,000 records of the sandbox generator. Microseconds per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Chat4TranslationBenchmark {

    private WolkvoxChatTranslator translator;
    private List<Map<String, String>> records;
    private int next;

    /**
     * Reads 1,000 records of a fake Wolkvox answer and builds the translator.
     *
     * @throws Exception when the fake cannot be started or read
     */
    @Setup
    public void setUp() throws Exception {
        JsonNode data = new ObjectMapper().readTree(Chat4Answers.answer(1_000)).get("data");
        records = new ArrayList<>();
        data.forEach(node -> records.add(WolkvoxEnvelopeReader.record(node)));
        translator = Chat4Answers.translator();
    }

    /** @return the translated record (returned so the JIT cannot drop the work) */
    @Benchmark
    public TranslatedInteraction translateOneRecord() {
        Map<String, String> record = records.get(next);
        next = (next + 1) % records.size();
        return translator.translate(record);
    }
}
