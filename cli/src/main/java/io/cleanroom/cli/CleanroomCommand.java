package io.cleanroom.cli;

import io.cleanroom.cli.attestation.AttestationCommand;
import io.cleanroom.cli.broker.ApproveCommand;
import io.cleanroom.cli.broker.BrokerCommand;
import io.cleanroom.cli.broker.ContractCommand;
import io.cleanroom.cli.broker.EnclaveCommand;
import io.cleanroom.cli.broker.KeysCommand;
import io.cleanroom.cli.broker.TokenCommand;
import io.cleanroom.cli.dataset.DatasetCommand;
import io.cleanroom.cli.example.ExampleCommand;
import io.cleanroom.cli.query.QueryCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cleanroom} command: the data owner's and auditor's tool for sealing datasets and
 * verifying what the clean room did, offline.
 *
 * <p>Exit codes: 0 success, 1 refused or invalid input (one line on stderr says why), 2 usage.
 */
@Command(
    name = "cleanroom",
    mixinStandardHelpOptions = true,
    versionProvider = CleanroomCommand.Version.class,
    description =
        "Confidential clean room: seal datasets, check queries, verify evidence and logs.",
    subcommands = {
      DatasetCommand.class,
      AttestationCommand.class,
      QueryCommand.class,
      ExampleCommand.class,
      TokenCommand.class,
      KeysCommand.class,
      ContractCommand.class,
      ApproveCommand.class,
      BrokerCommand.class,
      EnclaveCommand.class,
      io.cleanroom.cli.broker.PortalCommand.class,
      io.cleanroom.cli.verify.VerifyGroupCommand.class,
      UpCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CleanroomCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line with the process's standard streams; returns the exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new CleanroomCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new Failures());
    cli.setExitCodeExceptionMapper(Failures::exitCode);
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version printed by {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CleanroomCommand.class.getPackage().getImplementationVersion();
      return new String[] {"cleanroom " + (v == null ? "development build" : v)};
    }
  }
}
