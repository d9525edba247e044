package io.cleanroom.attestation.tdx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.FuzzSeeds;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.TdxCollateral;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the parsers of Intel collateral, which arrives from the network or with the evidence: the
 * first byte selects TCB info, QE identity, the one-object collateral JSON, or a file as Intel PCS
 * serves it (signed JSON response, PEM chain, CRL). Any input parses or is refused with {@link
 * AttestationException}. Seeds are the genuine collateral of the shared folder.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CollateralFuzzTest {

  private static final int TCB_INFO = 0;
  private static final int QE_IDENTITY = 1;
  private static final int COLLATERAL_JSON = 2;
  private static final int PCS_FILE = 3;

  @BeforeAll
  static void seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    List<String> files =
        List.of(
            "tdx/dcap-qvl/tdx_quote_collateral.json",
            "tdx/dcap-qvl/tdx_quote_outdated_collateral.json",
            "tdx/dcap-qvl/near_quote_collateral.json",
            "tdx/go-tdx-guest/sample_tcbInfo_response",
            "tdx/go-tdx-guest/sample_tcbinfo_response_v5",
            "tdx/go-tdx-guest/sample_qeIdentity_response",
            "tdx/go-tdx-guest/pckcrl",
            "tdx/go-tdx-guest/rootcrl.der",
            "tdx/trustee/tcbInfo.json",
            "tdx/trustee/enclaveIdentity.json",
            "tdx/intel-roots/intel_sgx_tcb_signing_chain.pem",
            "tdx/intel-roots/intel_pck_crl_issuer_chain_platform.pem",
            "tdx/intel-roots/IntelSGXRootCA.crl.der");
    for (String f : files) {
      String name = f.replaceAll("[^A-Za-z0-9._-]", "_");
      byte[] data = Samples.read(f);
      seeds.put("file-" + name, FuzzSeeds.selected(PCS_FILE, data));
      TdxCollateral c = CollateralFiles.load(List.of(Samples.path(f)));
      c.tcbInfo()
          .ifPresent(s -> seeds.put("tcbinfo-" + name, FuzzSeeds.selected(TCB_INFO, s.body())));
      c.qeIdentity()
          .ifPresent(s -> seeds.put("qeid-" + name, FuzzSeeds.selected(QE_IDENTITY, s.body())));
      if (f.endsWith("collateral.json")) {
        seeds.put("json-" + name, FuzzSeeds.selected(COLLATERAL_JSON, data));
      }
    }
    FuzzSeeds.write(CollateralFuzzTest.class, "collateralParsesOrIsRefused", seeds);
  }

  @FuzzTest(maxDuration = "10s")
  void collateralParsesOrIsRefused(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    try {
      switch (Byte.toUnsignedInt(input[0]) % 4) {
        case TCB_INFO -> TcbInfo.parse(data);
        case QE_IDENTITY -> QeIdentity.parse(data);
        case COLLATERAL_JSON -> CollateralJson.fromJson(Json.parse(data));
        default -> CollateralFiles.add(TdxCollateral.builder(), data);
      }
    } catch (AttestationException refused) {
      // The one allowed outcome besides parsing.
    }
  }
}
