package io.playvoxbridge.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code dead-letters discard (ID | --feed FEED | --all)}: deletes dead letters for good, without sending anything;
 * prints how many.
 */
@Command(name = "discard", description = "Deletes dead letters without sending them: one by ID, a feed's with "
        + "--feed, or all with --all.")
final class DeadLettersDiscardCommand extends DeadLetterSelectionCommand {

    /**
     * @return 0, or 1 (with a line on standard error) when ID names no dead letter
     * @throws picocli.CommandLine.ParameterException (usage error) unless exactly one of ID, --feed, --all is given
     */
    @Override
    public Integer call() {
        validate();
        int discarded = parent.withStore(store -> byId() ? (store.delete(id) ? 1 : 0) : store.deleteMatching(filter()));
        if (byId() && discarded == 0) {
            return parent.noSuchDeadLetter(id);
        }
        PrintWriter out = out();
        out.println(byId() ? "discarded " + describe() : "discarded " + discarded + " " + describe());
        out.flush();
        return 0;
    }
}
