package io.cleanroom.cli.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options every {@code cleanroom query} command shares: the contract, the SQL (inline or from a
 * file) and the values of its {@code ?} placeholders.
 */
public final class QueryText {

  @Option(names = "--contract", required = true, description = "The collaboration's contract.")
  Path contract;

  @ArgGroup(multiplicity = "1")
  Sql sql;

  @Option(
      names = "--param",
      paramLabel = "JSON",
      description =
          "Value of the next ? placeholder, as JSON (42, 1.5, \"text\", true); repeatable.")
  List<String> params = new ArrayList<>();

  /** Exactly one of {@code --sql} and {@code --sql-file}. */
  static final class Sql {
    @Option(names = "--sql", description = "The query.")
    String text;

    @Option(names = "--sql-file", description = "A file holding the query.")
    Path file;
  }

  /** The contract, parsed and validated. */
  public Contract contract() {
    return ContractParser.read(contract);
  }

  /** The query text. */
  public String sql() {
    if (sql.text != null) {
      return sql.text;
    }
    try {
      return Files.readString(sql.file);
    } catch (IOException e) {
      throw new UserError("cannot read " + sql.file + ": " + e.getMessage(), e);
    }
  }

  /** The placeholder values, parsed as JSON scalars. */
  public List<JsonNode> parameters() {
    List<JsonNode> out = new ArrayList<>();
    for (String p : params) {
      JsonNode v;
      try {
        v = CanonicalJson.mapper().readTree(p);
      } catch (IOException e) {
        throw new UserError("--param " + p + " is not JSON (quote strings: '\"text\"')", e);
      }
      if (v == null || !v.isValueNode() || v.isNull()) {
        throw new UserError("--param " + p + " must be a JSON number, string or boolean");
      }
      out.add(v);
    }
    return out;
  }
}
