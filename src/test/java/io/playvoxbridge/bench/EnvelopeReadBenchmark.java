package io.playvoxbridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.playvoxbridge.source.wolkvox.WolkvoxEnvelopeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The streaming read of a 1,000-record chat_4 answer file ({@link WolkvoxEnvelopeReader#records}: Jackson's streaming
 * parser, one record map at a time), as the window route's Splitter does it. The reader deletes the file when
 * exhausted, so each invocation writes it again first (not timed). Milliseconds per 1,000-record answer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnvelopeReadBenchmark {

    private final WolkvoxEnvelopeReader reader = new WolkvoxEnvelopeReader(new ObjectMapper());
    private byte[] answer;
    private Path file;

    /**
     * Fetches a 1,000-record answer from a fake Wolkvox.
     *
     * @throws Exception when the fake cannot be started or read
     */
    @Setup(Level.Trial)
    public void fetch() throws Exception {
        answer = Chat4Answers.answer(1_000);
    }

    /**
     * Writes the answer to a fresh spool file, as the HTTP step does.
     *
     * @throws Exception when the file cannot be written
     */
    @Setup(Level.Invocation)
    public void spool() throws Exception {
        file = Files.createTempFile("bench-chat4-", ".json");
        Files.write(file, answer);
    }

    /**
     * @param sink consumes every record
     * @return records read (1,000)
     * @throws Exception when the answer cannot be read
     */
    @Benchmark
    public int readThousandRecordAnswer(Blackhole sink) throws Exception {
        int n = 0;
        Iterator<Map<String, String>> records = reader.records(file);
        while (records.hasNext()) {
            sink.consume(records.next());
            n++;
        }
        Files.deleteIfExists(file);
        return n;
    }
}
