package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One contract's budget state, shared by the ledgers: the spent epsilon per owner, the charges, and
 * the rule that charges all owners or none. Not thread-safe; ledgers lock around it.
 */
final class BudgetBook {

  private final String contractId;
  private final Map<String, BigDecimal> spent = new TreeMap<>();
  private final List<LedgerEntry> entries = new ArrayList<>();

  BudgetBook(String contractId) {
    this.contractId = contractId;
  }

  String contractId() {
    return contractId;
  }

  BigDecimal spent(String owner) {
    return spent.getOrDefault(owner, BigDecimal.ZERO);
  }

  Map<String, BigDecimal> spentByOwner() {
    return Map.copyOf(spent);
  }

  List<LedgerEntry> entries() {
    return List.copyOf(entries);
  }

  /** Adds an entry read back from storage, without checking limits. */
  void replay(LedgerEntry entry) {
    for (String owner : entry.owners()) {
      spent.merge(owner, entry.epsilon(), BigDecimal::add);
    }
    entries.add(entry);
  }

  /**
   * Charges every owner or nobody.
   *
   * @throws QueryException {@code BUDGET_EXHAUSTED} naming every owner short of budget
   */
  LedgerEntry charge(
      BudgetLimits limits,
      Collection<String> owners,
      double epsilon,
      String queryFingerprint,
      Instant now) {
    validate(limits, owners, epsilon, queryFingerprint);
    BigDecimal eps = BigDecimal.valueOf(epsilon);
    List<String> sorted = List.copyOf(new TreeSet<>(owners));
    List<String> short_ = new ArrayList<>();
    for (String owner : sorted) {
      BigDecimal total = BigDecimal.valueOf(limits.total(owner).orElseThrow());
      BigDecimal remaining = total.subtract(spent(owner)).max(BigDecimal.ZERO);
      if (remaining.compareTo(eps) < 0) {
        short_.add(
            "'" + owner + "' has " + remaining.stripTrailingZeros().toPlainString() + " left");
      }
    }
    if (!short_.isEmpty()) {
      throw new QueryException(
          QueryException.Code.BUDGET_EXHAUSTED,
          "the privacy budget is exhausted in contract "
              + contractId
              + ": the query needs epsilon "
              + eps.toPlainString()
              + " from each owner, but "
              + String.join(", ", short_)
              + "; nobody was charged");
    }
    LedgerEntry entry = new LedgerEntry(queryFingerprint, sorted, eps, now);
    replay(entry);
    return entry;
  }

  private void validate(
      BudgetLimits limits, Collection<String> owners, double epsilon, String queryFingerprint) {
    if (!limits.contractId().equals(contractId)) {
      throw invalid("the budget limits are for another contract");
    }
    if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
      throw invalid("epsilon must be positive and finite, got " + epsilon);
    }
    if (owners.isEmpty()) {
      throw invalid("a charge needs at least one owner");
    }
    if (queryFingerprint == null || queryFingerprint.isBlank()) {
      throw invalid("a charge needs the query fingerprint");
    }
    for (String owner : owners) {
      if (limits.total(owner).isEmpty()) {
        throw invalid(
            "owner '" + owner + "' has no differential-privacy budget in contract " + contractId);
      }
    }
  }

  private static QueryException invalid(String message) {
    return new QueryException(QueryException.Code.INTERNAL, message);
  }
}
