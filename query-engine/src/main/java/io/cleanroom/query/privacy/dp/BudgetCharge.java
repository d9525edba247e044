package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.plan.DpSpec;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proof that a {@link PrivacyBudgetLedger} has recorded a charge: the only way to make a {@link
 * DpAggregator} release, and usable for one release only.
 *
 * <p><b>Security:</b> only ledgers construct charges, after the budget was durably spent, so a
 * release can never happen before its charge. A charge funds exactly one release, of a query whose
 * epsilon and owners it covers.
 */
public final class BudgetCharge {

  private final String contractId;
  private final List<String> owners;
  private final double epsilon;
  private final String queryFingerprint;
  private final Instant time;
  private final AtomicBoolean used = new AtomicBoolean();

  BudgetCharge(
      String contractId,
      List<String> owners,
      double epsilon,
      String queryFingerprint,
      Instant time) {
    this.contractId = contractId;
    this.owners = List.copyOf(owners);
    this.epsilon = epsilon;
    this.queryFingerprint = queryFingerprint;
    this.time = time;
  }

  /** The contract whose ledger was charged. */
  public String contractId() {
    return contractId;
  }

  /** The owners charged, sorted. */
  public List<String> owners() {
    return owners;
  }

  /** The epsilon charged to each owner. */
  public double epsilon() {
    return epsilon;
  }

  /** The fingerprint of the query the charge is for. */
  public String queryFingerprint() {
    return queryFingerprint;
  }

  /** When the ledger recorded the charge. */
  public Instant time() {
    return time;
  }

  /** Marks the charge used by a release of {@code spec}; refuses a second use or a short charge. */
  void spendOn(DpSpec spec) {
    if (epsilon < spec.epsilon() || !owners.containsAll(spec.owners())) {
      throw new QueryException(
          QueryException.Code.INTERNAL,
          "the budget charge does not cover the query: it charged epsilon "
              + epsilon
              + " to "
              + owners
              + ", the query needs "
              + spec.epsilon()
              + " from "
              + spec.owners());
    }
    if (!used.compareAndSet(false, true)) {
      throw new QueryException(
          QueryException.Code.INTERNAL, "the budget charge was already used by a release");
    }
  }
}
