package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.TeeType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Claims read from a verified SEV-SNP (or simulated) attestation report. Byte fields are hex.
 *
 * @param tee {@link TeeType#SNP} or {@link TeeType#SIM}
 * @param version report format version (2, 3 or 5)
 * @param guestSvn the guest's security version number
 * @param policy the guest policy bits
 * @param debug policy bit 19: the host may debug the guest
 * @param vmpl the VM privilege level that requested the report
 * @param product Milan, Genoa or Turin (from the chain and, v3+, the report's CPUID)
 * @param signingKey VCEK or VLEK
 * @param measurement the launch digest (48 bytes)
 * @param hostData HOST_DATA (32 bytes)
 * @param reportData REPORT_DATA (64 bytes)
 * @param familyId the ID block's family id
 * @param imageId the ID block's image id
 * @param idKeyDigest digest of the ID block's key (zero without an ID block)
 * @param authorKeyDigest digest of the ID block's author key
 * @param reportId the guest's report id
 * @param chipId CHIP_ID (64 bytes; zero with VLEK or a masked chip id)
 * @param reportedTcb the TCB the key certificate must match, by component
 * @param currentTcb the running TCB
 * @param committedTcb the committed TCB
 * @param launchTcb the TCB at launch
 * @param firmware the current firmware version (major.minor.build)
 * @param platformInfo the PLATFORM_INFO bits (SMT, TSME, ...)
 * @param simulated true for the simulated TEE
 */
public record SnpClaims(
    TeeType tee,
    int version,
    long guestSvn,
    long policy,
    boolean debug,
    long vmpl,
    String product,
    SigningKeyKind signingKey,
    String measurement,
    String hostData,
    String reportData,
    String familyId,
    String imageId,
    String idKeyDigest,
    String authorKeyDigest,
    String reportId,
    String chipId,
    Map<String, Integer> reportedTcb,
    Map<String, Integer> currentTcb,
    Map<String, Integer> committedTcb,
    Map<String, Integer> launchTcb,
    String firmware,
    long platformInfo,
    boolean simulated)
    implements Claims {

  public SnpClaims {
    reportedTcb = Map.copyOf(reportedTcb);
    currentTcb = Map.copyOf(currentTcb);
    committedTcb = Map.copyOf(committedTcb);
    launchTcb = Map.copyOf(launchTcb);
  }

  @Override
  public String platformId() {
    return chipId;
  }

  @Override
  public Map<String, Integer> tcb() {
    return reportedTcb;
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tee", tee.id());
    m.put("simulated", simulated);
    m.put("version", version);
    m.put("product", product);
    m.put("signingKey", signingKey.name());
    m.put("measurement", measurement);
    m.put("hostData", hostData);
    m.put("reportData", reportData);
    m.put("debug", debug);
    m.put("policy", "0x" + Long.toHexString(policy));
    m.put("vmpl", vmpl);
    m.put("guestSvn", guestSvn);
    m.put("familyId", familyId);
    m.put("imageId", imageId);
    m.put("idKeyDigest", idKeyDigest);
    m.put("authorKeyDigest", authorKeyDigest);
    m.put("reportId", reportId);
    m.put("chipId", chipId);
    m.put("reportedTcb", sorted(reportedTcb));
    m.put("currentTcb", sorted(currentTcb));
    m.put("committedTcb", sorted(committedTcb));
    m.put("launchTcb", sorted(launchTcb));
    m.put("firmware", firmware);
    m.put("platformInfo", "0x" + Long.toHexString(platformInfo));
    return m;
  }

  static Map<String, Integer> sorted(Map<String, Integer> tcb) {
    return new java.util.TreeMap<>(tcb);
  }
}
