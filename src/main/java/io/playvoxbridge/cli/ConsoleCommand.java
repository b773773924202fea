package io.playvoxbridge.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code console}: the group of commands on the Hawtio console's users ({@code add-user}). */
@Command(name = "console",
        description = "Manages who may log in to the Hawtio console (http://127.0.0.1:8888/hawtio by default).",
        subcommands = {ConsoleAddUserCommand.class})
final class ConsoleCommand implements Runnable {

    @ParentCommand
    BridgeCommand root;

    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error. @throws ParameterException always */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand (add-user)");
    }

    /** @return the override settings of every command */
    Map<String, String> overrides() {
        return root.overrides();
    }
}
