package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM charging a file ledger, for the cross-process test: {@code main(dir, attempts)}
 * prints how many charges succeeded.
 */
public final class LedgerChargerProcess {

  static final BudgetLimits LIMITS = new BudgetLimits("shared", Map.of("hospital", 3.0));

  private LedgerChargerProcess() {}

  /** Charges 0.25 {@code args[1]} times to the ledger in {@code args[0]}. */
  public static void main(String[] args) {
    FileBudgetLedger ledger = new FileBudgetLedger(Path.of(args[0]));
    int ok = 0;
    for (int i = 0; i < Integer.parseInt(args[1]); i++) {
      try {
        ledger.charge(LIMITS, List.of("hospital"), 0.25, "fp-" + ProcessHandle.current().pid());
        ok++;
      } catch (QueryException e) {
        if (e.code() != QueryException.Code.BUDGET_EXHAUSTED) {
          throw e;
        }
      }
    }
    System.out.println(ok);
  }
}
