package io.cleanroom.query.privacy.dp;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One charge recorded in a privacy budget ledger.
 *
 * @param queryFingerprint the fingerprint of the query charged
 * @param owners the owners charged, sorted
 * @param epsilon the epsilon charged to each owner, as the exact decimal of the double given
 * @param time when the charge was recorded
 */
public record LedgerEntry(
    String queryFingerprint, List<String> owners, BigDecimal epsilon, Instant time) {

  public LedgerEntry {
    owners = List.copyOf(owners);
  }
}
