package io.cleanroom.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process and captures what it prints. */
public record Cli(int exitCode, String out, String err) {

  /** Runs {@code cleanroom args...}. */
  public static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CleanroomCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /** Runs {@code cleanroom query run-local --contract C --data D --sql SQL extra...}. */
  public static Cli runLocal(Path contract, Path data, String sql, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "query",
                "run-local",
                "--contract",
                contract.toString(),
                "--data",
                data.toString(),
                "--sql",
                sql));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }
}
