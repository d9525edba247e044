package io.cleanroom.cli.broker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cleanroom enclave}: the enclave's side of the protocols, played locally, and the offline
 * check of its receipts.
 */
@Command(
    name = "enclave",
    mixinStandardHelpOptions = true,
    description =
        "Play the enclave's side of the key release with the simulated TEE (NOT confidential);"
            + " run queries in an enclave; verify its result receipts.",
    subcommands = {
      SimulateReleaseCommand.class,
      EnclaveRunCommand.class,
      VerifyReceiptCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EnclaveCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
