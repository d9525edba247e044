package io.cleanroom.attestation.policy;

import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.TcbStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The reference values a contract allows: TEE types, measurements, host data / MRCONFIGID, a
 * minimum SVN per TCB component, allowed TCB statuses, whether debug or simulated TEEs are allowed,
 * and the maximum age of a verification.
 *
 * <p>Hex values are compared case-insensitively. {@value #ANY} in {@code measurements} or {@code
 * hostData} allows any value; an empty set allows none.
 *
 * <p><b>Security:</b> defaults refuse: debug and simulated TEEs are refused unless allowed
 * explicitly, and only {@code UpToDate} (and SNP's {@code NotApplicable}) statuses pass.
 *
 * @param tees allowed TEE types
 * @param measurements allowed measurements (hex) or {@value #ANY}
 * @param hostData allowed HOST_DATA / MRCONFIGID (hex) or {@value #ANY}
 * @param minimumTcb minimum SVN per component name (see {@code Claims.tcb()})
 * @param allowedTcbStatuses TCB statuses that pass
 * @param allowDebug whether debuggable guests pass
 * @param allowSimulated whether simulated evidence passes
 * @param maxEvidenceAge how old a verification may be at appraisal time
 */
public record ReferenceValues(
    Set<TeeType> tees,
    Set<String> measurements,
    Set<String> hostData,
    Map<String, Integer> minimumTcb,
    Set<TcbStatus> allowedTcbStatuses,
    boolean allowDebug,
    boolean allowSimulated,
    Optional<Duration> maxEvidenceAge) {

  /** The wildcard that allows any measurement or host data. */
  public static final String ANY = "*";

  public ReferenceValues {
    tees = Set.copyOf(tees);
    measurements = lower(measurements);
    hostData = lower(hostData);
    minimumTcb = Map.copyOf(minimumTcb);
    allowedTcbStatuses = Set.copyOf(allowedTcbStatuses);
  }

  /** SNP or TDX, these measurements, any host data, no minimums, strict defaults otherwise. */
  public static ReferenceValues forMeasurements(Set<String> measurements) {
    return new ReferenceValues(
        Set.of(TeeType.SNP, TeeType.TDX),
        measurements,
        Set.of(ANY),
        Map.of(),
        Set.of(TcbStatus.UP_TO_DATE, TcbStatus.NOT_APPLICABLE),
        false,
        false,
        Optional.empty());
  }

  public ReferenceValues withTees(Set<TeeType> v) {
    return new ReferenceValues(
        v,
        measurements,
        hostData,
        minimumTcb,
        allowedTcbStatuses,
        allowDebug,
        allowSimulated,
        maxEvidenceAge);
  }

  public ReferenceValues withHostData(Set<String> v) {
    return new ReferenceValues(
        tees,
        measurements,
        v,
        minimumTcb,
        allowedTcbStatuses,
        allowDebug,
        allowSimulated,
        maxEvidenceAge);
  }

  public ReferenceValues withMinimumTcb(Map<String, Integer> v) {
    return new ReferenceValues(
        tees,
        measurements,
        hostData,
        v,
        allowedTcbStatuses,
        allowDebug,
        allowSimulated,
        maxEvidenceAge);
  }

  public ReferenceValues withAllowedTcbStatuses(Set<TcbStatus> v) {
    return new ReferenceValues(
        tees, measurements, hostData, minimumTcb, v, allowDebug, allowSimulated, maxEvidenceAge);
  }

  public ReferenceValues withAllowDebug(boolean v) {
    return new ReferenceValues(
        tees,
        measurements,
        hostData,
        minimumTcb,
        allowedTcbStatuses,
        v,
        allowSimulated,
        maxEvidenceAge);
  }

  public ReferenceValues withAllowSimulated(boolean v) {
    return new ReferenceValues(
        tees,
        measurements,
        hostData,
        minimumTcb,
        allowedTcbStatuses,
        allowDebug,
        v,
        maxEvidenceAge);
  }

  public ReferenceValues withMaxEvidenceAge(Duration v) {
    return new ReferenceValues(
        tees,
        measurements,
        hostData,
        minimumTcb,
        allowedTcbStatuses,
        allowDebug,
        allowSimulated,
        Optional.of(v));
  }

  private static Set<String> lower(Set<String> values) {
    return values.stream()
        .map(v -> v.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }
}
