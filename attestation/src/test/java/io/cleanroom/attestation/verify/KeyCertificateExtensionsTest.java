package io.cleanroom.attestation.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.SnpEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.snp.AmdKeyCert;
import io.cleanroom.attestation.snp.SnpProduct;
import io.cleanroom.attestation.snp.SnpVerifier;
import io.cleanroom.attestation.tdx.PckExtensions;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;

/** Hostile values in the extensions read from key certificates before any signature check. */
class KeyCertificateExtensionsTest {

  @Test
  void refusesAnAmdTcbExtensionTooLargeForAnInt() throws IOException {
    byte[] huge = new ASN1Integer(BigInteger.ONE.shiftLeft(40)).getEncoded();
    Certs.ParsedCert cert =
        Certs.parse(
            KeyCertificates.withExtension(
                KeyCertificates.vcek(), KeyCertificates.AMD + "3.3", huge));

    assertThatThrownBy(() -> AmdKeyCert.of(cert, SnpProduct.MILAN))
        .isInstanceOf(AttestationException.class)
        .hasMessageContaining("AMD extension");
  }

  @Test
  void refusesAnAmdStringExtensionThatIsNotUtf8() throws IOException {
    // Fuzzer finding: a UTF8String whose bytes are not UTF-8 (a lone 0x86 continuation byte).
    byte[] bad = {0x0c, 0x03, 'a', (byte) 0x86, 'b'};
    for (String suffix : List.of("2", "5")) {
      Certs.ParsedCert cert =
          Certs.parse(
              KeyCertificates.withExtension(
                  KeyCertificates.vcek(), KeyCertificates.AMD + suffix, bad));

      assertThatThrownBy(() -> AmdKeyCert.of(cert, SnpProduct.MILAN))
          .as(suffix)
          .isInstanceOf(AttestationException.class)
          .hasMessageContaining("is not a valid string");
    }
  }

  @Test
  void refusesAReportWhoseVcekCarriesAnOversizedTcbValueWithoutThrowing() throws IOException {
    byte[] huge = new ASN1Integer(BigInteger.ONE.shiftLeft(40)).getEncoded();
    byte[] vcek =
        KeyCertificates.withExtension(KeyCertificates.vcek(), KeyCertificates.AMD + "3.1", huge);

    VerificationResult r =
        SnpVerifier.amd(TrustConfig.defaults().withCertCacheDir(Samples.amdCertDir()))
            .verify(
                new SnpEvidence(Samples.read("sev-snp/virtee-sev/report_milan.bin"), List.of(vcek)),
                Samples.at("2024-06-01"));

    assertThat(r.verified()).isFalse();
    assertThat(r.errors()).isNotEmpty();
  }

  @Test
  void refusesPckSgxExtensionsWithAShortOidOrAPairWithoutValue() throws IOException {
    List<ASN1Encodable> hostile =
        List.of(
            new DERSequence(
                new ASN1Encodable[] {new ASN1ObjectIdentifier("1.2"), new ASN1Integer(1)}),
            new DERSequence(new ASN1ObjectIdentifier(KeyCertificates.SGX + ".4")),
            new DERSequence(
                new ASN1Encodable[] {
                  new ASN1ObjectIdentifier(KeyCertificates.SGX + ".2"),
                  new DERSequence(new DERSequence(new ASN1ObjectIdentifier("1.2.3")))
                }));
    for (ASN1Encodable entry : hostile) {
      byte[] ext = new DERSequence(entry).getEncoded();
      Certs.ParsedCert pck =
          Certs.parse(
              KeyCertificates.withExtension(KeyCertificates.pck(), KeyCertificates.SGX, ext));

      assertThatThrownBy(() -> PckExtensions.of(pck))
          .as(entry.toString())
          .isInstanceOf(AttestationException.class);
    }
  }

  @Test
  void readsTheGenuineExtensionsThroughTheRebuiltCertificates() {
    byte[] vcek = KeyCertificates.vcek();
    byte[] rebuilt =
        KeyCertificates.withExtension(
            vcek,
            KeyCertificates.AMD + "3.3",
            KeyCertificates.extension(vcek, KeyCertificates.AMD + "3.3"));

    assertThat(AmdKeyCert.of(Certs.parse(rebuilt), SnpProduct.MILAN).tcb())
        .isEqualTo(AmdKeyCert.of(Certs.parse(vcek), SnpProduct.MILAN).tcb());
    assertThat(PckExtensions.of(Certs.parse(KeyCertificates.pck())).fmspc())
        .isEqualTo("b0c06f000000");
  }
}
