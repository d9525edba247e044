package io.cleanroom.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.Claims;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.policy.AllowedEnclaves;
import io.cleanroom.attestation.policy.Appraisal;
import io.cleanroom.attestation.policy.Appraiser;
import io.cleanroom.cli.UserError;
import io.cleanroom.cli.attestation.TrustOptions;
import io.cleanroom.cli.attestation.VerifyCommand.InstantConverter;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.crypto.receipt.VerifiedReceipt;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.contract.EnclaveReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom verify receipt}: checks a result's receipt offline, trusting only the vendor
 * roots and the contract, never the operator who handed the receipt over.
 *
 * <p>The checks, each printed: (1) the receipt's Ed25519 signature by the key it names, over its
 * exact canonical bytes; (2) the attestation evidence it carries, to the vendor roots; (3) that the
 * evidence's REPORT_DATA binds the signing key and the HPKE key ({@link EnclaveIdentityBinding}),
 * so the signer is the attested enclave; (4) with {@code --contract}: the contract hash, an allowed
 * enclave of the contract that accepts the evidence, and each input's sealed digest; (5) with
 * {@code --result}: the output digest; (6) with {@code --fingerprint}: the query. Evidence is
 * appraised as of the receipt's time (it was collected when the enclave started), or {@code --at}.
 *
 * <p><b>Security:</b> a simulated enclave's receipt verifies only with {@code --simulated-root},
 * and is then reported as SIMULATED — NOT CONFIDENTIAL: anyone holding the simulator's files can
 * forge it.
 */
@Command(
    name = "receipt",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a result receipt offline: signature, attestation evidence, the binding of the signing"
          + " key to the attested enclave, and (when given) the contract, the result and the query.",
      "Exit code 0 when every check passes, 1 when one fails."
    })
public final class ReceiptCommand implements Callable<Integer> {

  /** The line a simulated receipt is reported with. */
  static final String SIMULATED =
      "SIMULATED — NOT CONFIDENTIAL: a simulated TEE signed this; no hardware vouches for it";

  @Spec CommandSpec spec;
  @Mixin TrustOptions trustOptions;

  @Parameters(index = "0", paramLabel = "RECEIPT", description = "The signed receipt (JSON).")
  Path receiptFile;

  @Option(names = "--contract", paramLabel = "FILE", description = "The contract it must follow.")
  Path contractFile;

  @Option(
      names = "--result",
      paramLabel = "FILE",
      description =
          "The result it must describe: {columns, rows}, or a run's answer holding it as 'result'.")
  Path resultFile;

  @Option(
      names = "--fingerprint",
      paramLabel = "F",
      description = "The approved query fingerprint it must name.")
  String fingerprint;

  @Option(
      names = "--at",
      paramLabel = "ISO-8601-TIME",
      converter = InstantConverter.class,
      description = "Appraise the evidence as of this time (default: the receipt's time).")
  Instant at;

  private final List<String> failures = new ArrayList<>();
  private PrintWriter out;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    VerifiedReceipt verified;
    try {
      verified = Receipts.verify(read(receiptFile));
    } catch (CryptoException e) {
      check(false, "signature: " + e.getMessage());
      return finish(false);
    }
    JsonNode r = verified.receipt();
    out.printf(
        "receipt of run %s: contract %s, query %s%n",
        r.path("runId").asText("?"),
        r.path("contractHash").asText("?"),
        r.path("queryFingerprint").asText("?"));
    check(true, "signed by enclave key " + r.path("signingKey").asText());

    Instant when = at != null ? at : time(r);
    Optional<VerificationResult> evidence = verifyEvidence(r, when);
    Optional<byte[]> binding = binding(r, verified.signingKey());
    evidence
        .flatMap(VerificationResult::claims)
        .ifPresent(
            c ->
                binding.ifPresent(
                    b ->
                        check(
                            c.reportData().equalsIgnoreCase(HexFormat.of().formatHex(b)),
                            "the evidence binds the signing key and the HPKE key")));

