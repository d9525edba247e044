package io.cleanroom.cli.attestation;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.EvidenceFiles;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.policy.Appraisal;
import io.cleanroom.attestation.policy.Appraiser;
import io.cleanroom.attestation.policy.PolicyJson;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cleanroom attestation verify}: verifies one piece of evidence at a given time against the
 * pinned vendor roots, optionally appraises it against a policy file, and prints one JSON object.
 * Exit 0 when it verifies and the policy (if any) accepts it, 1 when refused, 2 on usage errors.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify SEV-SNP, TDX or simulated evidence and print the result as one JSON object.",
      "Evidence files: raw SNP report, raw TDX quote (hex or binary), Azure HCL report or vTPM"
          + " evidence JSON, or the cleanroom evidence container."
    })
public final class VerifyCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--evidence", required = true, paramLabel = "FILE", description = "Evidence.")
  Path evidence;

  @Option(
      names = "--tee",
      paramLabel = "snp|tdx|sim",
      converter = TeeConverter.class,
      description = "TEE type (default: recognized from the file).")
  TeeType tee;

  @Mixin TrustOptions trustOptions;

  @Option(
      names = "--at",
      paramLabel = "ISO-8601-TIME",
      converter = InstantConverter.class,
      description = "Verify as of this time (default: now), e.g. 2025-07-01T00:00:00Z.")
  Instant at;

  @Option(names = "--policy", paramLabel = "FILE", description = "Appraisal policy (JSON).")
  Path policy;

  @Override
  public Integer call() throws IOException {
    Instant now = at == null ? Instant.now() : at;
    Optional<PolicyJson.Policy> p = policy == null ? Optional.empty() : Optional.of(policy());
    TrustConfig trust = trustOptions.trust();
    Map<String, Object> out;
    boolean ok;
    try {
      Evidence e = EvidenceFiles.load(Files.readAllBytes(evidence), Optional.ofNullable(tee));
      VerificationResult r = new Verifiers(trust).verify(e, now);
      out = r.toJson();
      ok = r.verified();
      if (p.isPresent()) {
        Appraisal a = Appraiser.appraise(r, p.get().referenceValues(), p.get().reportData(), now);
        out.put("appraisal", a.toJson());
        ok &= a.accepted();
      }
    } catch (AttestationException e) {
      out = new LinkedHashMap<>();
      out.put("verified", false);
      out.put("tee", tee == null ? "unknown" : tee.id());
      out.put("claims", Map.of());
      out.put("tcbStatus", "NotEvaluated");
      out.put("checks", List.of(Map.of("name", "evidence", "ok", false, "detail", e.getMessage())));
      out.put("errors", List.of(e.getMessage()));
      ok = false;
    }
    spec.commandLine()
        .getOut()
        .println(CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    if (!ok) {
      spec.commandLine().getErr().println("cleanroom: evidence refused");
    }
    return ok ? 0 : 1;
  }

  private PolicyJson.Policy policy() throws IOException {
    try {
      return PolicyJson.parse(Files.readAllBytes(policy));
    } catch (AttestationException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), policy + ": " + e.getMessage());
    }
  }

  /** Parses {@code --tee}. */
  static final class TeeConverter implements CommandLine.ITypeConverter<TeeType> {
    @Override
    public TeeType convert(String value) {
      try {
        return TeeType.fromId(value);
      } catch (AttestationException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not snp, tdx or sim");
      }
    }
  }

  /** Parses {@code --at}: an ISO-8601 instant, or a date meaning its midnight UTC. */
  public static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return value.contains("T")
            ? Instant.parse(value)
            : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an ISO-8601 time (e.g. 2025-07-01T00:00:00Z)");
      }
    }
  }
}
