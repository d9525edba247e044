package io.cleanroom.query.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cleanroom.query.QueryException;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger rules, for both implementations. */
class BudgetLedgerTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T08:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path dir;

  static Stream<Function<Path, PrivacyBudgetLedger>> ledgers() {
    return Stream.of(p -> new InMemoryBudgetLedger(CLOCK), p -> new FileBudgetLedger(p, CLOCK));
  }

  private static PrivacyBudgetLedger open(Function<Path, PrivacyBudgetLedger> f) {
    return f.apply(dir.resolve("l" + System.nanoTime()));
  }

  private static QueryException refusal(Runnable r) {
    QueryException e = catchThrowableOfType(QueryException.class, r::run);
    assertThat(e).isNotNull();
    return e;
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void chargesAccumulateUntilTheBudgetIsSpent(Function<Path, PrivacyBudgetLedger> f) {
    PrivacyBudgetLedger ledger = open(f);
    Contract c = LedgerContracts.twoOwners(5);
    BudgetLimits limits = BudgetLimits.of(c);
    for (int i = 0; i < 3; i++) {
      BudgetCharge charge = ledger.charge(limits, List.of("hospital"), 1.0, "fp-" + i);
      assertThat(charge.owners()).containsExactly("hospital");
      assertThat(charge.time()).isEqualTo(CLOCK.instant());
    }
    assertThat(ledger.spent(c.id(), "hospital")).isEqualByComparingTo("3");
    assertThat(ledger.remaining(limits, "hospital")).isEqualByComparingTo("0");
    QueryException e = refusal(() -> ledger.charge(limits, List.of("hospital"), 1.0, "fp-4"));
    assertThat(e.code()).isEqualTo(QueryException.Code.BUDGET_EXHAUSTED);
    assertThat(e.getMessage()).contains("'hospital' has 0 left").contains("nobody was charged");
    assertThat(ledger.entries(c.id()))
        .extracting(LedgerEntry::queryFingerprint)
        .containsExactly("fp-0", "fp-1", "fp-2");
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void refusesTheWholeChargeIfAnyOwnerIsShort(Function<Path, PrivacyBudgetLedger> f) {
    PrivacyBudgetLedger ledger = open(f);
    Contract c = LedgerContracts.twoOwners(1.5);
    BudgetLimits limits = BudgetLimits.of(c);
    ledger.charge(limits, List.of("bank", "hospital"), 1.0, "fp-1");
    QueryException e =
        refusal(() -> ledger.charge(limits, List.of("hospital", "bank"), 1.0, "fp-2"));
    assertThat(e.code()).isEqualTo(QueryException.Code.BUDGET_EXHAUSTED);
    assertThat(e.getMessage()).contains("'bank' has 0.5 left").doesNotContain("'hospital'");
    assertThat(ledger.spent(c.id(), "hospital")).isEqualByComparingTo("1");
    assertThat(ledger.spent(c.id(), "bank")).isEqualByComparingTo("1");
    assertThat(ledger.entries(c.id())).hasSize(1);
    ledger.charge(limits, List.of("hospital"), 1.0, "fp-3");
    assertThat(ledger.spent(c.id(), "hospital")).isEqualByComparingTo("2");
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void comparesBudgetsAsExactDecimals(Function<Path, PrivacyBudgetLedger> f) {
    PrivacyBudgetLedger ledger = open(f);
    BudgetLimits limits = new BudgetLimits("decimal", java.util.Map.of("o", 1.0));
    for (int i = 0; i < 10; i++) {
      ledger.charge(limits, List.of("o"), 0.1, "fp");
    }
    assertThat(ledger.spent("decimal", "o")).isEqualByComparingTo("1.0");
    assertThat(refusal(() -> ledger.charge(limits, List.of("o"), 0.1, "fp")).code())
        .isEqualTo(QueryException.Code.BUDGET_EXHAUSTED);
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void takesTheOwnersTotalFromItsDatasets(Function<Path, PrivacyBudgetLedger> f) {
    Contract c = LedgerContracts.oneOwnerTwoDatasets();
    BudgetLimits limits = BudgetLimits.of(c);
    assertThat(limits.total("hospital")).contains(2.0);
    assertThat(limits.total("bank")).isEmpty();
    PrivacyBudgetLedger ledger = open(f);
    ledger.charge(limits, List.of("hospital"), 2.0, "fp");
    assertThat(refusal(() -> ledger.charge(limits, List.of("hospital"), 0.5, "fp")).code())
        .isEqualTo(QueryException.Code.BUDGET_EXHAUSTED);
  }

  @org.junit.jupiter.api.Test
  void takesTheSmallestTotalWhenAnOwnersDatasetsDisagree() {
    Contract c = LedgerContracts.twoOwners(1.5);
    DatasetSpec accounts = c.datasets().get(1);
    DatasetSpec renamed =
        new DatasetSpec(
            accounts.id(), "hospital", accounts.schema(), accounts.sealedDigest(), accounts.rule());
    Contract oneOwner =
        new Contract(
            c.id(),
            c.version(),
            c.collaborationId(),
            c.members(),
            List.of(c.datasets().get(0), renamed),
            c.allowedEnclaves(),
            c.resultRecipients());
    assertThat(BudgetLimits.of(oneOwner).totals()).isEqualTo(java.util.Map.of("hospital", 1.5));
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void refusesOwnersWithoutBudgetAndInvalidEpsilon(Function<Path, PrivacyBudgetLedger> f) {
    PrivacyBudgetLedger ledger = open(f);
    BudgetLimits limits = BudgetLimits.of(LedgerContracts.oneOwnerTwoDatasets());
    assertThat(refusal(() -> ledger.charge(limits, List.of("bank"), 0.5, "fp")).code())
        .isEqualTo(QueryException.Code.INTERNAL);
    assertThat(refusal(() -> ledger.charge(limits, List.of("hospital"), 0, "fp")).code())
        .isEqualTo(QueryException.Code.INTERNAL);
    assertThat(refusal(() -> ledger.charge(limits, List.of("hospital"), Double.NaN, "fp")).code())
        .isEqualTo(QueryException.Code.INTERNAL);
    assertThat(refusal(() -> ledger.charge(limits, List.of(), 0.5, "fp")).code())
        .isEqualTo(QueryException.Code.INTERNAL);
    assertThat(ledger.entries(limits.contractId())).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("ledgers")
  void concurrentChargesNeverOverspend(Function<Path, PrivacyBudgetLedger> f) throws Exception {
    PrivacyBudgetLedger ledger = open(f);
    BudgetLimits limits = new BudgetLimits("concurrent", java.util.Map.of("a", 3.0, "b", 3.0));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Callable<Integer> task =
          () -> {
            start.await();
            int ok = 0;
            for (int i = 0; i < 5; i++) {
              try {
                ledger.charge(limits, List.of("a", "b"), 0.25, "fp");
                ok++;
              } catch (QueryException e) {
                assertThat(e.code()).isEqualTo(QueryException.Code.BUDGET_EXHAUSTED);
              }
            }
            return ok;
          };
      results.add(pool.submit(task));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> r : results) {
      total += r.get();
    }
    pool.shutdown();
    assertThat(total).isEqualTo(12);
    assertThat(ledger.spent("concurrent", "a")).isEqualByComparingTo("3");
    assertThat(ledger.spent("concurrent", "b")).isEqualByComparingTo("3");
  }
}
