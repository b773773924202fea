package io.playvoxbridge.cli;

import io.playvoxbridge.state.DeadLetterStore;
import io.playvoxbridge.state.StateDatabase;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dead-letters}: the group of commands on the dead letters of the state database ({@code list}, {@code show},
 * {@code replay}, {@code discard}). {@code list}, {@code show} and {@code discard} only open the state database,
 * with the bridge's settings; {@code replay} starts the application without polls to run its routes.
 */
@Command(name = "dead-letters",
        description = "Lists, shows, replays and discards dead letters: the records the bridge could not deliver, "
                + "stored in the state database with their reason and payload.",
        subcommands = {DeadLettersListCommand.class, DeadLettersShowCommand.class, DeadLettersReplayCommand.class,
                DeadLettersDiscardCommand.class})
final class DeadLettersCommand implements Runnable {

    @ParentCommand
    BridgeCommand root;

    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error. @throws ParameterException always */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (list, show, replay or discard)");
    }

    /** @return the override settings of every command */
    Map<String, String> overrides() {
        return root.overrides();
    }

    /**
     * Says on standard error that no dead letter has this id.
     *
     * @param id the id asked for
     * @return the exit code for it: 1
     */
    int noSuchDeadLetter(long id) {
        spec.commandLine().getErr().println("no dead letter with id " + id);
        spec.commandLine().getErr().flush();
        return 1;
    }

    /**
     * Opens the state database with the bridge's settings, runs some work on its dead letters, and closes it.
     *
     * @param work what to do with the dead letters
     * @param <T>  what the work returns
     * @return what the work returned
     * @throws io.playvoxbridge.BridgeConfigurationException   when {@code bridge.state.jdbc-url} is unset
     * @throws io.playvoxbridge.state.StateDatabaseException when the database cannot be opened (for an H2 file held
     *                                                       by a running bridge, see
     *                                                       {@link CliSettings#inUseByAnotherProcess}), read or written
     */
    <T> T withStore(Function<DeadLetterStore, T> work) {
        try (StateDatabase db = CliSettings.load(overrides()).openStateDatabase()) {
            return work.apply(new DeadLetterStore(db.dataSource()));
        }
    }
}
