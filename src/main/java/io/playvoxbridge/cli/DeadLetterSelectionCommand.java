package io.playvoxbridge.cli;

import io.playvoxbridge.state.DeadLetterFilter;
import io.playvoxbridge.state.DeadLetterStore;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * A command on a selection of dead letters ({@code replay}, {@code discard}): one by id, every one of a feed
 * ({@code --feed}), or every one ({@code --all}). Exactly one must be given, so acting on more than one always takes
 * an explicit flag.
 */
abstract class DeadLetterSelectionCommand extends DeadLettersSubcommand {

    @Parameters(paramLabel = "ID", arity = "0..1", description = "One dead letter, by its id.")
    Long id;

    @Option(names = "--feed", paramLabel = "FEED", description = "Every dead letter of this feed, e.g. wolkvox-chat.")
    String feed;

    @Option(names = "--all", description = "Every dead letter.")
    boolean all;

    /** @throws ParameterException (usage error) unless exactly one of ID, --feed and --all is given */
    void validate() {
        int given = (id != null ? 1 : 0) + (feed != null ? 1 : 0) + (all ? 1 : 0);
        if (given != 1) {
            throw new ParameterException(spec.commandLine(), given == 0
                    ? "Missing dead letters to act on: give an ID, --feed FEED or --all"
                    : "Give only one of ID, --feed FEED and --all");
        }
    }

    /** @return true when one dead letter was chosen by its id */
    boolean byId() {
        return id != null;
    }

    /**
     * @param store the dead letters
     * @return the chosen ones' ids, oldest first (an unknown ID gives none)
     */
    List<Long> ids(DeadLetterStore store) {
        if (id != null) {
            return store.find(id).isPresent() ? List.of(id) : List.of();
        }
        return store.idsMatching(filter());
    }

    /** @return the filter of {@code --feed} or {@code --all} */
    DeadLetterFilter filter() {
        return all ? DeadLetterFilter.ALL : DeadLetterFilter.ofFeed(feed);
    }

    /** @return what was chosen, for messages: {@code dead letter 12}, {@code dead letter(s) of feed F}, {@code dead letter(s)} */
    String describe() {
        return id != null ? "dead letter " + id : feed != null ? "dead letter(s) of feed " + feed : "dead letter(s)";
    }
}
