package io.cleanroom.attestation.tdx;

import io.cleanroom.attestation.TeeType;
import io.cleanroom.attestation.evidence.Check;
import io.cleanroom.attestation.evidence.Evidence;
import io.cleanroom.attestation.evidence.TcbStatus;
import io.cleanroom.attestation.evidence.VerificationResult;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.attestation.verify.Verifier;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Verifies Intel TDX quotes (placeholder until the TDX verifier lands: refuses everything). */
public final class TdxVerifier implements Verifier {

  public TdxVerifier(TrustConfig config) {}

  @Override
  public TeeType tee() {
    return TeeType.TDX;
  }

  @Override
  public VerificationResult verify(Evidence evidence, Instant now) {
    return VerificationResult.of(
        TeeType.TDX,
        Optional.empty(),
        TcbStatus.NOT_EVALUATED,
        List.of(Check.fail("tdx", "TDX verification is not implemented yet")),
        now);
  }
}
