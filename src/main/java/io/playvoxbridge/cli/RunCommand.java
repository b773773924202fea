package io.playvoxbridge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code run}: runs the bridge until stopped, as {@code java -jar playvox-bridge.jar} without a command does.
 * {@code --dry-run} sets {@code bridge.dry-run=true} ({@link io.playvoxbridge.playvox.PlayvoxDryRun}) and
 * {@code --dry-run-output DIR} sets {@code bridge.dry-run.output-dir}.
 */
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

    @Option(names = "--dry-run", description = "Fetch, translate and aggregate as usual, but send nothing to Playvox: "
            + "each request that would be sent is logged (one line: method, path, interactions; the JSON body at "
            + "DEBUG), integrations are not created, no watermark moves and no delivery or dead letter is stored "
            + "(bridge.dry-run=true).")
    boolean dryRun;

    @Option(names = "--dry-run-output", paramLabel = "DIR", description = "With --dry-run: also write each request "
            + "body that would be sent to a file in DIR (bridge.dry-run.output-dir).")
    Path dryRunOutput;

    /**
     * @return the bridge's exit code, see {@link BridgeCommand#runBridge}
     * @throws picocli.CommandLine.ParameterException (usage error) for --dry-run-output without --dry-run
     */
    @Override
    public Integer call() {
        if (dryRunOutput != null && !dryRun) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--dry-run-output needs --dry-run");
        }
        return root.runBridge(camelMainArgs, spec.commandLine().getErr(), settings());
    }

    /** @return the settings the options set: {@code bridge.dry-run} and {@code bridge.dry-run.output-dir} (absolute) */
    Map<String, String> settings() {
        Map<String, String> extra = new LinkedHashMap<>();
        if (dryRun) {
            extra.put("bridge.dry-run", "true");
            if (dryRunOutput != null) {
                extra.put("bridge.dry-run.output-dir", dryRunOutput.toAbsolutePath().toString());
            }
        }
        return extra;
    }
}
