package io.cleanroom.cli.verify;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.receipt.ReceiptVerifier;
import io.cleanroom.cli.attestation.TrustOptions;
import io.cleanroom.cli.attestation.VerifyCommand.InstantConverter;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom verify log}: checks a collaboration's log export offline ({@link
 * LogExportVerifier}) and prints what it holds: entries, the tree head, events and signers by kind,
 * and the first failure with its index.
 *
 * <p>An enclave's key may be pinned through its attestation evidence ({@link TrustedKeysFile}): the
 * evidence is verified with the trust options ({@code --certs}, {@code --collateral}, {@code
 * --simulated-root}, {@code --network}) as of {@code --at}, must bind the key, and the auditor's
 * policy must accept it; otherwise nothing of the export is checked and the answer is 1.
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
              + " a missing member is not pinned. An enclave may be given by its evidence instead:"
              + " {\"attestation\"|\"receipt\": FILE, \"policy\": FILE} (docs/audit.md).")
  Path trustedKeys;

  @Option(
      names = "--previous-head",
      paramLabel = "FILE",
      description = "A signed tree head of this log seen earlier: the log must extend it.")
  Path previousHead;

  @Option(
      names = "--at",
      paramLabel = "ISO-8601-TIME",
      converter = InstantConverter.class,
      description =
          "Appraise the evidence of enclaves pinned through it as of this time (default: now for"
              + " an attestation, the receipt's time for a receipt).")
  Instant at;

  @Mixin TrustOptions trustOptions;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TrustedKeysFile.Read read;
    try {
      read =
          trustedKeys == null
              ? new TrustedKeysFile.Read(TrustedLogKeys.none(), List.of())
              : new TrustedKeysFile(trustedKeys, verifier(), Optional.ofNullable(at)).read();
    } catch (TrustedKeysFile.Invalid e) {
      throw usage(e.getMessage());
    } catch (TrustedKeysFile.Refused e) {
      String reason = "the trusted keys: " + e.getMessage();
      if (json) {
        out.println(CanonicalJson.toString(LogReport.refusedPin(reason)));
      } else {
        out.println("FAILED: " + reason);
      }
      spec.commandLine().getErr().println("cleanroom: log refused: " + reason);
      return 1;
    }
    TrustedLogKeys trusted = read.keys();
    byte[] previous = previousHead == null ? null : read(previousHead);
    LogVerification v;
    try (InputStream in = Files.newInputStream(export)) {
      v = LogExportVerifier.verify(in, trusted, previous);
    } catch (NoSuchFileException e) {
      throw usage("no such file: " + export);
    } catch (IOException | CryptoException e) {
      throw usage("cannot read " + export + ": " + e.getMessage());
    }
    if (json) {
      out.println(CanonicalJson.toString(LogReport.json(v, read.pinnedByEvidence())));
    } else {
      LogReport.printPins(read.pinnedByEvidence(), out);
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

  private ReceiptVerifier verifier() {
    try {
      return new ReceiptVerifier(new Verifiers(trustOptions.trust()));
    } catch (IOException | AttestationException e) {
      throw usage("cannot read the trust options' files: " + e.getMessage());
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
