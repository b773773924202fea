package io.playvoxbridge.cli;

import io.playvoxbridge.Application;
import io.playvoxbridge.BridgeConfigurationException;
import io.playvoxbridge.state.StateDatabaseException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * The command line of {@code java -jar playvox-bridge.jar}: without a command it runs the bridge, as it always has
 * (the arguments go to Camel Main); {@code run} does the same explicitly ({@code --dry-run}: nothing sent to Playvox);
 * {@code dead-letters} lists, shows, replays and discards dead letters; {@code check} tests the settings and each
 * vendor's credentials; {@code setup} creates the Playvox integrations; {@code sandbox} runs only the fakes.
 *
 * <p>Exit codes: what Camel Main returns when the bridge ends (0 normally); 2 for a usage error (picocli's message
 * and usage) or a bad setting (one line: {@code playvox-bridge cannot start: <key>: <problem>} when running the
 * bridge, {@code playvox-bridge: <key>: <problem>} for another command); 1 for any other failure,
 * including an H2 state database held by a running bridge (one line, no stack trace). Secrets are never printed:
 * state database messages mask the password.
 */
@Command(name = "playvox-bridge", scope = CommandLine.ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = BridgeCommand.Version.class,
        description = "Moves contact-center interactions into Playvox. Without a command, runs the bridge "
                + "(Ctrl+C to stop); any arguments then go to Camel Main.",
        subcommands = {RunCommand.class, DeadLettersCommand.class, BackfillCommand.class,
                CheckCommand.class, SetupCommand.class, SandboxCommand.class, ConsoleCommand.class},
        footer = {"", "Settings come from application.properties (working directory, else the packaged copy); each key "
                + "can be overridden by its environment variable (bridge.state.jdbc-url -> BRIDGE_STATE_JDBC_URL) "
                + "or a JVM system property (-Dbridge.state.jdbc-url=...)."})
public final class BridgeCommand implements Callable<Integer> {

    /** Exit code of a bad setting (and of a usage error). */
    public static final int BAD_SETTING = 2;

    /** The one line printed when an H2 state database file is held by another process. */
    static final String STATE_IN_USE = "the state database is in use by a running bridge (an H2 file opens in one "
            + "process at a time): stop the bridge first, or use PostgreSQL (bridge.state.jdbc-url)";

    private final Map<String, String> overrides;

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> camelMainArgs = new ArrayList<>();

    /**
     * @param overrides settings that win over {@code application.properties} for every command, as Camel Main
     *                  override properties (empty from {@link Application#main}; tests point the state database and
     *                  the vendors at their own)
     */
    public BridgeCommand(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Builds the command line: picocli's parsing and usage errors (exit code 2), this class's exit codes for
     * failures, and the log sent to standard error for the {@code dead-letters}, {@code check}, {@code setup} and
     * {@code sandbox} commands, whose output is on standard output.
     *
     * @param overrides see {@link #BridgeCommand(Map)}
     * @return a command line to {@link CommandLine#execute(String...)}
     */
    public static CommandLine commandLine(Map<String, String> overrides) {
        CommandLine commandLine = new CommandLine(new BridgeCommand(overrides));
        // subcommands copy the parser settings of their parent, whose @Unmatched (for Camel Main) allows anything
        for (String strict : new String[] {"dead-letters", "check", "setup", "sandbox", "console"}) {
            commandLine.getSubcommands().get(strict).setUnmatchedArgumentsAllowed(false);
        }
        commandLine.setExecutionExceptionHandler(BridgeCommand::failure);
        commandLine.setExecutionStrategy(parseResult -> {
            if (isDeadLettersCommand(parseResult) && System.getProperty("LOG_TARGET") == null) {
                // read by logback.xml when the first logger is made, which is after parsing
                System.setProperty("LOG_TARGET", "System.err");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /**
     * No command: runs the bridge with the arguments for Camel Main.
     *
     * @return the bridge's exit code
     * @throws CommandLine.ParameterException (usage error) when the first argument is neither a command nor an
     *                                        option, e.g. a misspelt command
     */
    @Override
    public Integer call() {
        if (!camelMainArgs.isEmpty() && !camelMainArgs.get(0).startsWith("-")) {
            throw new CommandLine.UnmatchedArgumentException(spec.commandLine(), camelMainArgs);
        }
        return runBridge(camelMainArgs, spec.commandLine().getErr());
    }

    /** @return the override settings every command applies */
    Map<String, String> overrides() {
        return overrides;
    }

    /**
     * Runs the bridge until it is stopped, as {@code Application.main} always has.
     *
     * @param camelMainArgs arguments for Camel Main ({@code -h} of Camel Main is shadowed by this command's help)
     * @param err           where failures are reported
     * @return Camel Main's exit code; 2 after one line for a bad setting; 1 after the stack trace for another failure
     */
    int runBridge(List<String> camelMainArgs, PrintWriter err) {
        return runBridge(camelMainArgs, err, Map.of());
    }

    /**
     * Runs the bridge until it is stopped, with some settings of the command line on top of the overrides.
     *
     * @param camelMainArgs arguments for Camel Main
     * @param err           where failures are reported
     * @param extra         settings that win over everything else (e.g. {@code bridge.dry-run=true})
     * @return as {@link #runBridge(List, PrintWriter)}
     */
    int runBridge(List<String> camelMainArgs, PrintWriter err, Map<String, String> extra) {
        Main main = Application.createMain();
        overrides.forEach(main::addOverrideProperty);
        extra.forEach(main::addOverrideProperty);
        try {
            return main.run(camelMainArgs.toArray(new String[0]));
        } catch (Exception e) {
            BridgeConfigurationException bad = BridgeConfigurationException.find(e);
            if (bad != null) {
                err.println("playvox-bridge cannot start: " + bad.getMessage());
                err.flush();
                return BAD_SETTING;
            }
            e.printStackTrace(err);
            err.println("playvox-bridge stopped: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static boolean isDeadLettersCommand(ParseResult parseResult) {
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.commandSpec().userObject() instanceof DeadLettersCommand
                    || r.commandSpec().userObject() instanceof CheckCommand
                    || r.commandSpec().userObject() instanceof SetupCommand
                    || r.commandSpec().userObject() instanceof SandboxCommand) {
                return true;
            }
        }
        return false;
    }

    /** One line for the failures an operator can act on; a stack trace for the others. */
    private static int failure(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code = 1;
        BridgeConfigurationException bad = BridgeConfigurationException.find(e);
        if (CliSettings.inUseByAnotherProcess(e)) {
            err.println("playvox-bridge: " + STATE_IN_USE);
        } else if (bad != null) {
            err.println("playvox-bridge: " + bad.getMessage());
            code = BAD_SETTING;
        } else if (e instanceof StateDatabaseException) {
            err.println("playvox-bridge: " + e.getMessage());
        } else {
            e.printStackTrace(err);
            err.println("playvox-bridge: " + e.getMessage());
        }
        err.flush();
        return code;
    }

    /** {@code --version}: the jar's {@code Implementation-Version}. */
    static final class Version implements CommandLine.IVersionProvider {
        /** @return one line, e.g. {@code playvox-bridge 0.1.0} */
        @Override
        public String[] getVersion() {
            String version = BridgeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"playvox-bridge " + (version == null ? "(version unknown outside the jar)" : version)};
        }
    }
}
