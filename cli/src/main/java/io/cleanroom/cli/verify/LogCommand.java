package io.cleanroom.cli.verify;

import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.log.LogExportVerifier;
import io.cleanroom.crypto.log.LogVerification;
import io.cleanroom.crypto.log.TrustedLogKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom verify log}: checks a collaboration's log export offline ({@link
 * LogExportVerifier}) and prints what it holds: entries, the tree head, events and signers by kind,
 * and the first failure with its index.
 *
 * <p><b>Security:</b> without {@code --trusted-keys} a verified export proves only that the log is
 * self-consistent; every signer whose keys were not pinned is printed as NOT pinned. Without {@code
 * --previous-head} a log that was rewritten (and re-signed) after the auditor last looked verifies.
 */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a collaboration's log export offline: every entry's signature, the Merkle tree against"
          + " the signed tree head, pinned keys, and that the log only grew since a previous head.",
      "Exit code 0 when it verifies, 1 when it does not, 2 for usage errors and unreadable files."
    })
public final class LogCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPORT", description = "The log export (JSON Lines).")
  Path export;

  @Option(
      names = "--trusted-keys",
      paramLabel = "FILE",
      description =
          "The keys to pin: {\"portal\":[b64url...],\"broker\":[...],\"enclave\":[...]};"
              + " a missing member is not pinned.")
  Path trustedKeys;

  @Option(
      names = "--previous-head",
      paramLabel = "FILE",
      description = "A signed tree head of this log seen earlier: the log must extend it.")
  Path previousHead;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    TrustedLogKeys trusted = trustedKeys == null ? TrustedLogKeys.none() : trusted();
    byte[] previous = previousHead == null ? null : read(previousHead);
    LogVerification v;
    try (InputStream in = Files.newInputStream(export)) {
      v = LogExportVerifier.verify(in, trusted, previous);
    } catch (NoSuchFileException e) {
      throw usage("no such file: " + export);
    } catch (IOException | CryptoException e) {
      throw usage("cannot read " + export + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CanonicalJson.toString(LogReport.json(v)));
    } else {
      LogReport.print(v, out);
    }
    v.failure()
        .ifPresent(
            f ->
                spec.commandLine()
                    .getErr()
                    .println("cleanroom: log refused: " + LogReport.where(f) + ": " + f.reason()));
    return v.verified() ? 0 : 1;
  }

  private TrustedLogKeys trusted() {
    try {
      return TrustedLogKeys.fromJson(read(trustedKeys));
    } catch (CryptoException e) {
      throw usage(trustedKeys + ": " + e.getMessage());
    }
  }

  private byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw usage("no such file: " + file);
    } catch (IOException e) {
      throw usage("cannot read " + file + ": " + e.getMessage());
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
