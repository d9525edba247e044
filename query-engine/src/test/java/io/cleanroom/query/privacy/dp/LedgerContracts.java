package io.cleanroom.query.privacy.dp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.query.Contracts;
import io.cleanroom.query.contract.Contract;

/** Contracts with differential privacy for the ledger tests. */
final class LedgerContracts {

  private LedgerContracts() {}

  /** DP on visits (hospital, total 3) and on accounts (bank, total {@code bankTotal}). */
  static Contract twoOwners(double bankTotal) {
    return Contracts.exampleWith(
        c -> {
          dp(Contracts.rule(c, 0), 1.0, 3.0, "cost");
          dp(Contracts.rule(c, 1), 1.0, bankTotal, "balance");
        });
  }

  /**
   * Both datasets owned by the hospital, with total 2 (the parser requires an owner's totals to
   * agree) and different epsilons per query.
   */
  static Contract oneOwnerTwoDatasets() {
    return Contracts.exampleWith(
        c -> {
          dp(Contracts.rule(c, 0), 1.0, 2.0, "cost");
          dp(Contracts.rule(c, 1), 0.5, 2.0, "balance");
          ((ObjectNode) c.get("datasets").get(1)).put("owner", "hospital");
        });
  }

  private static void dp(ObjectNode rule, double perQuery, double total, String bounded) {
    ObjectNode dp = rule.putObject("differentialPrivacy");
    dp.put("epsilonPerQuery", perQuery)
        .put("totalEpsilon", total)
        .put("delta", 1e-6)
        .put("maxGroupsContributed", 2)
        .put("maxContributionsPerGroup", 5);
    dp.putObject("bounds").putObject(bounded).put("lower", 0).put("upper", 5000);
  }
}
