package io.cleanroom.cli.attestation;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cleanroom attestation}: commands on TEE evidence. */
@Command(
    name = "attestation",
    mixinStandardHelpOptions = true,
    description = "Verify AMD SEV-SNP, Intel TDX and simulated TEE evidence offline.",
    subcommands = {VerifyCommand.class, SimulatorCommand.class, CommandLine.HelpCommand.class})
public final class AttestationCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
