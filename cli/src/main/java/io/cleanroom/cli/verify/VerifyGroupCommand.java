package io.cleanroom.cli.verify;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cleanroom verify}: offline verification of what the clean room produced. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Verify a result's receipt or a collaboration's log offline, without trusting the operator.",
    subcommands = {ReceiptCommand.class, LogCommand.class, CommandLine.HelpCommand.class})
public final class VerifyGroupCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
