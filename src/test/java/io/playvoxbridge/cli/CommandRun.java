package io.playvoxbridge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * One run of the command line in the test's JVM, as {@code java -jar playvox-bridge.jar ARGS} would run with these
 * settings, with what it printed.
 *
 * @param exitCode the exit code
 * @param out      its standard output
 * @param err      its standard error
 */
public record CommandRun(int exitCode, String out, String err) {

    /**
     * @param settings override settings (the state database, the fakes' URLs...)
     * @param args     the command line
     * @return how it ended and what it printed
     */
    public static CommandRun of(Map<String, String> settings, String... args) {
        CommandLine commandLine = BridgeCommand.commandLine(settings);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** @return the standard output's lines */
    public List<String> outLines() {
        return out.lines().toList();
    }
}
