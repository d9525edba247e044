package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.exec.DpReleaser;
import io.cleanroom.query.plan.DpAggregate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.AggregateCall;

/**
 * The executor's differential privacy for one query: charges the query's epsilon to every owner in
 * the ledger, then feeds the {@link DpAggregate}'s input to a {@link DpAggregator} and returns what
 * it releases.
 *
 * <p><b>Security:</b> the charge comes first and is never refunded, so a query that fails after it
 * still spends its budget (a failure must not become a free retry). The number of groups that were
 * not released is not differentially private and is never reported: the release says 0.
 */
public final class LedgerDpReleaser implements DpReleaser {

  private final Contract contract;
  private final PrivacyBudgetLedger ledger;
  private final String fingerprint;

  /**
   * @param contract the contract the query was checked against (its DP totals per owner)
   * @param ledger where the owners' budgets are kept
   * @param fingerprint the query's fingerprint, recorded with the charge
   */
  public LedgerDpReleaser(Contract contract, PrivacyBudgetLedger ledger, String fingerprint) {
    this.contract = contract;
    this.ledger = ledger;
    this.fingerprint = fingerprint;
  }

  @Override
  public Release release(DpAggregate node, Input input) {
    DpAggregator aggregator = DpAggregator.forNode(node);
    BudgetCharge charge = ledger.charge(contract, node.spec(), fingerprint);
    int[] keys = node.groupSet().toArray();
    int[] args = new int[node.calls().size()];
    for (int i = 0; i < args.length; i++) {
      AggregateCall call = node.calls().get(i);
      args[i] = call.getArgList().isEmpty() ? -1 : call.getArgList().get(0);
    }
    Object[] key = new Object[keys.length];
    Object[] values = new Object[args.length];
    for (int r = 0; r < input.rowCount(); r++) {
      for (int k = 0; k < keys.length; k++) {
        key[k] = input.value(keys[k], r);
      }
      for (int a = 0; a < args.length; a++) {
        values[a] = args[a] < 0 ? null : input.value(args[a], r);
      }
      aggregator.add(
          aggregator.groupId(java.util.Arrays.asList(key)),
          input.value(node.identityField(), r),
          values);
    }
    DpRelease release = aggregator.release(charge);
    List<List<Object>> rows = new ArrayList<>(release.groups().size());
    for (DpRelease.ReleasedGroup g : release.groups()) {
      List<Object> row = new ArrayList<>(g.key());
      row.addAll(g.values());
      rows.add(row);
    }
    return new Release(rows, 0);
  }
}
