package io.cleanroom.cli.broker;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cleanroom enclave}: runs in the enclave service, and the enclave's side of the key release
 * played locally.
 */
@Command(
    name = "enclave",
    mixinStandardHelpOptions = true,
    description =
        "Run an approved query in the enclave service; play the enclave's side of the key release"
            + " with the simulated TEE (NOT confidential).",
    subcommands = {
      EnclaveRunCommand.class,
      SimulateReleaseCommand.class,
      CommandLine.HelpCommand.class
    })
public final class EnclaveCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
