package io.cleanroom.cli.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.cli.Cli;
import io.cleanroom.cli.example.ExampleFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hospital's rare diagnosis, held by one patient, must never leave run-local: not in a result
 * (its group is below the threshold), not in a refusal, not in an error, not in any file written.
 */
class RunLocalCanaryTest {

  private static final String CANARY = "canary-diagnosis-7f3a";

  @TempDir Path dir;

  @Test
  void aOnePatientGroupNeverAppearsInOutputsErrorsOrFiles() throws Exception {
    StringBuilder csv = new StringBuilder("person_id,age,zip3,diagnosis,visit_date,cost\n");
    for (int i = 0; i < 400; i++) {
      csv.append(1000 + i % 40).append(",40,123,flu,2025-01-02,10.00\n");
    }
    csv.append("999999,77,123,").append(CANARY).append(",2025-01-03,99.99\n");
    Files.writeString(dir.resolve("visits.csv"), csv);
    Files.writeString(
        dir.resolve("schema.json"),
        """
        {"fields": [
          {"name": "person_id", "type": "int64", "nullable": false},
          {"name": "age", "type": "int32", "nullable": false},
          {"name": "zip3", "type": "utf8", "nullable": false},
          {"name": "diagnosis", "type": "utf8", "nullable": false},
          {"name": "visit_date", "type": "date32", "nullable": false},
          {"name": "cost", "type": "decimal(12,2)", "nullable": false}
        ]}
        """);
    Path data = Files.createDirectories(dir.resolve("data"));
    Cli seal =
        Cli.run(
            "dataset",
            "seal",
            "--input",
            dir.resolve("visits.csv").toString(),
            "--schema",
            dir.resolve("schema.json").toString(),
            "--dataset-id",
            "visits",
            "--owner",
            "hospital",
            "--collaboration",
            "hospital-bank-demo",
            "--out",
            data.resolve("visits.sealed").toString(),
            "--key-out",
            data.resolve("visits.key").toString());
    assertThat(seal.exitCode()).as(seal.err()).isZero();
    Files.delete(dir.resolve("visits.csv"));

    Path contract = ExampleFiles.contract();
    Path csvOut = dir.resolve("result.csv");
    Cli grouped =
        Cli.runLocal(
            contract,
            data,
            "select diagnosis, count(*) as n, avg(cost) as avg_cost from visits group by diagnosis",
            "--format",
            "csv",
            "--out",
            csvOut.toString());
    assertThat(grouped.exitCode()).as(grouped.err()).isZero();
    assertThat(grouped.err()).contains("1 groups suppressed");
    assertThat(Files.readString(csvOut)).contains("flu");

    Cli refused = Cli.runLocal(contract, data, "select diagnosis, person_id from visits");
    assertThat(refused.exitCode()).isEqualTo(1);

    Cli badSql =
        Cli.runLocal(
            contract,
            data,
            "select diagnosis, count(*) from visits where diagnosis = 1 group by diagnosis");
    assertThat(badSql.exitCode()).isEqualTo(1);

    for (Cli r : new Cli[] {grouped, refused, badSql}) {
      assertThat(r.out()).doesNotContain(CANARY);
      assertThat(r.err()).doesNotContain(CANARY);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1))
            .as(f.toString())
            .doesNotContain(CANARY);
      }
    }
  }
}