    if (contractFile != null) {
      checkContract(r, evidence, binding, when);
    }
    if (resultFile != null) {
      JsonNode result = CanonicalJson.parse(read(resultFile));
      if (result.has("result") && !result.has("columns")) {
        result = result.get("result");
      }
      String digest = Digests.hex(Digests.sha256(CanonicalJson.toBytes(result)));
      check(
          digest.equals(r.path("outputDigest").asText()),
          "output digest " + digest + " of " + resultFile);
    }
    if (fingerprint != null) {
      check(
          fingerprint.equals(r.path("queryFingerprint").asText()),
          "query fingerprint is the approved " + fingerprint);
    }
    out.printf(
        "suppressed groups %s, epsilon spent %s%n",
        r.path("suppressedGroups").asText("?"), r.path("epsilonSpent").asText("?"));
    boolean simulated =
        r.path("simulated").asBoolean(false)
            || evidence.flatMap(VerificationResult::claims).map(Claims::simulated).orElse(false);
    return finish(simulated);
  }

  private Optional<VerificationResult> verifyEvidence(JsonNode r, Instant when) {
    Evidence e;
    try {
      e = EvidenceJson.read(r.path("evidence"));
    } catch (AttestationException ex) {
      check(false, "evidence: " + ex.getMessage());
      return Optional.empty();
    }
    VerificationResult v;
    try {
      v = new Verifiers(trustOptions.trust()).verify(e, when);
    } catch (IOException ex) {
      throw new UserError("cannot read the trust options' files: " + ex.getMessage(), ex);
    }
    if (!e.tee().id().equals(r.path("tee").asText(e.tee().id()))) {
      check(
          false, "the receipt says tee " + r.path("tee").asText() + ", the evidence is " + e.tee());
    }
    check(
        v.verified(),
        "evidence: "
            + e.tee().id()
            + (v.verified()
                ? " verified, measurement " + v.claims().map(Claims::measurement).orElse("?")
                : " refused: " + String.join("; ", v.errors())));
    return v.verified() ? Optional.of(v) : Optional.empty();
  }

  private Optional<byte[]> binding(JsonNode r, byte[] signingKey) {
    try {
      EnclavePublicKey hpke = EnclavePublicKey.fromBase64Url(r.path("hpkePublicKey").asText(""));
      return Optional.of(EnclaveIdentityBinding.reportData(hpke, signingKey));
    } catch (CryptoException e) {
      check(false, "hpkePublicKey: " + e.getMessage());
      return Optional.empty();
    }
  }

  private void checkContract(
      JsonNode r, Optional<VerificationResult> evidence, Optional<byte[]> binding, Instant when) {
    Contract contract = ContractParser.read(contractFile);
    check(
        contract.id().equals(r.path("contractHash").asText()),
        "contract " + contract.id() + " (" + contractFile + ")");
    if (evidence.isPresent() && binding.isPresent()) {
      List<String> refusals = new ArrayList<>();
      boolean allowed = false;
      for (EnclaveReference ref : contract.allowedEnclaves()) {
        if (!ref.tee().equalsIgnoreCase(evidence.get().tee().id())) {
          continue;
        }
        Appraisal a =
            Appraiser.appraise(
                evidence.get(),
                AllowedEnclaves.referenceValues(ref.tee(), ref.values()),
                binding,
                when);
        allowed |= a.accepted();
        a.refusals().forEach(x -> refusals.add(x.reason() + ": " + x.detail()));
      }
      check(
          allowed,
          allowed
              ? "the enclave is one the contract allows"
              : "no enclave the contract allows accepts this evidence"
                  + (refusals.isEmpty() ? "" : " (" + String.join("; ", refusals) + ")"));
    }
    JsonNode inputs = r.path("inputs");
    if (!inputs.isArray() || inputs.isEmpty()) {
      check(false, "the receipt names no inputs");
    }
    for (JsonNode in : inputs) {
      String id = in.path("datasetId").asText();
      Optional<String> expected = contract.dataset(id).flatMap(DatasetSpec::sealedDigest);
      check(
          expected.isPresent() && expected.get().equalsIgnoreCase(in.path("sealedDigest").asText()),
          "input "
              + id
              + " sealed digest "
              + in.path("sealedDigest").asText()
              + (expected.isPresent() ? "" : " (the contract names no such dataset digest)"));
    }
  }

  private void check(boolean ok, String what) {
    out.println((ok ? "  ok      " : "  FAILED  ") + what);
    if (!ok) {
      failures.add(what);
    }
  }

  private int finish(boolean simulated) {
    if (simulated) {
      out.println(SIMULATED);
    }
    if (failures.isEmpty()) {
      out.println("receipt verified");
      return 0;
    }
    spec.commandLine().getErr().println("cleanroom: receipt refused: " + failures.get(0));
    return 1;
  }

  private static Instant time(JsonNode r) {
    try {
      return Instant.parse(r.path("time").asText());
    } catch (DateTimeParseException e) {
      throw new UserError("the receipt has no valid time");
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UserError("no such file: " + file);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
