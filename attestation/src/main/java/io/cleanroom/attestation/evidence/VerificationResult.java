package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.TeeType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a verifier concluded about one piece of evidence: whether every cryptographic, chain and
 * collateral check passed, the claims it read, the TCB status, and each check with its detail.
 *
 * <p><b>Security:</b> {@code verified} says the evidence is genuine and internally consistent; it
 * says nothing about whether the measurement or TCB is acceptable. That is the appraisal's job.
 *
 * @param verified true only when every check passed
 * @param tee the TEE type that was verified
 * @param claims the claims, when the evidence could be parsed
 * @param tcbStatus the TCB status reached
 * @param checks every check in order
 * @param errors one line per failed check
 * @param verifiedAt the {@code now} the verification used
 */
public record VerificationResult(
    boolean verified,
    TeeType tee,
    Optional<Claims> claims,
    TcbStatus tcbStatus,
    List<Check> checks,
    List<String> errors,
    Instant verifiedAt) {

  public VerificationResult {
    checks = List.copyOf(checks);
    errors = List.copyOf(errors);
  }

  /** Builds a result from its checks: verified exactly when all passed and claims exist. */
  public static VerificationResult of(
      TeeType tee, Optional<Claims> claims, TcbStatus status, List<Check> checks, Instant now) {
    List<String> errors =
        checks.stream().filter(c -> !c.ok()).map(c -> c.name() + ": " + c.detail()).toList();
    boolean ok = errors.isEmpty() && claims.isPresent() && !checks.isEmpty();
    return new VerificationResult(ok, tee, claims, status, checks, errors, now);
  }

  /** The check with this name, if it ran. */
  public Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The JSON form printed by the CLI. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("verified", verified);
    out.put("tee", tee.id());
    out.put("claims", claims.map(Claims::toJson).orElse(Map.of()));
    out.put("tcbStatus", tcbStatus.label());
    out.put(
        "checks",
        checks.stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", c.name());
                  m.put("ok", c.ok());
                  m.put("detail", c.detail());
                  return m;
                })
            .toList());
    out.put("errors", errors);
    out.put("verifiedAt", verifiedAt.toString());
    return out;
  }
}
