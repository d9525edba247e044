package io.cleanroom.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.json.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLocalCommandTest {

  private static final String BY_INCOME =
      "select income_band, avg(v.cost) as avg_cost, count(*) as n from visits v"
          + " join accounts a on v.person_id = a.person_id group by income_band";
  private static final String BY_AGE_AND_ZIP =
      "select age, zip3, count(*) as n from visits group by age, zip3";

  @TempDir static Path data;
  @TempDir Path dir;

  @BeforeAll
  static void generate() {
    Cli r =
        Cli.run(
            "example",
            "generate",
            "--rows",
            "20000",
            "--batch-rows",
            "4096",
            "--out",
            data.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  private static Cli run(String sql, String... extra) {
    return Cli.runLocal(data.resolve("contract.json"), data, sql, extra);
  }

  @Test
  void runsTheHeadlineJoinAndWarnsThatItIsNotConfidential() {
    Cli r = run(BY_INCOME);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).startsWith("WARNING: run-local is NOT confidential");
    assertThat(r.out().lines().skip(2)).hasSize(5);
    assertThat(r.out()).contains("<25k", "25k-50k", "50k-100k", "100k-200k", ">=200k");
  }

  @Test
  void jsonCountsAddUpToTheJoinedRows() throws Exception {
    JsonNode json = CanonicalJson.mapper().readTree(run(BY_INCOME, "--format", "json").out());
    long total = 0;
    for (JsonNode row : json.get("rows")) {
      total += row.get(2).asLong();
    }
    JsonNode all =
        CanonicalJson.mapper()
            .readTree(
                run(
                        "select count(*) as n from visits v join accounts a"
                            + " on v.person_id = a.person_id",
                        "--format",
                        "json")
                    .out());
    assertThat(total).isEqualTo(all.get("rows").get(0).get(0).asLong()).isPositive();
    assertThat(json.get("columns").get(0).get("name").asText()).isEqualTo("income_band");
  }

  @Test
  void smallGroupsAreSuppressedAndCounted() throws Exception {
    Cli r = run(BY_AGE_AND_ZIP, "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = CanonicalJson.mapper().readTree(r.out());
    long suppressed = json.get("suppressedGroups").asLong();
    assertThat(suppressed).isPositive();
    assertThat(r.err()).contains(suppressed + " groups suppressed");
    for (JsonNode row : json.get("rows")) {
      // 20,000 visits of 2,000 patients: a released group has at least 10 distinct patients.
      assertThat(row.get(2).asLong()).isGreaterThanOrEqualTo(10);
    }
  }

  @Test
  void writesCsvAndArrowFiles() throws Exception {
    Path csv = dir.resolve("r.csv");
    assertThat(run(BY_INCOME, "--format", "csv", "--out", csv.toString()).exitCode()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(6).first().isEqualTo("income_band,avg_cost,n");
    Path arrow = dir.resolve("r.arrow");
    assertThat(run(BY_INCOME, "--format", "arrow", "--out", arrow.toString()).exitCode()).isZero();
    try (BufferAllocator a = new RootAllocator();
        ArrowFileReader reader = new ArrowFileReader(Files.newByteChannel(arrow), a)) {
      assertThat(reader.loadNextBatch()).isTrue();
      assertThat(reader.getVectorSchemaRoot().getRowCount()).isEqualTo(5);
    }
  }

  @Test
  void refusedQueryNeverRunsAndWritesNothing() {
    Path out = dir.resolve("leak.csv");
    Cli r = run("select person_id, cost from visits", "--format", "csv", "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("the contract refuses this query: NOT_AGGREGATED");
    assertThat(out).doesNotExist();
  }

  @Test
  void aSealedFileOtherThanTheContractNamesIsRefused() throws Exception {
    Path other = copyWithOneVisitsBitFlipped("other");
    Cli r = Cli.runLocal(data.resolve("contract.json"), other, BY_INCOME);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("visits.sealed has digest").contains("but the contract names");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aTamperedFileIsRefusedWhenTheContractNamesNoDigest() throws Exception {
    Path other = copyWithOneVisitsBitFlipped("nodigest");
    Cli r = Cli.runLocal(io.cleanroom.cli.example.ExampleFiles.contract(), other, BY_INCOME);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("visits").contains("authentication");
    assertThat(r.out()).isEmpty();
  }

  /** A copy of the data directory in which one byte of the last visits segment is flipped. */
  private Path copyWithOneVisitsBitFlipped(String name) throws Exception {
    Path other = dir.resolve(name);
    Files.createDirectories(other);
    for (String f : List.of("visits.sealed", "visits.key", "accounts.sealed", "accounts.key")) {
      Files.copy(data.resolve(f), other.resolve(f));
    }
    byte[] bytes = Files.readAllBytes(other.resolve("visits.sealed"));
    bytes[bytes.length - 100] ^= 1;
    Files.write(other.resolve("visits.sealed"), bytes);
    return other;
  }

  @Test
  void aMissingKeyIsNamed() throws Exception {
    Path other = dir.resolve("nokey");
    Files.createDirectories(other);
    Files.copy(data.resolve("visits.sealed"), other.resolve("visits.sealed"));
    Cli r =
        Cli.runLocal(
            data.resolve("contract.json"),
            other,
            "select diagnosis, count(*) as n from visits group by diagnosis");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("visits.key, which does not exist");
  }

  @Test
  void differentialPrivacyChargesTheOwnersBudgetUntilItIsSpent() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode c =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            CanonicalJson.parse(Files.readAllBytes(data.resolve("contract.json")));
    com.fasterxml.jackson.databind.node.ObjectNode dp =
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                c.get("datasets").get(0).get("analysisRule"))
            .putObject("differentialPrivacy");
    dp.put("epsilonPerQuery", 1.0)
        .put("totalEpsilon", 2.0)
        .put("delta", 1e-6)
        .put("maxGroupsContributed", 1)
        .put("maxContributionsPerGroup", 5);
    dp.putObject("bounds").putObject("cost").put("lower", 0).put("upper", 5000);
    Path contract = dir.resolve("dp-contract.json");
    Files.write(contract, CanonicalJson.toBytes(c));
    Path budget = dir.resolve("budget");
    String sql = "select diagnosis, count(*) as n from visits group by diagnosis";
    String[] args = {
      "query",
      "run-local",
      "--contract",
      contract.toString(),
      "--data",
      data.toString(),
      "--budget-dir",
      budget.toString(),
      "--sql",
      sql,
      "--format",
      "json"
    };
    for (int i = 0; i < 2; i++) {
      Cli r = Cli.run(args);
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.err()).contains("differential privacy: epsilon 1.0 charged to [hospital]");
      assertThat(CanonicalJson.mapper().readTree(r.out()).get("rows")).isNotEmpty();
    }
    Cli spent = Cli.run(args);
    assertThat(spent.exitCode()).isEqualTo(1);
    assertThat(spent.err()).contains("hospital");
    assertThat(spent.out()).isEmpty();
    try (var files = Files.list(budget)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsOnlyOnce(
              io.cleanroom.query.contract.ContractParser.read(contract).id() + ".budget.json");
    }
  }

  @Test
  void arrowFormatNeedsAnOutputFile() {
    assertThat(run(BY_INCOME, "--format", "arrow").exitCode()).isEqualTo(2);
    assertThat(run(BY_INCOME, "--format", "xml").exitCode()).isEqualTo(2);
  }
}
