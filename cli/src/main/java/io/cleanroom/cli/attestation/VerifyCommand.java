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
import io.cleanroom.attestation.tdx.CollateralFiles;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

  @Option(
      names = "--certs",
      paramLabel = "FILE|DIR",
      description = "Certificates (VCEK, ASK/ARK...): a PEM/DER file or a directory; repeatable.")
  List<Path> certs = new ArrayList<>();

  @Option(
      names = "--collateral",
      paramLabel = "DIR|FILE",
      description = "TDX collateral as Intel PCS serves it: a directory or files; repeatable.")
  List<Path> collateral = new ArrayList<>();

  @Option(
      names = "--at",
      paramLabel = "ISO-8601-TIME",
      converter = InstantConverter.class,
      description = "Verify as of this time (default: now), e.g. 2025-07-01T00:00:00Z.")
  Instant at;

  @Option(names = "--policy", paramLabel = "FILE", description = "Appraisal policy (JSON).")
  Path policy;

  @Option(
      names = "--simulated-root",
      paramLabel = "FILE",
      description = "Trust the simulated TEE with this root certificate (never in production).")
  Path simulatedRoot;

  @Option(
      names = "--network",
      description = "Allow fetching from AMD KDS / Intel PCS (default: off).")
  boolean network;

  @Override
  public Integer call() throws IOException {
    Instant now = at == null ? Instant.now() : at;
    Optional<PolicyJson.Policy> p = policy == null ? Optional.empty() : Optional.of(policy());
    TrustConfig trust = trust();
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

  private TrustConfig trust() throws IOException {
    TrustConfig t = TrustConfig.defaults().withNetwork(network);
    for (Path c : certs) {
      if (Files.isDirectory(c)) {
        t = t.withCertificates(readDir(c));
      } else {
        t = t.withCertificates(Certs.splitCertificates(Files.readAllBytes(c)));
      }
    }
    if (!collateral.isEmpty()) {
      t = t.withCollateral(CollateralFiles.load(collateral));
    }
    if (simulatedRoot != null) {
      t = t.withSimulatedRoot(Certs.splitCertificates(Files.readAllBytes(simulatedRoot)).get(0));
    }
    return t;
  }

  private static List<byte[]> readDir(Path dir) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        try {
          out.addAll(Certs.splitCertificates(Files.readAllBytes(f)));
        } catch (AttestationException notACertificate) {
          // Directories may hold other files.
        }
      }
    }
    return out;
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
  static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
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
