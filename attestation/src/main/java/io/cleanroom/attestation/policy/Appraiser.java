package io.cleanroom.attestation.policy;

import io.cleanroom.attestation.evidence.Claims;
import io.cleanroom.attestation.evidence.VerificationResult;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Appraises a {@link VerificationResult} against {@link ReferenceValues} and an expected report
 * data binding, and returns every reason for refusal, not just the first.
 *
 * <p><b>Security:</b> refuses anything not verified; compares REPORT_DATA in constant time. An
 * expected binding shorter than 64 bytes (e.g. a SHA-256) must match the first bytes and the rest
 * of REPORT_DATA must be zero.
 */
public final class Appraiser {

  private Appraiser() {}

  /** Appraises without a report data binding. */
  public static Appraisal appraise(VerificationResult result, ReferenceValues ref, Instant now) {
    return appraise(result, ref, Optional.empty(), now);
  }

  /**
   * Appraises a verification result.
   *
   * @param expectedReportData the binding the evidence must carry (e.g. SHA-512 of the runtime
   *     data's canonical JSON), if the caller requires one
   * @param now the appraisal time, for the maximum evidence age
   */
  public static Appraisal appraise(
      VerificationResult result,
      ReferenceValues ref,
      Optional<byte[]> expectedReportData,
      Instant now) {
    Rules rules = new Rules();
    if (!result.verified()) {
      rules.refuse(RefusalReason.NOT_VERIFIED, String.join("; ", result.errors()));
    }
    if (result.claims().isEmpty()) {
      return rules.done();
    }
    Claims c = result.claims().get();
    rules.check(ref.tees().contains(c.tee()), RefusalReason.TEE_NOT_ALLOWED, "tee " + c.tee().id());
    rules.check(
        !c.simulated() || ref.allowSimulated(),
        RefusalReason.SIMULATED_NOT_ALLOWED,
        "simulated=" + c.simulated());
    rules.check(!c.debug() || ref.allowDebug(), RefusalReason.DEBUG_ENABLED, "debug=" + c.debug());
    rules.check(
        allowed(ref.measurements(), c.measurement()),
        RefusalReason.MEASUREMENT_NOT_ALLOWED,
        "measurement " + c.measurement());
    rules.check(
        allowed(ref.hostData(), c.hostData()),
        RefusalReason.HOST_DATA_NOT_ALLOWED,
        "host data " + c.hostData());
    expectedReportData.ifPresent(e -> reportData(rules, c, e));
    minimumTcb(rules, c.tcb(), ref.minimumTcb());
    rules.check(
        ref.allowedTcbStatuses().contains(result.tcbStatus()),
        RefusalReason.TCB_STATUS_NOT_ALLOWED,
        "TCB status " + result.tcbStatus().label());
    ref.maxEvidenceAge().ifPresent(max -> age(rules, result.verifiedAt(), now, max));
    return rules.done();
  }

  private static boolean allowed(Set<String> values, String value) {
    return values.contains(ReferenceValues.ANY) || values.contains(value);
  }

  private static void reportData(Rules rules, Claims c, byte[] expected) {
    byte[] actual = HexFormat.of().parseHex(c.reportData());
    boolean ok = expected.length <= actual.length && expected.length > 0;
    if (ok) {
      byte[] padded = new byte[actual.length];
      System.arraycopy(expected, 0, padded, 0, expected.length);
      ok = MessageDigest.isEqual(padded, actual);
    }
    rules.check(
        ok,
        RefusalReason.REPORT_DATA_MISMATCH,
        ok
            ? "report data binding"
            : "report data " + c.reportData() + " is not " + HexFormat.of().formatHex(expected));
  }

  private static void minimumTcb(Rules rules, Map<String, Integer> tcb, Map<String, Integer> min) {
    for (Map.Entry<String, Integer> m : min.entrySet()) {
      Integer have = tcb.get(m.getKey());
      if (have == null) {
        rules.refuse(
            RefusalReason.TCB_COMPONENT_UNKNOWN,
            "evidence has no TCB component '" + m.getKey() + "' (it has " + tcb.keySet() + ")");
      } else {
        rules.check(
            have >= m.getValue(),
            RefusalReason.TCB_BELOW_MINIMUM,
            "TCB " + m.getKey() + " = " + have + ", minimum " + m.getValue());
      }
    }
  }

  private static void age(Rules rules, Instant verifiedAt, Instant now, Duration max) {
    Duration age = Duration.between(verifiedAt, now);
    rules.check(
        !age.isNegative() && age.compareTo(max) <= 0,
        RefusalReason.EVIDENCE_TOO_OLD,
        "verified at " + verifiedAt + ", " + age + " before " + now + " (max " + max + ")");
  }

  private static final class Rules {
    private final List<Refusal> refusals = new ArrayList<>();
    private final List<String> passed = new ArrayList<>();

    void check(boolean ok, RefusalReason reason, String detail) {
      if (ok) {
        passed.add(detail);
      } else {
        refuse(reason, detail);
      }
    }

    void refuse(RefusalReason reason, String detail) {
      refusals.add(new Refusal(reason, detail));
    }

    Appraisal done() {
      return new Appraisal(refusals.isEmpty(), refusals, passed);
    }
  }
}
