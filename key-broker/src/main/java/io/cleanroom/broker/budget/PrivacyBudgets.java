package io.cleanroom.broker.budget;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.broker.contract.ContractRecord;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import io.cleanroom.query.contract.DifferentialPrivacy;
import io.cleanroom.query.privacy.dp.BudgetLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The data owners' differential-privacy budgets at this broker: what a release of some datasets
 * costs, the debit of that cost, and each owner's balance.
 *
 * <p>The unit is the contract's rule: each owner of a differentially private dataset has one total
 * per contract (its datasets' {@code totalEpsilon}, which the contract parser makes agree), and a
 * query spends its epsilon once from each such owner, however many of the owner's datasets it
 * reads. A query's epsilon is the smallest {@code epsilonPerQuery} among the differentially private
 * datasets it reads, as the query engine computes it ({@code OutputPrivacyRewriter}); the enclave
 * asks a broker for exactly the datasets the query reads that the broker holds.
 *
 * <p><b>Security:</b> a debit runs in the release's transaction with the contract's row locked, so
 * releases under one contract are charged one after the other and never overspend, and a debit
 * commits if and only if its release does. It charges every owner or none. Amounts are exact
 * decimals with {@value #SCALE} places (the cost rounded up, the totals down); nothing is refunded.
 */
@ApplicationScoped
public class PrivacyBudgets {

  /** Decimal places kept of every amount. */
  public static final int SCALE = 18;

  @Inject Clock clock;

  /**
   * What a release costs.
   *
   * @param epsilon charged to each owner
   * @param totals each owner's total budget in the contract
   */
  public record Cost(BigDecimal epsilon, SortedMap<String, BigDecimal> totals) {}

  /**
   * A debit's outcome.
   *
   * @param epsilon asked of each owner
   * @param left what each owner has left: after the debit if granted, else as it stands
   * @param granted whether every owner had {@code epsilon} left and was charged
   */
  public record Debit(BigDecimal epsilon, SortedMap<String, BigDecimal> left, boolean granted) {

    /** {@link #left} as canonical JSON, {@code {"owner": "decimal"}}. */
    public String leftJson() {
      ObjectNode json = CanonicalJson.mapper().createObjectNode();
      left.forEach((owner, amount) -> json.put(owner, plain(amount)));
      return CanonicalJson.toString(json);
    }

    /** For the release log: the epsilon asked or charged, of whom, and what each has left. */
    public String describe() {
      String owners = String.join(", ", left.keySet());
      String balances =
          left.entrySet().stream()
              .map(e -> e.getKey() + " " + plain(e.getValue()))
              .collect(Collectors.joining(", "));
      return granted
          ? "charged epsilon " + plain(epsilon) + " to each of " + owners + ", left: " + balances
          : "the query needs epsilon "
              + plain(epsilon)
              + " from each of "
              + owners
              + ", who have left: "
              + balances
              + "; nothing was charged";
    }
  }

  /**
   * One owner's budget in a contract.
   *
   * @param owner the owner's organization
   * @param epsilonPerQuery each of the owner's differentially private datasets and its epsilon
   * @param total the owner's total budget
   * @param spent the epsilon released keys have spent
   * @param remaining {@code total - spent}, never below zero
   * @param charges how many releases were charged
   */
  public record OwnerBudget(
      String owner,
      SortedMap<String, BigDecimal> epsilonPerQuery,
      BigDecimal total,
      BigDecimal spent,
      BigDecimal remaining,
      long charges) {}

  /** The cost of releasing {@code datasets} of {@code contract}; empty if none is private. */
  public static Optional<Cost> cost(Contract contract, Collection<DatasetSpec> datasets) {
    BudgetLimits limits = BudgetLimits.of(contract);
    BigDecimal epsilon = null;
    SortedMap<String, BigDecimal> totals = new TreeMap<>();
    for (DatasetSpec d : datasets) {
      Optional<DifferentialPrivacy> dp = d.rule().differentialPrivacy();
      if (dp.isEmpty()) {
        continue;
      }
      BigDecimal e = exact(dp.get().epsilonPerQuery(), RoundingMode.CEILING);
      epsilon = epsilon == null ? e : epsilon.min(e);
      totals.put(d.owner(), exact(limits.total(d.owner()).orElseThrow(), RoundingMode.FLOOR));
    }
    return epsilon == null
        ? Optional.empty()
        : Optional.of(new Cost(epsilon, Collections.unmodifiableSortedMap(totals)));
  }

  /**
   * Charges the cost of releasing {@code datasets} to each owner, or to nobody if any owner has
   * less left; in the caller's (the release's) transaction.
   *
   * @return empty if no dataset is differentially private
   */
  @Transactional(TxType.MANDATORY)
  public Optional<Debit> debit(Contract contract, Collection<DatasetSpec> datasets) {
    Optional<Cost> cost = cost(contract, datasets);
    if (cost.isEmpty()) {
      return Optional.empty();
    }
    // Held until the release commits: the next release of this contract reads what this one spent.
    if (ContractRecord.findById(contract.id(), LockModeType.PESSIMISTIC_WRITE) == null) {
      throw new IllegalStateException("contract " + contract.id() + " is not stored");
    }
    BigDecimal epsilon = cost.get().epsilon();
    List<BudgetRecord> rows = new ArrayList<>();
    SortedMap<String, BigDecimal> left = new TreeMap<>();
    boolean enough = true;
    for (Map.Entry<String, BigDecimal> owner : cost.get().totals().entrySet()) {
      BudgetRecord row = row(contract.id(), owner.getKey());
      BigDecimal remaining = owner.getValue().subtract(row.spentEpsilon).max(BigDecimal.ZERO);
      enough &= remaining.compareTo(epsilon) >= 0;
      rows.add(row);
      left.put(owner.getKey(), remaining);
    }
    if (!enough) {
      return Optional.of(new Debit(epsilon, left, false));
    }
    for (BudgetRecord row : rows) {
      row.spentEpsilon = row.spentEpsilon.add(epsilon);
      row.charges++;
      row.updatedAt = clock.instant();
      row.persist();
      left.merge(row.ownerOrg, epsilon, BigDecimal::subtract);
    }
    return Optional.of(new Debit(epsilon, left, true));
  }

  /** The budgets of a contract's owners of private datasets: all, or only {@code owner}'s. */
  @Transactional
  public List<OwnerBudget> budgets(Contract contract, Optional<String> owner) {
    SortedMap<String, SortedMap<String, BigDecimal>> perQuery = new TreeMap<>();
    for (DatasetSpec d : contract.datasets()) {
      if (owner.isPresent() && !owner.get().equals(d.owner())) {
        continue;
      }
      d.rule()
          .differentialPrivacy()
          .ifPresent(
              dp ->
                  perQuery
                      .computeIfAbsent(d.owner(), o -> new TreeMap<>())
                      .put(d.id(), exact(dp.epsilonPerQuery(), RoundingMode.CEILING)));
    }
    BudgetLimits limits = BudgetLimits.of(contract);
    List<OwnerBudget> out = new ArrayList<>();
    perQuery.forEach(
        (org, datasets) -> {
          BigDecimal total = exact(limits.total(org).orElseThrow(), RoundingMode.FLOOR);
          BudgetRecord row = row(contract.id(), org);
          out.add(
              new OwnerBudget(
                  org,
                  Collections.unmodifiableSortedMap(datasets),
                  total,
                  row.spentEpsilon,
                  total.subtract(row.spentEpsilon).max(BigDecimal.ZERO),
                  row.charges));
        });
    return out;
  }

  /** An amount as shown and logged: plain decimal notation without trailing zeros. */
  public static String plain(BigDecimal amount) {
    return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
  }

  /** The stored row, or a new one with nothing spent (persisted only when charged). */
  private static BudgetRecord row(String contractHash, String owner) {
    Optional<BudgetRecord> found =
        BudgetRecord.find("contractHash = ?1 and ownerOrg = ?2", contractHash, owner)
            .firstResultOptional();
    return found.orElseGet(
        () -> {
          BudgetRecord r = new BudgetRecord();
          r.contractHash = contractHash;
          r.ownerOrg = owner;
          r.spentEpsilon = BigDecimal.ZERO;
          return r;
        });
  }

  private static BigDecimal exact(double value, RoundingMode rounding) {
    return BigDecimal.valueOf(value).setScale(SCALE, rounding);
  }
}
