package io.playvoxbridge.cli;

import io.playvoxbridge.state.DeadLetter;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dead-letters show ID}: every field of one dead letter, one per line, the reason whole and the payload (the
 * record to replay, usually the vendor's JSON) exactly as stored, after a {@code payload:} line. Missing values show
 * as {@code -}.
 */
@Command(name = "show", description = "Shows every field of one dead letter, the whole reason and the payload included.")
final class DeadLettersShowCommand extends DeadLettersSubcommand {

    @Parameters(paramLabel = "ID", description = "The dead letter's id, as list shows it.")
    long id;

    /** @return 0, or 1 (with a line on standard error) when there is no dead letter with that id */
    @Override
    public Integer call() {
        Optional<DeadLetter> found = parent.withStore(store -> store.find(id));
        if (found.isEmpty()) {
            return parent.noSuchDeadLetter(id);
        }
        DeadLetter d = found.get();
        PrintWriter out = out();
        out.println("id:             " + d.id());
        out.println("failed_at:      " + d.failedAt());
        out.println("feed:           " + orDash(d.feed()));
        out.println("interaction_id: " + orDash(d.interactionId()));
        out.println("route:          " + orDash(d.routeId()));
        out.println("reason:         " + d.reason());
        out.println("payload:");
        out.println(orDash(d.payload()));
        out.flush();
        return 0;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
