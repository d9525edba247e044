package io.cleanroom.cli.query;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cleanroom query}: the analyst's and data owner's query tools. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Check a query against a contract, or run it locally on sealed data.",
    subcommands = {CheckCommand.class, RunLocalCommand.class, CommandLine.HelpCommand.class})
public final class QueryCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
