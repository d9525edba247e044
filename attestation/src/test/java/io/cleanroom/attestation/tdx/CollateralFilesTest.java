package io.cleanroom.attestation.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.TdxCollateral;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.TrustConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CollateralFilesTest {

  /** The genuine root CA CRL with one byte of its issuer's UTF8String CN made invalid UTF-8. */
  private static byte[] crlWithUndecodableIssuer() {
    byte[] crl = Samples.read("tdx/go-tdx-guest/rootcrl.der");
    byte[] bad = crl.clone();
    int at = indexOf(crl, "Intel SGX Root CA".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    bad[at + 4] = (byte) 0xE5; // "Int\xe5l": a lone lead byte (fuzzer finding)
    return bad;
  }

  @Test
  void readsACrlWhoseIssuerNameIsNotUtf8WithoutCrashing() {
    TdxCollateral.Builder b = TdxCollateral.builder();

    CollateralFiles.add(b, crlWithUndecodableIssuer());

    assertThat(b.build().pckCrl().or(() -> b.build().rootCrl())).isPresent();
  }

  @Test
  void refusesAQuoteWhoseCollateralHasACrlWithAnUndecodableIssuer() {
    TdxSamples s = TdxSamples.named("tdx/dcap-qvl/tdx_quote");
    TdxCollateral c =
        TdxCollateral.builder()
            .rootCrl(crlWithUndecodableIssuer())
            .build()
            .orElse(s.loadCollateral());

    VerificationResult r =
        new TdxVerifier(TrustConfig.defaults())
            .verify(new TdxEvidence(Samples.read(s.quote()), Optional.of(c)), s.instant());

    assertThat(r.verified()).isFalse();
    assertThat(r.check("root_crl").orElseThrow().ok()).isFalse();
  }

  private static int indexOf(byte[] data, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= data.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }
}
