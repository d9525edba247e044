package io.cleanroom.query.privacy.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cleanroom.query.QueryException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durability and corruption handling of the file ledger. */
class FileBudgetLedgerTest {

  private static final BudgetLimits LIMITS =
      new BudgetLimits("c0ffee", Map.of("hospital", 3.0, "bank", 2.0));

  @TempDir Path dir;

  private static QueryException failure(Runnable r) {
    QueryException e = catchThrowableOfType(QueryException.class, r::run);
    assertThat(e).isNotNull();
    return e;
  }

  @Test
  void keepsChargesAcrossReopening() {
    new FileBudgetLedger(dir, BudgetLedgerTest.CLOCK)
        .charge(LIMITS, List.of("hospital", "bank"), 1.5, "fp-1");
    FileBudgetLedger reopened = new FileBudgetLedger(dir);
    assertThat(reopened.spent("c0ffee", "hospital")).isEqualByComparingTo("1.5");
    assertThat(reopened.spent("c0ffee", "bank")).isEqualByComparingTo("1.5");
    assertThat(reopened.entries("c0ffee"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.queryFingerprint()).isEqualTo("fp-1");
              assertThat(e.owners()).containsExactly("bank", "hospital");
              assertThat(e.time()).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
            });
    assertThat(failure(() -> reopened.charge(LIMITS, List.of("bank"), 1.0, "fp-2")).code())
        .isEqualTo(QueryException.Code.BUDGET_EXHAUSTED);
  }

  @Test
  void writesCanonicalJsonWithExactDecimals() throws Exception {
    FileBudgetLedger ledger = new FileBudgetLedger(dir, BudgetLedgerTest.CLOCK);
    ledger.charge(LIMITS, List.of("hospital"), 0.1, "fp-1");
    assertThat(Files.readString(ledger.file("c0ffee")))
        .isEqualTo(
            "{\"charges\":[{\"epsilon\":\"0.1\",\"owners\":[\"hospital\"],"
                + "\"queryFingerprint\":\"fp-1\",\"time\":\"2026-12-05T08:00:00Z\"}],"
                + "\"contractId\":\"c0ffee\",\"format\":1,\"spent\":{\"hospital\":\"0.1\"}}");
  }

  @Test
  void refusesACorruptLedgerInsteadOfResettingIt() throws Exception {
    FileBudgetLedger ledger = new FileBudgetLedger(dir);
    ledger.charge(LIMITS, List.of("hospital"), 1.0, "fp-1");
    Path file = ledger.file("c0ffee");
    byte[] corrupt = "{\"charges\":[".getBytes(StandardCharsets.UTF_8);
    Files.write(file, corrupt);
    QueryException e = failure(() -> ledger.charge(LIMITS, List.of("hospital"), 1.0, "fp-2"));
    assertThat(e.code()).isEqualTo(QueryException.Code.IO);
    assertThat(e.getMessage()).contains("corrupt").contains("c0ffee");
    assertThat(Files.readAllBytes(file)).isEqualTo(corrupt);
    assertThat(failure(() -> ledger.spent("c0ffee", "hospital")).code())
        .isEqualTo(QueryException.Code.IO);
  }

  @Test
  void refusesALedgerWhoseTotalsDisagreeWithItsCharges() throws Exception {
    FileBudgetLedger ledger = new FileBudgetLedger(dir);
    ledger.charge(LIMITS, List.of("hospital"), 1.0, "fp-1");
    Path file = ledger.file("c0ffee");
    Files.writeString(
        file,
        Files.readString(file)
            .replace("\"spent\":{\"hospital\":\"1.0\"", "\"spent\":{\"hospital\":\"0\""));
    assertThat(failure(() -> ledger.charge(LIMITS, List.of("hospital"), 1.0, "fp-2")).getMessage())
        .contains("spent differs from the charges");
  }

  @Test
  void refusesALedgerOfAnotherContractAndEmptyFiles() throws Exception {
    FileBudgetLedger ledger = new FileBudgetLedger(dir);
    ledger.charge(LIMITS, List.of("hospital"), 1.0, "fp-1");
    Files.copy(ledger.file("c0ffee"), ledger.file("other"));
    assertThat(failure(() -> ledger.spent("other", "hospital")).getMessage())
        .contains("another contract");
    Files.write(ledger.file("empty"), new byte[0]);
    assertThat(failure(() -> ledger.spent("empty", "hospital")).code())
        .isEqualTo(QueryException.Code.IO);
  }

  @Test
  void refusesContractIdsThatAreNoFileNames() {
    FileBudgetLedger ledger = new FileBudgetLedger(dir);
    BudgetLimits escape = new BudgetLimits("../escape", Map.of("hospital", 1.0));
    assertThat(failure(() -> ledger.charge(escape, List.of("hospital"), 1.0, "fp")).code())
        .isEqualTo(QueryException.Code.INVALID_CONTRACT);
  }

  @Test
  void ledgersSharingADirectoryNeverOverspend() throws Exception {
    List<FileBudgetLedger> ledgers = List.of(new FileBudgetLedger(dir), new FileBudgetLedger(dir));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      FileBudgetLedger ledger = ledgers.get(i % 2);
      results.add(
          pool.submit(
              () -> {
                try {
                  ledger.charge(LIMITS, List.of("hospital"), 0.25, "fp");
                  return true;
                } catch (QueryException e) {
                  return false;
                }
              }));
    }
    int ok = 0;
    for (Future<Boolean> r : results) {
      ok += r.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(ok).isEqualTo(12);
    assertThat(new FileBudgetLedger(dir).entries("c0ffee")).hasSize(12);
  }

  @Test
  void processesSharingALedgerNeverOverspend() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  LedgerChargerProcess.class.getName(),
                  dir.toString(),
                  "10")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start());
    }
    int ok = 0;
    for (Process p : processes) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(p.waitFor()).isZero();
      ok += Integer.parseInt(out);
    }
    assertThat(ok).isEqualTo(12);
    assertThat(new FileBudgetLedger(dir).spent("shared", "hospital")).isEqualByComparingTo("3");
  }
}
