package io.cleanroom.cli.example;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cleanroom example}: the hospital/bank example collaboration. */
@Command(
    name = "example",
    mixinStandardHelpOptions = true,
    description = "The hospital/bank example collaboration: synthetic sealed data of any size.",
    subcommands = {GenerateCommand.class, CommandLine.HelpCommand.class})
public final class ExampleCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
