package io.cleanroom.attestation.evidence;

import io.cleanroom.attestation.TeeType;
import java.util.Optional;

/**
 * Intel TDX evidence: a DCAP quote (version 4 or 5, PCK chain embedded) and, optionally, the
 * collateral that came with it.
 *
 * @param quote the raw quote; trailing zero padding is allowed
 * @param collateral collateral shipped with the quote, if any
 */
public record TdxEvidence(byte[] quote, Optional<TdxCollateral> collateral) implements Evidence {

  public TdxEvidence {
    quote = quote.clone();
  }

  @Override
  public byte[] quote() {
    return quote.clone();
  }

  @Override
  public TeeType tee() {
    return TeeType.TDX;
  }
}
