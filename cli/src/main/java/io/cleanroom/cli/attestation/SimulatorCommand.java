package io.cleanroom.cli.attestation;

import io.cleanroom.attestation.sim.SimulatedTee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cleanroom attestation simulator}: the simulated TEE's state on this machine. */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    description = "Manage the simulated TEE (NOT confidential; for demos and tests).",
    subcommands = {SimulatorCommand.Init.class, CommandLine.HelpCommand.class})
public final class SimulatorCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code cleanroom attestation simulator init}: creates the simulator's keys and certificates in
   * a directory (kept if already there) and prints the root certificate's path, which a key broker
   * must be configured with to accept simulated evidence.
   */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Create (or keep) a simulated TEE's state in DIR; print its root certificate.")
  static final class Init implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "State directory.")
    Path dir;

    @Override
    public Integer call() {
      boolean existed = Files.exists(dir.resolve(SimulatedTee.ROOT_FILE));
      SimulatedTee.loadOrCreate(dir);
      spec.commandLine()
          .getOut()
          .printf(
              "%s simulated TEE; its root certificate: %s%n",
              existed ? "kept the" : "created a new", dir.resolve(SimulatedTee.ROOT_FILE));
      return 0;
    }
  }
}
