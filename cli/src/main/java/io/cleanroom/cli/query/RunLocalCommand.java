package io.cleanroom.cli.query;

import io.cleanroom.cli.UserError;
import io.cleanroom.cli.io.TableOutput;
import io.cleanroom.query.CheckedQuery;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.check.Refusal;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.exec.DpReleaser;
import io.cleanroom.query.exec.ExecutionLimits;
import io.cleanroom.query.exec.QueryExecutor;
import io.cleanroom.query.exec.QueryResult;
import io.cleanroom.query.privacy.dp.FileBudgetLedger;
import io.cleanroom.query.privacy.dp.LedgerDpReleaser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom query run-local}: runs a query on sealed files with their keys on this machine,
 * with the contract's rules and output privacy exactly as the enclave applies them — for a data
 * owner testing queries on its own data.
 *
 * <p><b>Security:</b> this is not confidential: the data is decrypted here, outside any TEE, and
 * every run says so on stderr. The query is checked first and a refused query never runs.
 */
@Command(
    name = "run-local",
    mixinStandardHelpOptions = true,
    description = {
      "Run a query on local sealed files with their keys (NOT confidential: no TEE).",
      "DIR holds ID.sealed and ID.key for each dataset the query reads. The contract's rules and",
      "output privacy apply as in the enclave. Exit 0 on success, 1 refused or invalid input."
    })
public final class RunLocalCommand implements Callable<Integer> {

  static final String WARNING =
      "WARNING: run-local is NOT confidential: the data is decrypted on this machine, outside any"
          + " TEE. Use it only on data you may see yourself.";

  @Spec CommandSpec spec;

  @Mixin QueryText query;

  @Option(names = "--data", required = true, description = "Directory with ID.sealed and ID.key.")
  Path data;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv, json or arrow (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", description = "Write the result to this file instead of stdout.")
  Path out;

  @Option(
      names = "--memory-mib",
      defaultValue = "1024",
      description = "Memory limit of the query in MiB (default: ${DEFAULT-VALUE}).")
  long memoryMib;

  @Option(
      names = "--budget-dir",
      description =
          "Where the owners' differential-privacy budgets are kept (default: DATA/.budget).")
  Path budgetDir;

  @Option(
      names = "--explain",
      description = "Print the physical plan as run (operators and their paths) on stderr.")
  boolean explain;

  @Override
  public Integer call() throws IOException {
    if (!java.util.Set.of("table", "csv", "json", "arrow").contains(format)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format must be table, csv, json or arrow");
    }
    if (format.equals("arrow") && out == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format arrow needs --out FILE");
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(WARNING);
    Contract contract = query.contract();
    CheckedQuery checked =
        new QueryChecker(contract, LocalData.rowCounts(contract, data))
            .check(query.sql(), query.parameters());
    if (!checked.report().allowed()) {
      Refusal first = checked.report().refusals().get(0);
      throw new UserError(
          "the contract refuses this query: "
              + first.code()
              + ": "
              + first.message()
              + " (cleanroom query check prints every reason)");
    }
    ExecutionLimits limits =
        new ExecutionLimits(
            memoryMib << 20, Duration.ofHours(1), Runtime.getRuntime().availableProcessors());
    QueryResult result;
    try (LocalData local = new LocalData(contract, checked.report(), data);
        BufferAllocator allocator = new RootAllocator()) {
      DpReleaser dp =
          new LedgerDpReleaser(
              contract,
              new FileBudgetLedger(budgetDir != null ? budgetDir : data.resolve(".budget")),
              checked.report().fingerprint().orElseThrow());
      result =
          new QueryExecutor(allocator, limits, Optional.of(dp)).execute(checked, local.source());
      if (explain) {
        err.print(result.plan());
      }
      write(result, allocator);
    }
    String privacy =
        checked
            .report()
            .differentialPrivacy()
            .map(d -> "differential privacy: epsilon " + d.epsilon() + " charged to " + d.owners())
            .orElse(result.suppressedGroups() + " groups suppressed by the output rules");
    err.printf(
        "%d rows; %s; fingerprint %s%n",
        result.rows().size(), privacy, checked.report().fingerprint().orElse("-"));
    return 0;
  }

  private void write(QueryResult result, BufferAllocator allocator) throws IOException {
    if (out == null) {
      OutputStream stdout = new CloseShieldedStream(System.out);
      if (format.equals("table") || format.equals("json")) {
        spec.commandLine().getOut().print(ResultFormats.text(result, format));
        spec.commandLine().getOut().flush();
        return;
      }
      writeTable(result, allocator, stdout);
      return;
    }
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, ".run-local", ".tmp");
    try {
      try (OutputStream o = Files.newOutputStream(tmp)) {
        if (format.equals("table") || format.equals("json")) {
          o.write(
              ResultFormats.text(result, format).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
          writeTable(result, allocator, o);
        }
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private void writeTable(QueryResult result, BufferAllocator allocator, OutputStream o)
      throws IOException {
    try (VectorSchemaRoot root = result.toArrow(allocator);
        TableOutput t = TableOutput.create(format, root.getSchema().getFields(), o)) {
      t.write(root);
      t.finish();
    }
  }

  /** Keeps a writer from closing the process's stdout. */
  private static final class CloseShieldedStream extends java.io.FilterOutputStream {
    CloseShieldedStream(OutputStream out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
