package io.cleanroom.attestation.tdx;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.TdxClaims;
import io.cleanroom.attestation.evidence.TdxCollateral;
import io.cleanroom.attestation.evidence.TdxEvidence;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.attestation.verify.Certs.ParsedCert;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.attestation.verify.Verifier;
import io.cleanroom.crypto.json.Digests;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies Intel TDX quotes (v4, v5): the quote signature by the attestation key, the QE report
 * signed by the PCK and binding SHA-256(attestation key || QE auth data), the PCK chain to the
 * pinned Intel SGX Root CA, and, with collateral, CRLs, the signed TCB info and QE identity, and
 * the TCB level (UpToDate, OutOfDate, ...) including the TDX module identity.
 *
 * <p><b>Security:</b> without collateral the quote can still verify, with status {@code
 * NotEvaluated}, which appraisal policies refuse unless they allow it. A quote whose platform meets
 * no TCB level, or that is revoked, does not verify.
 */
public final class TdxVerifier implements Verifier {

  private static final Map<String, Optional<PublicKey>> ATTESTATION_KEYS =
      new ConcurrentHashMap<>();

  private final TdxCollateral defaults;

  public TdxVerifier(TrustConfig config) {
    this.defaults = config.collateral();
  }

  @Override
  public TeeType tee() {
    return TeeType.TDX;
  }

  @Override
  public VerificationResult verify(Evidence evidence, Instant now) {
    List<Check> checks = new ArrayList<>();
    if (!(evidence instanceof TdxEvidence tdx)) {
      checks.add(Check.fail("tee", evidence.tee().id() + " evidence given to the tdx verifier"));
      return VerificationResult.of(
          TeeType.TDX, Optional.empty(), TcbStatus.NOT_EVALUATED, checks, now);
    }
    TdxQuote quote;
    List<ParsedCert> chain;
    PckExtensions pck;
    try {
      quote = TdxQuote.parse(tdx.quote());
      chain = quote.pckChain().stream().map(Certs::parse).toList();
      pck = PckExtensions.of(chain.get(0));
      checks.add(Check.pass("parse", "TDX quote version " + quote.version()));
    } catch (AttestationException e) {
      checks.add(Check.fail("parse", e.getMessage()));
      return VerificationResult.of(
          TeeType.TDX, Optional.empty(), TcbStatus.NOT_EVALUATED, checks, now);
    }
    checkChain(chain, now, checks);
    checkSignatures(quote, chain.get(0), checks);
    TdxCollateral collateral = tdx.collateral().orElse(TdxCollateral.empty()).orElse(defaults);
    TcbStatus status = new CollateralCheck(collateral, chain, pck, quote, now, checks).evaluate();
    return VerificationResult.of(TeeType.TDX, Optional.of(claims(quote, pck)), status, checks, now);
  }

  private static void checkChain(List<ParsedCert> chain, Instant now, List<Check> checks) {
    ParsedCert root = chain.get(chain.size() - 1);
    checks.add(
        new Check(
            "root",
            root.fingerprint().equals(IntelRoots.SGX_ROOT_CA),
            "'"
                + root.subjectCn()
                + "' sha256 "
                + root.fingerprint()
                + (root.fingerprint().equals(IntelRoots.SGX_ROOT_CA)
                    ? " (pinned Intel SGX Root CA)"
                    : " is not the pinned Intel SGX Root CA")));
    boolean signed = Certs.signedBy(root, root);
    for (int i = 0; i + 1 < chain.size() && signed; i++) {
      signed = Certs.signedBy(chain.get(i), chain.get(i + 1));
    }
    StringBuilder names = new StringBuilder();
    chain.forEach(c -> names.append(names.isEmpty() ? "" : " <- ").append(c.subjectCn()));
    checks.add(
        new Check("pck_chain", signed, names + (signed ? " signatures" : ": a signature fails")));
    Optional<ParsedCert> invalid = chain.stream().filter(c -> !c.validAt(now)).findFirst();
    checks.add(
        invalid
            .map(
                c ->
                    Check.fail(
                        "validity",
                        "'"
                            + c.subjectCn()
                            + "' is valid "
                            + c.notBefore()
                            + " .. "
                            + c.notAfter()
                            + ", not at "
                            + now))
            .orElse(Check.pass("validity", "every PCK chain certificate is valid at " + now)));
  }

