package io.cleanroom.attestation.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.Samples;
import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.SignedJson;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.TdxClaims;
import io.cleanroom.attestation.evidence.TdxCollateral;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.Lookalike;
import io.cleanroom.attestation.verify.TrustConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TdxVerifierTest {

  private static final TdxVerifier VERIFIER = new TdxVerifier(TrustConfig.defaults());

  static Stream<TdxSamples> samples() {
    return TdxSamples.all();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void reachesTheOutcomeProvenanceGivesAndReadsTheClaims(TdxSamples s) {
    VerificationResult r = VERIFIER.verify(s.evidence(), s.instant());

    assertThat(r.tcbStatus()).isEqualTo(s.status());
    assertThat(r.verified()).as(r.errors().toString()).isEqualTo(s.verified());
    for (String name :
        List.of(
            "root", "pck_chain", "qe_report_signature", "qe_report_binding", "quote_signature")) {
      assertThat(r.check(name).orElseThrow().ok()).as(name).isTrue();
    }
    TdxClaims c = (TdxClaims) r.claims().orElseThrow();
    assertThat(c.quoteVersion()).isEqualTo(s.version());
    assertThat(c.fmspc()).isEqualTo(s.fmspc());
    assertThat(c.teeTcbSvn()).startsWith(s.teeTcbSvn4());
    assertThat(c.debug()).isEqualTo(s.debug());
    assertThat(c.mrtd()).startsWith(s.mrtd16());
    assertThat(c.reportData()).startsWith(s.reportData32());
    assertThat(c.qeSvn()).isEqualTo(s.qeSvn());
    assertThat(c.teeTcbSvn2().isPresent()).isEqualTo(s.version() == 5);
  }

  @Test
  void evaluatesTheTdxModuleAndQeIdentityOfTheOutOfDatePlatform() {
    VerificationResult r =
        VERIFIER.verify(
            TdxSamples.named("tdx/trustee/tdx_quote_6.dat").evidence(), Samples.at("2025-11-01"));

    assertThat(r.check("tdx_module").orElseThrow().detail()).contains("TDX_03");
    assertThat(r.check("qe_identity").orElseThrow().detail()).contains("UpToDate");
    assertThat(r.check("tcb_level").orElseThrow().detail()).startsWith("OutOfDate");
    assertThat(r.check("tcb_info_signature").orElseThrow().ok()).isTrue();
  }

  @Test
  void checksCrlsWhenTheCollateralHasThem() {
    VerificationResult r =
        VERIFIER.verify(
            TdxSamples.named("tdx/dcap-qvl/tdx_quote").evidence(), Samples.at("2025-07-01"));

    assertThat(r.check("pck_crl").orElseThrow().detail())
        .contains("not revoked")
        .contains("Platform CA");
    assertThat(r.check("root_crl").orElseThrow().detail()).contains("not revoked");
    assertThat(r.checks()).allMatch(Check::ok);
  }

  @ParameterizedTest
  @MethodSource("samples")
  void refusesFlippedBitsInTheSignedQuoteTheSignaturesOrTheQeReport(TdxSamples s) {
    byte[] quote = Samples.read(s.quote());
    TdxQuote parsed = TdxQuote.parse(quote);
    int signed = parsed.signedLength();
    Random random = new Random(s.quote().hashCode());
    // Header and body, the quote signature (4 bytes after its length), and the QE report.
    int[] regions = {0, signed, signed + 4, 64, signed + 4 + 64 + 64 + 6, QeReport.SIZE + 64};
    for (int region = 0; region < regions.length; region += 2) {
      for (int i = 0; i < 8; i++) {
        int at = regions[region] + random.nextInt(regions[region + 1]);
        byte[] bad = quote.clone();
        bad[at] ^= (byte) (1 << random.nextInt(8));
        VerificationResult r =
            VERIFIER.verify(new TdxEvidence(bad, s.evidence().collateral()), s.instant());
        assertThat(r.verified()).as("byte " + at).isFalse();
      }
    }
  }

  @Test
  void refusesThePckChainAfterItExpired() {
    VerificationResult r =
        VERIFIER.verify(
            TdxSamples.named("tdx/trustee/tdx_quote_4.dat").evidence(), Samples.at("2053-01-01"));

    assertThat(r.verified()).isFalse();
    assertThat(r.check("validity").orElseThrow().ok()).isFalse();
  }

  @Test
  void refusesCollateralOutsideItsValidityWindow() {
    TdxSamples s = TdxSamples.named("tdx/dcap-qvl/tdx_quote");
    VerificationResult r = VERIFIER.verify(s.evidence(), Samples.at("2025-08-01"));

    assertThat(r.verified()).isFalse();
    assertThat(failed(r)).contains("tcb_info", "pck_crl");
  }

  @Test
  void refusesCollateralOfAnotherPlatform() {
    TdxSamples s = TdxSamples.named("tdx/dcap-qvl/tdx_quote");
    TdxCollateral other = TdxSamples.named("tdx/dcap-qvl/near_quote.bin").loadCollateral();
    VerificationResult r =
        VERIFIER.verify(
            new TdxEvidence(Samples.read(s.quote()), Optional.of(other)), Samples.at("2025-09-15"));

    assertThat(r.verified()).isFalse();
    assertThat(r.check("tcb_info").orElseThrow().detail()).contains("does not match the PCK");
  }

  @Test
  void refusesATamperedTcbInfo() {
    TdxSamples s = TdxSamples.named("tdx/dcap-qvl/tdx_quote");
    TdxCollateral c = s.loadCollateral();
    byte[] body = c.tcbInfo().orElseThrow().body();
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    byte[] tampered =
        text.replaceFirst("\"OutOfDate\"", "\"UpToDate\"")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TdxCollateral bad =
        TdxCollateral.builder()
            .tcbInfo(new SignedJson(tampered, c.tcbInfo().get().signature()))
            .tcbSigningChain(c.tcbSigningChain())
            .build();

    VerificationResult r =
        VERIFIER.verify(new TdxEvidence(Samples.read(s.quote()), Optional.of(bad)), s.instant());

    assertThat(tampered).isNotEqualTo(body);
    assertThat(r.verified()).isFalse();
    assertThat(r.check("tcb_info_signature").orElseThrow().ok()).isFalse();
  }

  @Test
  void usesConfiguredCollateralWhenTheEvidenceHasNone() {
    TdxSamples s = TdxSamples.named("tdx/dcap-qvl/near_quote.bin");
    TdxVerifier v = new TdxVerifier(TrustConfig.defaults().withCollateral(s.loadCollateral()));

    VerificationResult r =
        v.verify(new TdxEvidence(Samples.read(s.quote()), Optional.empty()), s.instant());

    assertThat(r.verified()).isTrue();
    assertThat(r.tcbStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void carriesCollateralThroughTheEvidenceContainer() {
    TdxSamples s = TdxSamples.named("tdx/dcap-qvl/tdx_quote");
    byte[] json = EvidenceJson.write(s.evidence());

    VerificationResult r = VERIFIER.verify(EvidenceJson.read(json), s.instant());

    assertThat(r.verified()).isTrue();
    assertThat(r.tcbStatus()).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void ignoresTheZeroPaddingOfPaddedQuotes() {
    TdxQuote q = TdxQuote.parse(Samples.read("tdx/go-tdx-guest/ccel_cos-113-tdx-quote.dat"));

    assertThat(q.pckChain()).hasSize(3);
    assertThat(Samples.read("tdx/go-tdx-guest/ccel_cos-113-tdx-quote.dat")).hasSize(8000);
  }

  @Test
  void refusesATruncatedQuote() {
    byte[] quote = Samples.read("tdx/trustee/tdx_quote_4.dat");
    VerificationResult r =
        VERIFIER.verify(
            new TdxEvidence(java.util.Arrays.copyOf(quote, 1000), Optional.empty()), Instant.now());

    assertThat(r.verified()).isFalse();
    assertThat(failed(r)).containsExactly("parse");
  }

  @Test
  void refusesAPckCertificateWithAnUnusablePublicKeyWithoutThrowing() {
    // Fuzzer finding: one base64 character of the PCK leaf's key changed; it still parses.
    byte[] quote = Samples.read("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat");
    assertThat((char) quote[1711]).isEqualTo('q');
    quote[1711] = 'a';

    VerificationResult r =
        VERIFIER.verify(new TdxEvidence(quote, Optional.empty()), Samples.at("2023-07-01"));

    assertThat(r.verified()).isFalse();
    assertThat(r.check("qe_report_signature").orElseThrow().detail()).contains("unusable");
  }

  @Test
  void refusesALookalikePckChainEndingAtANonPinnedRootThatCopiesEveryGenuineField() {
    // The genuine quote with its QE report re-signed under a copy of its PCK chain (same names,
    // SGX extensions, validity) whose keys are the attacker's: only the root gives it away.
    TdxSamples s = TdxSamples.named("tdx/dcap-qvl/tdx_quote");
    TdxQuote q = TdxQuote.parse(Samples.read(s.quote()));
    Lookalike fake = Lookalike.of(q.pckChain(), "secp256r1", "SHA256withECDSA");
    byte[] quote = withPckChain(q, sign(q.qeReport().raw(), fake.leafKey()), fake.chain());

    VerificationResult r = VERIFIER.verify(new TdxEvidence(quote, Optional.empty()), s.instant());

    assertThat(r.verified()).isFalse();
    assertThat(failed(r)).containsExactly("root");
    assertThat(r.check("root").orElseThrow().detail()).contains("not the pinned Intel SGX Root CA");
  }

  /** The quote rebuilt with another QE report signature and PCK chain (PEM), sizes recomputed. */
  private static byte[] withPckChain(TdxQuote q, byte[] qeSignature, List<byte[]> chain) {
    byte[] pem = CollateralJson.toPem(chain).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] auth = q.qeAuthData();
    int certSize = QeReport.SIZE + 64 + 2 + auth.length + 2 + 4 + pem.length;
    int sigDataSize = 64 + 64 + 2 + 4 + certSize;
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(q.signedLength() + 4 + sigDataSize)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put(q.rawUnsafe(), 0, q.signedLength()).putInt(sigDataSize);
    b.put(q.signature()).put(q.attestationKey()).putShort((short) 6).putInt(certSize);
    b.put(q.qeReport().raw()).put(qeSignature).putShort((short) auth.length).put(auth);
    b.putShort((short) 5).putInt(pem.length).put(pem);
    return b.array();
  }

  private static byte[] sign(byte[] data, java.security.PrivateKey key) {
    try {
      java.security.Signature sig =
          java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
      sig.initSign(key);
      sig.update(data);
      return sig.sign();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> failed(VerificationResult r) {
    return r.checks().stream().filter(c -> !c.ok()).map(Check::name).toList();
  }
}
