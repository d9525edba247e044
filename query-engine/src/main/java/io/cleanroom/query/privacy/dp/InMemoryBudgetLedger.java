package io.cleanroom.query.privacy.dp;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A privacy budget ledger held in memory, for tests and single-run tools.
 *
 * <p><b>Security:</b> the budget is forgotten when the process ends; production uses {@link
 * FileBudgetLedger} (or another durable ledger).
 */
public final class InMemoryBudgetLedger implements PrivacyBudgetLedger {

  private final Map<String, BudgetBook> books = new HashMap<>();
  private final Clock clock;

  /** A ledger stamping charges with the system clock. */
  public InMemoryBudgetLedger() {
    this(Clock.systemUTC());
  }

  /** A ledger stamping charges with {@code clock}. */
  public InMemoryBudgetLedger(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized BudgetCharge charge(
      BudgetLimits limits, Collection<String> owners, double epsilon, String queryFingerprint) {
    BudgetBook book = books.computeIfAbsent(limits.contractId(), BudgetBook::new);
    LedgerEntry e = book.charge(limits, owners, epsilon, queryFingerprint, clock.instant());
    return new BudgetCharge(limits.contractId(), e.owners(), epsilon, queryFingerprint, e.time());
  }

  @Override
  public synchronized BigDecimal spent(String contractId, String owner) {
    BudgetBook book = books.get(contractId);
    return book == null ? BigDecimal.ZERO : book.spent(owner);
  }

  @Override
  public synchronized List<LedgerEntry> entries(String contractId) {
    BudgetBook book = books.get(contractId);
    return book == null ? List.of() : book.entries();
  }
}