  private static void checkSignatures(TdxQuote q, ParsedCert pck, List<Check> checks) {
    Optional<PublicKey> pckKey;
    try {
      pckKey = Optional.of(pck.publicKey());
    } catch (AttestationException unusable) {
      pckKey = Optional.empty();
    }
    boolean qeSig =
        pckKey
            .map(k -> Certs.verifyRawEcdsa(k, "SHA256", q.qeReportBytes(), q.qeReportSignature()))
            .orElse(false);
    checks.add(
        new Check(
            "qe_report_signature",
            qeSig,
            qeSig
                ? "QE report verifies with the PCK key"
                : pckKey.isEmpty()
                    ? "the PCK certificate's public key is unusable"
                    : "QE report signature does not verify"));
    byte[] expected = Digests.sha256(concat(q.attestationKey(), q.qeAuthData()));
    byte[] reportData = q.qeReport().reportData();
    boolean bound =
        Arrays.equals(Arrays.copyOf(reportData, 32), expected)
            && Arrays.equals(Arrays.copyOfRange(reportData, 32, 64), new byte[32]);
    checks.add(
        new Check(
            "qe_report_binding",
            bound,
            bound
                ? "QE report data = SHA-256(attestation key || QE auth data)"
                : "QE report data does not bind the attestation key"));
    boolean quoteSig =
        attestationKey(q.attestationKey())
            .map(
                k ->
                    Certs.verifyRawEcdsa(
                        k, "SHA256", q.rawUnsafe(), 0, q.signedLength(), q.signature()))
            .orElse(false);
    checks.add(
        new Check(
            "quote_signature",
            quoteSig,
            quoteSig
                ? "ECDSA P-256 over header and TD report verifies with the attestation key"
                : "quote signature does not verify with the attestation key"));
  }

  /**
   * The attestation key as a JCA key, cached by its bytes: a quoting enclave keeps its key, and a
   * cached key keeps Bouncy Castle's per-key precomputation. Caching a key is not trusting it.
   */
  private static Optional<PublicKey> attestationKey(byte[] xy) {
    String id = HexFormat.of().formatHex(xy);
    Optional<PublicKey> cached = ATTESTATION_KEYS.get(id);
    if (cached != null) {
      return cached;
    }
    if (ATTESTATION_KEYS.size() > 1024) {
      ATTESTATION_KEYS.clear();
    }
    Optional<PublicKey> key = newAttestationKey(xy);
    ATTESTATION_KEYS.put(id, key);
    return key;
  }

  private static Optional<PublicKey> newAttestationKey(byte[] xy) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
      ECPoint w =
          new ECPoint(
              new BigInteger(1, Arrays.copyOf(xy, 32)),
              new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
      return Optional.of(
          KeyFactory.getInstance("EC", Certs.BC).generatePublic(new ECPublicKeySpec(w, spec)));
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static TdxClaims claims(TdxQuote q, PckExtensions pck) {
    return new TdxClaims(
        q.version(),
        q.teeTcbSvn(),
        q.mrSeam(),
        q.mrSignerSeam(),
        q.seamAttributes(),
        q.tdAttributes(),
        q.xfam(),
        q.mrtd(),
        q.mrConfigId(),
        q.mrOwner(),
        q.mrOwnerConfig(),
        q.rtmrs(),
        q.reportData(),
        q.debug(),
        q.teeTcbSvn2(),
        q.mrServiceTd(),
        pck.fmspc(),
        pck.pceId(),
        pck.asTcb(),
        q.qeReport().isvSvn());
  }
}
