package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.contract.DifferentialPrivacy;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The total privacy budget of each data owner in one contract.
 *
 * @param contractId the contract's id
 * @param totals the total epsilon per owner: the smallest {@code totalEpsilon} over the owner's
 *     datasets with differential privacy
 */
public record BudgetLimits(String contractId, Map<String, Double> totals) {

  public BudgetLimits {
    totals = Map.copyOf(totals);
  }

  /** The limits a contract sets; owners without a differentially private dataset have none. */
  public static BudgetLimits of(Contract contract) {
    Map<String, Double> totals = new TreeMap<>();
    for (DatasetSpec d : contract.datasets()) {
      Optional<DifferentialPrivacy> dp = d.rule().differentialPrivacy();
      dp.ifPresent(p -> totals.merge(d.owner(), p.totalEpsilon(), Math::min));
    }
    return new BudgetLimits(contract.id(), totals);
  }

  /** The owner's total budget, if the owner has one. */
  public Optional<Double> total(String owner) {
    return Optional.ofNullable(totals.get(owner));
  }
}
