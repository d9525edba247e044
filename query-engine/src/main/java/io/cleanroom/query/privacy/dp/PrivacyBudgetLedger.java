package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.plan.DpSpec;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;

/**
 * The record of how much of each data owner's differential-privacy budget a contract's queries have
 * spent; a query is charged before anything is released.
 *
 * <p><b>Security:</b> {@link #charge} is atomic across owners: either every owner is charged or, if
 * any owner's spent budget plus the query's epsilon would exceed the owner's total, nobody is and
 * the call fails with {@code BUDGET_EXHAUSTED}. Budgets are compared as exact decimals of the given
 * doubles, so ten charges of 0.1 fit a total of 1.0. Charges are never refunded, not even when the
 * query fails after its charge: noise may already have been drawn. Implementations are thread-safe.
 */
public interface PrivacyBudgetLedger {

  /**
   * Charges {@code epsilon} to each owner, or to nobody.
   *
   * @param limits the contract's budgets
   * @param owners the owners to charge (at least one); each must have a budget in {@code limits}
   * @param epsilon positive and finite
   * @param queryFingerprint the fingerprint of the query, recorded with the charge
   * @return the proof of the charge, which funds one release
   * @throws io.cleanroom.query.QueryException {@code BUDGET_EXHAUSTED} naming the owners short of
   *     budget and what remains; {@code IO} if the ledger cannot be read or written (a corrupt
   *     ledger is never reset); {@code INTERNAL} for invalid arguments
   */
  BudgetCharge charge(
      BudgetLimits limits, Collection<String> owners, double epsilon, String queryFingerprint);

  /** Charges the epsilon and owners of a differentially private query under {@code contract}. */
  default BudgetCharge charge(Contract contract, DpSpec spec, String queryFingerprint) {
    return charge(BudgetLimits.of(contract), spec.owners(), spec.epsilon(), queryFingerprint);
  }

  /** The epsilon an owner has spent in a contract (zero if never charged). */
  BigDecimal spent(String contractId, String owner);

  /** The charges recorded for a contract, oldest first. */
  List<LedgerEntry> entries(String contractId);

  /** The epsilon an owner may still spend (zero if the owner has no budget). */
  default BigDecimal remaining(BudgetLimits limits, String owner) {
    return limits
        .total(owner)
        .map(
            t ->
                BigDecimal.valueOf(t)
                    .subtract(spent(limits.contractId(), owner))
                    .max(BigDecimal.ZERO))
        .orElse(BigDecimal.ZERO);
  }
}
