package io.cleanroom.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.Cli;
import io.cleanroom.cli.example.ExampleFiles;
import io.cleanroom.crypto.json.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  private static final String HEADLINE =
      "select income_band, avg(v.cost) as avg_cost from visits v"
          + " join accounts a on v.person_id = a.person_id group by income_band";

  @TempDir Path dir;

  private static Cli check(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "query";
    all[1] = "check";
    all[2] = "--contract";
    all[3] = ExampleFiles.contract().toString();
    System.arraycopy(args, 0, all, 4, args.length);
    return Cli.run(all);
  }

  @Test
  void allowedQueryPrintsTheReportAndExitsZero() throws Exception {
    Cli r = check("--sql", HEADLINE);
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = CanonicalJson.mapper().readTree(r.out());
    assertThat(report.get("verdict").asText()).isEqualTo("allowed");
    assertThat(report.get("fingerprint").asText()).matches("[0-9a-f]{64}");
    assertThat(report.get("thresholds").get(0).get("minimumDistinctIdentities").asInt())
        .isEqualTo(10);
  }

  @Test
  void sameQueryFromAFileHasTheSameFingerprint() throws Exception {
    Path sql = dir.resolve("q.sql");
    Files.writeString(sql, HEADLINE.toUpperCase(java.util.Locale.ROOT).replace(" ", "\n  "));
    JsonNode fromFile = CanonicalJson.mapper().readTree(check("--sql-file", sql.toString()).out());
    JsonNode inline = CanonicalJson.mapper().readTree(check("--sql", HEADLINE).out());
    assertThat(fromFile.get("fingerprint")).isEqualTo(inline.get("fingerprint"));
  }

  @Test
  void refusedQueryListsTheReasonsAndExitsOne() throws Exception {
    Cli r = check("--sql", "select person_id, cost from visits");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode report = CanonicalJson.mapper().readTree(r.out());
    assertThat(report.get("verdict").asText()).isEqualTo("refused");
    assertThat(report.get("refusals")).isNotEmpty();
    assertThat(report.get("refusals").get(0).get("code").asText()).isNotBlank();
    assertThat(report.get("refusals").get(0).get("code").asText()).isEqualTo("NOT_AGGREGATED");
  }

  @Test
  void parametersFillPlaceholders() throws Exception {
    Cli r =
        check(
            "--sql",
            "select diagnosis, count(*) as n from visits where age >= ? group by diagnosis",
            "--param",
            "40");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    JsonNode report = CanonicalJson.mapper().readTree(r.out());
    assertThat(report.get("parameters").get(0).asInt()).isEqualTo(40);
    Cli missing =
        check(
            "--sql",
            "select diagnosis, count(*) as n from visits where age >= ? group by diagnosis");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).contains("PARAMETERS_MISMATCH");
  }

  @Test
  void badParameterJsonIsRefusedInOneLine() {
    Cli r = check("--sql", "select 1", "--param", "not json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith("cleanroom: --param not json is not JSON")
        .doesNotContain("\n");
  }

  @Test
  void sqlAndSqlFileTogetherIsAUsageError() {
    Cli r = check("--sql", "select 1", "--sql-file", "x.sql");
    assertThat(r.exitCode()).isEqualTo(2);
  }

  @Test
  void missingContractIsRefused() {
    Cli r =
        Cli.run(
            "query",
            "check",
            "--contract",
            dir.resolve("none.json").toString(),
            "--sql",
            "select 1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("none.json");
  }
}
