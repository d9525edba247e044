package io.cleanroom.attestation.policy;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a contract's {@code allowedEnclaves} entry into reference values: the one reading of that
 * entry shared by the key broker (before it releases a key) and by {@code cleanroom verify receipt}
 * (before it trusts a result).
 *
 * <p>An entry is {@code {"tee": "snp"|"tdx"|"sim", "measurement": hex, ...}} with optional {@code
 * hostData} (hex, default any), {@code minimumTcb} ({@code "bootloader=3,snp=8,microcode=115"}),
 * {@code tcbStatuses} ({@code "UpToDate,SWHardeningNeeded"}, default up to date), {@code
 * allowDebug} ({@code "false"} by default) and {@code maxEvidenceAge} (ISO-8601, e.g. {@code
 * PT5M}).
 *
 * <p><b>Security:</b> deny by default: an entry with a field this broker does not understand makes
 * the whole entry invalid (a misspelt {@code minimumTcb} must not silently allow any TCB). The
 * measurement is required. Only {@code tee = sim} allows simulated evidence, and the broker must
 * trust the simulator's root as well.
 */
public final class AllowedEnclaves {

  private static final Set<String> KNOWN =
      Set.of(
          "measurement", "hostData", "minimumTcb", "tcbStatuses", "allowDebug", "maxEvidenceAge");

  /** One {@code allowedEnclaves} entry: its {@code tee} and its other members, as strings. */
  public record Entry(String tee, Map<String, String> values) {}

  private AllowedEnclaves() {}

  /**
   * Appraises verified evidence against the entries of its TEE type, in order, until one accepts
   * it: the answer ends with that accepting appraisal, holds only refusals when none accepts, and
   * is empty when no entry is of the evidence's TEE type.
   *
   * @param reportData the REPORT_DATA the evidence must carry
   */
  public static List<Appraisal> appraise(
      VerificationResult result, List<Entry> entries, Optional<byte[]> reportData, Instant now) {
    List<Appraisal> tried = new ArrayList<>();
    for (Entry e : entries) {
      if (!e.tee().equalsIgnoreCase(result.tee().id())) {
        continue;
      }
      Appraisal a =
          Appraiser.appraise(result, referenceValues(e.tee(), e.values()), reportData, now);
      tried.add(a);
      if (a.accepted()) {
        break;
      }
    }
    return tried;
  }

  /** Whether {@link #appraise}'s answer accepts the evidence. */
  public static boolean accepted(List<Appraisal> tried) {
    return !tried.isEmpty() && tried.getLast().accepted();
  }

  /**
   * The refusals of {@code tried}, each {@code REASON: detail}, without repeats, joined by "; ".
   */
  public static String refusals(List<Appraisal> tried) {
    return tried.stream()
        .flatMap(a -> a.refusals().stream())
        .map(r -> r.reason() + ": " + r.detail())
        .distinct()
        .collect(Collectors.joining("; "));
  }

  /**
   * The reference values of one entry; {@link IllegalArgumentException} says what is wrong.
   *
   * @param teeId the entry's {@code tee}
   * @param values its other members, as strings
   */
  public static ReferenceValues referenceValues(String teeId, Map<String, String> values) {
    TeeType tee;
    try {
      tee = TeeType.fromId(teeId);
    } catch (AttestationException e) {
      throw new IllegalArgumentException("allowedEnclaves: unknown tee '" + teeId + "'");
    }
    for (String k : values.keySet()) {
      if (!KNOWN.contains(k)) {
        throw new IllegalArgumentException(
            "allowedEnclaves: unknown field '" + k + "' (known: " + KNOWN + ")");
      }
    }
    String measurement = values.get("measurement");
    if (measurement == null || !isHex(measurement)) {
      throw new IllegalArgumentException(
          "allowedEnclaves: every entry needs a hex measurement (" + teeId + ")");
    }
    ReferenceValues v =
        ReferenceValues.forMeasurements(Set.of(measurement))
            .withTees(Set.of(tee))
            .withAllowSimulated(tee == TeeType.SIM);
    String hostData = values.get("hostData");
    if (hostData != null) {
      if (!isHex(hostData)) {
        throw new IllegalArgumentException("allowedEnclaves: hostData must be hex");
      }
      v = v.withHostData(Set.of(hostData));
    }
    String minimum = values.get("minimumTcb");
    if (minimum != null) {
      v = v.withMinimumTcb(minimumTcb(minimum));
    }
    String statuses = values.get("tcbStatuses");
    if (statuses != null) {
      Set<TcbStatus> set = new LinkedHashSet<>();
      for (String s : statuses.split(",")) {
        try {
          set.add(TcbStatus.fromLabel(s.trim()));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("allowedEnclaves: unknown TCB status '" + s + "'");
        }
      }
      v = v.withAllowedTcbStatuses(set);
    }
    String debug = values.get("allowDebug");
    if (debug != null) {
      if (!debug.equals("true") && !debug.equals("false")) {
        throw new IllegalArgumentException("allowedEnclaves: allowDebug is true or false");
      }
      v = v.withAllowDebug(Boolean.parseBoolean(debug));
    }
    String age = values.get("maxEvidenceAge");
    if (age != null) {
      try {
        v = v.withMaxEvidenceAge(Duration.parse(age));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "allowedEnclaves: maxEvidenceAge is ISO-8601, e.g. PT5M");
      }
    }
    return v;
  }

  private static Map<String, Integer> minimumTcb(String text) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.split("=", 2);
      try {
        if (kv.length != 2 || kv[0].isBlank()) {
          throw new NumberFormatException();
        }
        int svn = Integer.parseInt(kv[1].trim());
        if (svn < 0) {
          throw new NumberFormatException();
        }
        out.put(kv[0].trim(), svn);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "allowedEnclaves: minimumTcb is 'component=svn,...', not '" + text + "'");
      }
    }
    return out;
  }

  private static boolean isHex(String s) {
    return !s.isEmpty()
        && s.length() % 2 == 0
        && s.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }
}
