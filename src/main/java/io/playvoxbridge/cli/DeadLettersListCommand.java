package io.playvoxbridge.cli;

import io.playvoxbridge.state.DeadLetter;
import io.playvoxbridge.state.DeadLetterFilter;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code dead-letters list}: one line per dead letter, newest first (id, when it failed in UTC to the second, feed,
 * interaction id, route, reason on one line), then a count. Missing values show as {@code -}.
 */
@Command(name = "list", description = "Lists dead letters, newest first: id, failed at (UTC), feed, interaction id, "
        + "route and reason, one line each, then how many there are.")
final class DeadLettersListCommand extends DeadLettersSubcommand {

    /** Longest reason shown in a line, in characters; {@code show} prints it whole. */
    static final int REASON_WIDTH = 160;

    @Option(names = "--feed", paramLabel = "FEED", description = "Only this feed's, e.g. wolkvox-chat.")
    String feed;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Only those whose reason contains TEXT, ignoring case.")
    String reason;

    @Option(names = "--since", paramLabel = "INSTANT",
            description = "Only those that failed at or after INSTANT (ISO-8601 UTC, e.g. 2026-11-21T00:00:00Z).")
    Instant since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Only those that failed before INSTANT.")
    Instant until;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "At most N lines (default: ${DEFAULT-VALUE}).")
    int limit;

    /**
     * @return 0
     * @throws ParameterException (usage error) for a limit below 1
     */
    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        DeadLetterFilter filter = new DeadLetterFilter(feed, reason, since, until);
        PrintWriter out = out();
        parent.withStore(store -> {
            List<DeadLetter> letters = store.listMatching(filter, limit);
            long total = letters.size() < limit ? letters.size() : store.countMatching(filter);
            table(letters).forEach(out::println);
            out.println(letters.size() == total ? total + " dead letter(s)"
                    : letters.size() + " of " + total + " dead letter(s) shown, newest first (--limit shows more)");
            return null;
        });
        out.flush();
        return 0;
    }

    /** @return a header and one line per dead letter, columns padded to their widest value; empty for none */
    static List<String> table(List<DeadLetter> letters) {
        List<String[]> rows = new ArrayList<>();
        if (letters.isEmpty()) {
            return List.of();
        }
        rows.add(new String[] {"ID", "FAILED AT", "FEED", "INTERACTION ID", "ROUTE", "REASON"});
        for (DeadLetter d : letters) {
            rows.add(new String[] {Long.toString(d.id()), d.failedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    orDash(d.feed()), orDash(d.interactionId()), orDash(d.routeId()), oneLine(d.reason())});
        }
        int[] widths = new int[rows.get(0).length - 1];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            lines.add(line.append(row[widths.length]).toString());
        }
        return lines;
    }

    /** @return the text with every run of white space (line breaks too) as one space, cut to {@link #REASON_WIDTH} */
    static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > REASON_WIDTH ? line.substring(0, REASON_WIDTH - 3) + "..." : line;
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
