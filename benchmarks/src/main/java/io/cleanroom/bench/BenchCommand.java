package io.cleanroom.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cleanroom bench}: every benchmark measures the project against a peer (raw AES-GCM, plain
 * Arrow IPC, DuckDB...) in the same run and prints the ratio, so figures hold on a noisy machine.
 */
@Command(
    name = "cleanroom bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks with a peer measured in the same run.",
    subcommands = {
      SealBenchmark.class,
      AttestBenchmark.class,
      TpchBenchmark.class,
      CleanroomBenchmark.class,
      SealedQueryBenchmark.class,
      ColdOpenBenchmark.class,
      LogBenchmark.class,
      CommandLine.HelpCommand.class
    })
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Entry point; the launcher passes {@code bench} as the first argument, which is dropped. */
  public static void main(String[] args) {
    String[] rest =
        args.length > 0 && args[0].equals("bench")
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : args;
    System.exit(new CommandLine(new BenchCommand()).execute(rest));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
