package io.cleanroom.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The numbered steps of a walk-through: each shows the {@code cleanroom} command line it runs, runs
 * it in-process and shows (part of) what it printed.
 */
public final class Steps {

  private final PrintWriter out;
  private int number;

  /** Steps printed to {@code out}, numbered from 1. */
  public Steps(PrintWriter out) {
    this.out = out;
  }

  /** What a command printed and its exit code. */
  public record Result(int exitCode, String out, String err) {}

  /** The next step's number followed by ". ". */
  public String next() {
    return ++number + ". ";
  }

  /** Prints a line as is. */
  public void println(String line) {
    out.println(line);
  }

  /** Runs a step that must succeed, showing up to 40 lines of its output. */
  public Result run(String title, String... args) {
    return run(title, s -> s.lines().limit(40), args);
  }

  /** Runs a step that must succeed, showing what {@code show} picks of its output. */
  public Result run(String title, Function<String, Stream<String>> show, String... args) {
    Result r = runShowing(title, show, args);
    if (r.exitCode() != 0) {
      throw new UserError("step failed: cleanroom " + String.join(" ", args));
    }
    return r;
  }

  /** Runs a step that must be refused (exit code 1), showing its one-line reason. */
  public Result refused(String title, String... args) {
    Result r = runShowing(title, s -> s.lines().limit(40), args);
    if (r.exitCode() != 1) {
      throw new UserError("expected a refusal: cleanroom " + String.join(" ", args));
    }
    return r;
  }

  /** Runs a command without showing it. */
  public static Result quietly(String... args) {
    StringWriter captured = new StringWriter();
    StringWriter errors = new StringWriter();
    int code =
        CleanroomCommand.run(new PrintWriter(captured, true), new PrintWriter(errors, true), args);
    return new Result(code, captured.toString(), errors.toString());
  }

  private Result runShowing(String title, Function<String, Stream<String>> show, String... args) {
    out.println(next() + title + ":  cleanroom " + commandLine(args));
    Result r = quietly(args);
    show.apply(r.out()).forEach(l -> out.println("   " + l));
    r.err().lines().forEach(l -> out.println("   " + l));
    return r;
  }

  private static String commandLine(String... args) {
    return String.join(
        " ", Arrays.stream(args).map(a -> a.contains(" ") ? '"' + a + '"' : a).toList());
  }
}
