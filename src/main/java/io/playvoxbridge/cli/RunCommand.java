package io.playvoxbridge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code run}: runs the bridge until stopped, as {@code java -jar playvox-bridge.jar} without a command does. */
@Command(name = "run",
        description = "Runs the bridge until stopped (Ctrl+C or SIGTERM); the default when no command is given. "
                + "Other arguments go to Camel Main.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    BridgeCommand root;

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> camelMainArgs = new ArrayList<>();

    /** @return the bridge's exit code, see {@link BridgeCommand#runBridge} */
    @Override
    public Integer call() {
        return root.runBridge(camelMainArgs, spec.commandLine().getErr());
    }
}
