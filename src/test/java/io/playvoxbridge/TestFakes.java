package io.playvoxbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.playvoxbridge.sandbox.PlayvoxFake;
import io.playvoxbridge.sandbox.WolkvoxFake;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A fake Wolkvox and a fake Playvox on free loopback ports for one end-to-end test, closed together.
 *
 * @param wolkvox        the running fake Wolkvox
 * @param wolkvoxOptions its options (token, zone)
 * @param playvox        the running fake Playvox
 * @param playvoxOptions its options (API uid and key)
 */
record TestFakes(WolkvoxFake wolkvox, WolkvoxFake.Options wolkvoxOptions, PlayvoxFake playvox,
                 PlayvoxFake.Options playvoxOptions) implements AutoCloseable {

    /** Starts both fakes; neither is left running if the other cannot start. */
    static TestFakes start(WolkvoxFake.Options wolkvoxOptions, PlayvoxFake.Options playvoxOptions) {
        WolkvoxFake wolkvox = new WolkvoxFake(wolkvoxOptions);
        PlayvoxFake playvox = new PlayvoxFake(playvoxOptions);
        wolkvox.start(0);
        try {
            playvox.start(0);
        } catch (RuntimeException e) {
            wolkvox.close();
            throw e;
        }
        return new TestFakes(wolkvox, wolkvoxOptions, playvox, playvoxOptions);
    }

    /**
     * {@link BridgeTestApp#settings} for these fakes, in the fake Wolkvox's zone, starting {@code reach} before its
     * anchor.
     */
    Map<String, String> settings(Path stateDir, Duration reach) {
        Map<String, String> s = BridgeTestApp.settings(wolkvox, wolkvoxOptions.token(), playvox,
                playvoxOptions.apiUid(), playvoxOptions.apiKey(), stateDir);
        s.put("wolkvox.time-zone", wolkvoxOptions.zone().getId());
        s.put("wolkvox.chat.start-at", LocalDateTime.ofInstant(wolkvox.anchor().minus(reach), wolkvoxOptions.zone())
                .truncatedTo(ChronoUnit.SECONDS).toString());
        return s;
    }

    /**
     * @param from the earliest record time the bridge was to read
     * @return how many comments the records visible now since {@code from} make (body, answer and comments fields)
     */
    long expectedComments(Instant from) {
        return wolkvox.visibleRecords(from, Instant.now()).stream()
                .mapToLong(WolkvoxToPlayvoxIT::commentCount).sum();
    }

    /**
     * Asserts that the fake Playvox holds each of {@code records} interactions of the integration exactly once, with
     * every comment of the records visible since {@code from}, none twice.
     */
    void assertEachRecordOnceWithItsComments(String integration, int records, Instant from) {
        List<PlayvoxFake.StoredInteraction> stored = playvox.interactions(integration);
        assertThat(stored).hasSize(records)
                .allSatisfy(i -> assertThat(i.receivedCount()).isEqualTo(1));
        assertThat(playvox.duplicateReceipts()).isZero();
        assertThat(stored.stream().mapToLong(i -> i.comments().size()).sum())
                .isEqualTo(expectedComments(from));
        assertThat(stored).allSatisfy(i -> assertThat(i.comments().stream().map(c -> c.type() + "|" + c.body())).doesNotHaveDuplicates());
    }

    @Override
    public void close() {
        wolkvox.close();
        playvox.close();
    }
}
