package io.cleanroom.cli;

import io.cleanroom.crypto.CryptoException;
import picocli.CommandLine;

/**
 * Turns exceptions into the CLI's contract: one line on stderr naming what is wrong, exit code 1
 * for refused or invalid input, 2 for usage errors. Stack traces only with {@code
 * CLEANROOM_DEBUG=1}.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {

  /** Exit code for refused or invalid input. */
  static final int REFUSED = 1;

  /** Exit code for usage errors. */
  static final int USAGE = 2;

  @Override
  public int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    if (e instanceof CommandLine.ParameterException pe) {
      cli.getErr().println("cleanroom: " + pe.getMessage());
      return USAGE;
    }
    cli.getErr().println("cleanroom: " + message(e));
    if ("1".equals(System.getenv("CLEANROOM_DEBUG"))) {
      e.printStackTrace(cli.getErr());
    }
    return REFUSED;
  }

  static int exitCode(Throwable t) {
    return t instanceof CommandLine.ParameterException ? USAGE : REFUSED;
  }

  private static String message(Throwable e) {
    if (e instanceof CryptoException
        || e instanceof UserError
        || e instanceof io.cleanroom.cli.broker.BrokerRefusal
        || e instanceof io.cleanroom.attestation.AttestationException
        || e instanceof io.cleanroom.query.QueryException) {
      return e.getMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException nf) {
      return "no such file: " + nf.getFile();
    }
    if (e instanceof java.io.UncheckedIOException u) {
      return message(u.getCause());
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
