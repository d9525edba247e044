package io.cleanroom.query.schema;

import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.DatasetSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteSchema;

/**
 * The schema one query is validated against: it holds the contract's datasets and nothing else (no
 * metadata tables, no functions beyond the SQL standard).
 *
 * <p><b>Security:</b> Calcite does no authorization; the host decides what a query can name by what
 * it puts here. A fresh instance per query keeps queries from seeing each other's state.
 */
public final class QuerySchema {

  private final Map<String, ContractTable> tables;

  private QuerySchema(Map<String, ContractTable> tables) {
    this.tables = Collections.unmodifiableMap(tables);
  }

  /** The schema of a contract's datasets, with row count estimates (default one million). */
  public static QuerySchema of(Contract contract, Map<String, Long> rowCounts) {
    Map<String, ContractTable> tables = new LinkedHashMap<>();
    for (DatasetSpec d : contract.datasets()) {
      tables.put(d.id(), ContractTable.of(d, rowCounts.getOrDefault(d.id(), 1_000_000L)));
    }
    return new QuerySchema(tables);
  }

  /** A schema of explicit tables (benchmarks and tests that run SQL without a contract). */
  public static QuerySchema of(Map<String, ContractTable> tables) {
    return new QuerySchema(new LinkedHashMap<>(tables));
  }

  /** The tables by name. */
  public Map<String, ContractTable> tables() {
    return tables;
  }

  /** A new Calcite root schema holding exactly these tables. */
  public CalciteSchema toCalcite() {
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    tables.forEach(root::add);
    return root;
  }
}
