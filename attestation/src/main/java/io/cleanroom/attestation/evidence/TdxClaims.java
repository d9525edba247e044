package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.TeeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Claims read from a verified Intel TDX quote. Byte fields are hex.
 *
 * @param quoteVersion 4 or 5
 * @param teeTcbSvn the TDX module's TCB SVN (16 bytes)
 * @param mrSeam measurement of the TDX module
 * @param mrSignerSeam signer of the TDX module (zero for Intel's)
 * @param seamAttributes the TDX module's attributes
 * @param tdAttributes the TD's attributes (bit 0 = DEBUG)
 * @param xfam the TD's extended features mask
 * @param mrtd the TD's build-time measurement
 * @param mrConfigId host-provided configuration id
 * @param mrOwner the TD owner's id
 * @param mrOwnerConfig the owner's configuration
 * @param rtmrs the four runtime measurement registers
 * @param reportData REPORT_DATA (64 bytes)
 * @param debug TD_ATTRIBUTES.DEBUG
 * @param teeTcbSvn2 TD 1.5 bodies: the second TEE TCB SVN
 * @param mrServiceTd TD 1.5 bodies: the service TD measurement
 * @param fmspc the platform's FMSPC from the PCK certificate
 * @param pceId the PCE id from the PCK certificate
 * @param pckTcb SGX TCB components and PCESVN from the PCK certificate
 * @param qeSvn the quoting enclave's ISVSVN
 */
public record TdxClaims(
    int quoteVersion,
    String teeTcbSvn,
    String mrSeam,
    String mrSignerSeam,
    String seamAttributes,
    String tdAttributes,
    String xfam,
    String mrtd,
    String mrConfigId,
    String mrOwner,
    String mrOwnerConfig,
    List<String> rtmrs,
    String reportData,
    boolean debug,
    Optional<String> teeTcbSvn2,
    Optional<String> mrServiceTd,
    String fmspc,
    String pceId,
    Map<String, Integer> pckTcb,
    int qeSvn)
    implements Claims {

  public TdxClaims {
    rtmrs = List.copyOf(rtmrs);
    pckTcb = Map.copyOf(pckTcb);
  }

  @Override
  public TeeType tee() {
    return TeeType.TDX;
  }

  @Override
  public String measurement() {
    return mrtd;
  }

  @Override
  public String hostData() {
    return mrConfigId;
  }

  @Override
  public boolean simulated() {
    return false;
  }

  @Override
  public String platformId() {
    return fmspc;
  }

  @Override
  public SigningKeyKind signingKey() {
    return SigningKeyKind.PCK;
  }

  /** PCK SGX components ({@code sgx.00}..), {@code pcesvn}, TEE TCB SVN ({@code tdx.00}..). */
  @Override
  public Map<String, Integer> tcb() {
    Map<String, Integer> m = new TreeMap<>(pckTcb);
    byte[] svn = java.util.HexFormat.of().parseHex(teeTcbSvn);
    for (int i = 0; i < svn.length; i++) {
      m.put(String.format("tdx.%02d", i), svn[i] & 0xff);
    }
    m.put("qe.isvsvn", qeSvn);
    return m;
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tee", "tdx");
    m.put("simulated", false);
    m.put("quoteVersion", quoteVersion);
    m.put("mrtd", mrtd);
    m.put("rtmrs", rtmrs);
    m.put("mrConfigId", mrConfigId);
    m.put("mrOwner", mrOwner);
    m.put("mrOwnerConfig", mrOwnerConfig);
    m.put("reportData", reportData);
    m.put("debug", debug);
    m.put("tdAttributes", tdAttributes);
    m.put("xfam", xfam);
    m.put("teeTcbSvn", teeTcbSvn);
    m.put("mrSeam", mrSeam);
    m.put("mrSignerSeam", mrSignerSeam);
    m.put("seamAttributes", seamAttributes);
    teeTcbSvn2.ifPresent(v -> m.put("teeTcbSvn2", v));
    mrServiceTd.ifPresent(v -> m.put("mrServiceTd", v));
    m.put("fmspc", fmspc);
    m.put("pceId", pceId);
    m.put("pckTcb", new TreeMap<>(pckTcb));
    m.put("qeSvn", qeSvn);
    m.put("signingKey", "PCK");
    return m;
  }
}
