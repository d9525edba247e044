package io.cleanroom.query.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.Contracts;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.QueryException;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.privacy.dp.InMemoryBudgetLedger;
import io.cleanroom.query.privacy.dp.LedgerDpReleaser;
import io.cleanroom.query.privacy.dp.PrivacyBudgetLedger;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differentially private queries end to end: checked against a contract with DP on visits, run by
 * the executor with the ledger's releaser, compared with the exact answer, and refused once the
 * owner's budget is spent.
 */
class DifferentialPrivacyExecutionTest {

  /** Epsilon 1 per query, 3 in total, L0 = 2, Linf = 5, cost bounded to [0, 5000]. */
  private static final Contract CONTRACT = Contracts.withDpOnVisits();

  private static final String BY_DIAGNOSIS =
      "select diagnosis, count(*) as n from visits group by diagnosis";

  private static BufferAllocator root;
  private static HospitalBankData data;

  @BeforeAll
  static void load() {
    root = new RootAllocator();
    data = HospitalBankData.of(root, CONTRACT, 200_000, 20_000, 50_000);
  }

  @AfterAll
  static void close() {
    data.close();
    root.close();
  }

  private static QueryResult run(String sql, PrivacyBudgetLedger ledger) {
    CheckedQuery checked = new QueryChecker(CONTRACT).check(sql);
    assertThat(checked.report().allowed()).as(checked.report().toString()).isTrue();
    String fingerprint = checked.report().fingerprint().orElseThrow();
    DpReleaser dp = new LedgerDpReleaser(CONTRACT, ledger, fingerprint);
    return new QueryExecutor(root, ExecutionLimits.defaults(), Optional.of(dp))
        .execute(checked, data.source());
  }

  private static Map<String, Long> exactCounts() {
    Map<String, Long> exact = new HashMap<>();
    QueryResult r =
        new QueryExecutor(root, ExecutionLimits.defaults())
            .execute(
                io.cleanroom.query.plan.PlanNormalizer.normalize(
                    new io.cleanroom.query.plan.SqlFrontEnd(
                            io.cleanroom.query.schema.QuerySchema.of(CONTRACT, Map.of()))
                        .toRel(io.cleanroom.query.plan.SqlFrontEnd.parse(BY_DIAGNOSIS).node())
                        .root()),
                data.source());
    r.rows().forEach(row -> exact.put((String) row.get(0), (Long) row.get(1)));
    return exact;
  }

  @Test
  void releasesNoisyCountsCloseToTheTruthAndChargesTheOwner() {
    PrivacyBudgetLedger ledger = new InMemoryBudgetLedger();
    QueryResult noisy = run(BY_DIAGNOSIS, ledger);
    Map<String, Long> exact = exactCounts();
    assertThat(noisy.rows()).isNotEmpty();
    assertThat(noisy.suppressedGroups()).isZero();
    for (List<Object> row : noisy.rows()) {
      long truth = exact.get((String) row.get(0));
      long released = (Long) row.get(1);
      // Laplace scale: sensitivity L0 * Linf = 10 over epsilon 0.5 (half of 1), so 20; 600 is 30
      // scales, but contribution bounding also drops rows of patients with many visits.
      assertThat(released).isBetween(0L, truth + 600);
    }
    long exactTotal = exact.values().stream().mapToLong(Long::longValue).sum();
    long noisyTotal = noisy.rows().stream().mapToLong(r -> (Long) r.get(1)).sum();
    assertThat(noisyTotal).isLessThan(exactTotal);
    assertThat(ledger.spent(CONTRACT.id(), "hospital")).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(noisy.plan()).contains("DpAggregate");
  }

  @Test
  void refusesOnceTheOwnersBudgetIsSpent() {
    PrivacyBudgetLedger ledger = new InMemoryBudgetLedger();
    for (int i = 0; i < 3; i++) {
      run(BY_DIAGNOSIS, ledger);
    }
    assertThatThrownBy(() -> run(BY_DIAGNOSIS, ledger))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).code())
        .isEqualTo(QueryException.Code.BUDGET_EXHAUSTED);
    assertThat(ledger.spent(CONTRACT.id(), "hospital")).isEqualByComparingTo(new BigDecimal(3));
  }

  @Test
  void withoutAReleaserDifferentialPrivacyIsRefusedNotSkipped() {
    CheckedQuery checked = new QueryChecker(CONTRACT).check(BY_DIAGNOSIS);
    assertThatThrownBy(
            () ->
                new QueryExecutor(root, ExecutionLimits.defaults()).execute(checked, data.source()))
        .isInstanceOf(QueryException.class)
        .extracting(e -> ((QueryException) e).code())
        .isEqualTo(QueryException.Code.UNSUPPORTED);
  }
}
