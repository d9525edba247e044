package io.cleanroom.cli.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.policy.AllowedEnclaves;
import io.cleanroom.attestation.policy.Appraisal;
import io.cleanroom.attestation.policy.EnclavePolicy;
import io.cleanroom.attestation.receipt.ReceiptCheck;
import io.cleanroom.attestation.receipt.ReceiptVerifier;
import io.cleanroom.cli.UserError;
import io.cleanroom.cli.attestation.TrustOptions;
import io.cleanroom.cli.attestation.VerifyCommand.InstantConverter;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.EnclaveIdentityBinding;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import io.cleanroom.query.contract.DatasetSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
 * enclave of the contract that accepts the evidence, and each input's sealed digest; with {@code
 * --policy}: an enclave of the auditor's own {@link EnclavePolicy} that accepts it; (5) with {@code
 * --result}: the output digest; (6) with {@code --fingerprint}: the query. Evidence is appraised as
 * of the receipt's time (it was collected when the enclave started), or {@code --at}.
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
      "Exit code 0 when every check passes, 1 when one fails, 2 for usage errors and files that"
          + " cannot be read."
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
      names = "--policy",
      paramLabel = "FILE",
      description =
          "Your own enclave policy, {\"allowedEnclaves\": [...]} with entries as in a contract:"
              + " the evidence must be accepted by it (and by the contract, if given).")
  Path policyFile;

  @Option(
      names = "--at",
      paramLabel = "ISO-8601-TIME",
      converter = InstantConverter.class,
      description = "Appraise the evidence as of this time (default: the receipt's time).")
  Instant at;

  @Option(
      names = "--json",
      description =
          "Print one JSON object instead: verified, simulated, the receipt's run, contract, query,"
              + " suppressed groups and epsilon, and every check with ok and what.")
  boolean json;

  private final List<String> failures = new ArrayList<>();
  private final com.fasterxml.jackson.databind.node.ObjectNode report =
      CanonicalJson.mapper().createObjectNode();
  private PrintWriter out;

  @Override
  public Integer call() {
    out = json ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getOut();
    byte[] bytes = read(receiptFile);
    Optional<EnclavePolicy> policy = policyFile == null ? Optional.empty() : Optional.of(policy());
    JsonNode unverified = receiptMember(bytes);
    Instant when = at != null ? at : time(unverified);
    ReceiptCheck checked;
    try {
      checked = new ReceiptVerifier(new Verifiers(trustOptions.trust())).verify(bytes, when);
    } catch (AttestationException e) {
      check(false, e.getMessage());
      return finish(unverified.path("simulated").asBoolean(false));
    } catch (IOException e) {
      throw new UserError("cannot read the trust options' files: " + e.getMessage(), e);
    }
    JsonNode r = checked.receipt();
    for (String member :
        new String[] {
          "runId", "contractHash", "queryFingerprint", "suppressedGroups", "epsilonSpent"
        }) {
      if (r.has(member)) {
        report.set(member, r.get(member));
      }
    }
    out.printf(
        "receipt of run %s: contract %s, query %s%n",
        r.path("runId").asText("?"),
        r.path("contractHash").asText("?"),
        r.path("queryFingerprint").asText("?"));
    check(true, "signed by enclave key " + r.path("signingKey").asText());
    check(
        true,
        "evidence: "
            + checked.claims().tee().id()
            + " verified, measurement "
            + checked.claims().measurement());
    check(true, "the evidence binds the signing key and the HPKE key");

    if (contractFile != null) {
      checkContract(r, checked, when);
    }
    policy.ifPresent(
        p ->
            checkEnclave(
                "the policy " + policyFile,
                p.appraise(checked.evidence(), checked.reportData(), when)));
    if (contractFile == null && policy.isEmpty()) {
      out.println(
          "  NOTE    the enclave build was not appraised: give --contract or --policy to say which"
              + " builds you accept");
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
    return finish(checked.simulated() || checked.claims().simulated());
  }

  /** The receipt member, unverified: only for its time and for what to say about a refusal. */
  private static JsonNode receiptMember(byte[] bytes) {
    try {
      return CanonicalJson.parse(bytes).path("receipt");
    } catch (CryptoException e) {
      throw new UserError("the receipt is not JSON");
    }
  }

  private void checkContract(JsonNode r, ReceiptCheck checked, Instant when) {
    Contract contract = ContractParser.read(contractFile);
    check(
        contract.id().equals(r.path("contractHash").asText()),
        "contract " + contract.id() + " (" + contractFile + ")");
    checkEnclave(
        "the contract",
        AllowedEnclaves.appraise(
            checked.evidence(),
            contract.allowedEnclaves().stream()
                .map(e -> new AllowedEnclaves.Entry(e.tee(), e.values()))
                .toList(),
            Optional.of(checked.reportData()),
            when));
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

  /** The appraisal of the evidence by {@code whose} allowed enclaves, as one check. */
  private void checkEnclave(String whose, List<Appraisal> tried) {
    boolean allowed = AllowedEnclaves.accepted(tried);
    check(
        allowed,
        allowed
            ? "the enclave is one " + whose + " allows"
            : "no enclave "
                + whose
                + " allows accepts this evidence"
                + (tried.isEmpty() ? "" : " (" + AllowedEnclaves.refusals(tried) + ")"));
  }

  private EnclavePolicy policy() {
    try {
      return EnclavePolicy.parse(read(policyFile));
    } catch (AttestationException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), policyFile + ": " + e.getMessage());
    }
  }

  private void check(boolean ok, String what) {
    report.withArray("checks").addObject().put("ok", ok).put("what", what);
    out.println((ok ? "  ok      " : "  FAILED  ") + what);
    if (!ok) {
      failures.add(what);
    }
  }

  private int finish(boolean simulated) {
    if (json) {
      report.put("verified", failures.isEmpty());
      report.put("simulated", simulated);
      if (simulated) {
        report.put("notice", SIMULATED);
      }
      spec.commandLine().getOut().println(report.toPrettyString());
    }
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

  /** A receipt's {@code time}, unverified, to appraise its evidence at; now if it has none. */
  static Instant time(JsonNode r) {
    try {
      return Instant.parse(r.path("time").asText());
    } catch (DateTimeParseException e) {
      return Instant.now(); // the verifier refuses such a receipt, or it has no time member
    }
  }

  private byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no such file: " + file);
    } catch (IOException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
    }
  }
}
