package io.cleanroom.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom up}: brings the clean room up on embedded defaults. Until the services land it
 * runs the walk-through: a synthetic hospital table is sealed, inspected without a key, opened
 * again with the key and the round trip checked; then the hospital/bank collaboration's data is
 * sealed by each owner, the headline query checked, an attack refused, and the query run locally
 * (marked not confidential).
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Bring the clean room up on embedded defaults (today: the sealing and query walk-through).")
public final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      defaultValue = ".cleanroom/demo",
      description = "Working directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--rows",
      defaultValue = "10000",
      description = "Synthetic rows (default: ${DEFAULT-VALUE}).")
  int rows;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(dir);
    for (String f :
        new String[] {"visits.csv", "visits.sealed", "visits.key", "visits.opened.csv"}) {
      Files.deleteIfExists(dir.resolve(f));
    }
    Path csv = dir.resolve("visits.csv");
    writeVisits(csv, rows);
    Path schema = dir.resolve("visits.schema.json");
    Files.writeString(schema, SCHEMA);
    out.println(
        "Confidential Clean Room: walk-through on embedded defaults (the services come next)");
    out.println("1. a hospital's table: " + csv + " (" + rows + " synthetic visits)");
    step(
        out,
        "2. seal it (encrypted per column, new data key)",
        "dataset",
        "seal",
        "--input",
        csv.toString(),
        "--dataset-id",
        "visits",
        "--owner",
        "hospital",
        "--collaboration",
        "demo",
        "--schema",
        schema.toString(),
        "--out",
        dir.resolve("visits.sealed").toString(),
        "--key-out",
        dir.resolve("visits.key").toString());
    step(
        out,
        "3. inspect the header anyone can read (no key)",
        "dataset",
        "inspect",
        dir.resolve("visits.sealed").toString());
    step(
        out,
        "4. open it with the key (the owner's round-trip check)",
        "dataset",
        "open",
        dir.resolve("visits.sealed").toString(),
        "--key",
        dir.resolve("visits.key").toString(),
        "--out",
        dir.resolve("visits.opened.csv").toString());
    boolean same = Files.mismatch(csv, dir.resolve("visits.opened.csv")) == -1L;
    out.println(
        "5. round trip "
            + (same ? "verified: the opened table equals the original byte for byte" : "FAILED"));
    if (!same) {
      return 1;
    }
    collaboration(out);
    return 0;
  }

  /** The hospital/bank collaboration: both owners' sealed data, a query checked and run. */
  private void collaboration(PrintWriter out) {
    Path collab = dir.resolve("hospital-bank");
    String contract = collab.resolve("contract.json").toString();
    out.println();
    out.println("The hospital/bank collaboration (examples/hospital-bank/contract.json)");
    step(
        out,
        "6. each owner seals its synthetic data with its own key",
        Integer.MAX_VALUE,
        "example",
        "generate",
        "--rows",
        Integer.toString(rows * 10),
        "--out",
        collab.toString(),
        "--force");
    step(
        out,
        "7. the analyst checks the headline query; owners approve exactly this report",
        UpCommand::summary,
        "query",
        "check",
        "--contract",
        contract,
        "--sql",
        HEADLINE);
    out.println(
        "8. a query that would reveal rows is refused:  cleanroom query check ... --sql \""
            + ATTACK
            + "\"");
    StringWriter refused = new StringWriter();
    int code =
        CleanroomCommand.run(
            new PrintWriter(refused, true),
            new PrintWriter(new StringWriter(), true),
            "query",
            "check",
            "--contract",
            contract,
            "--sql",
            ATTACK);
    refused
        .toString()
        .lines()
        .filter(l -> l.contains("\"message\""))
        .forEach(l -> out.println("   " + l.strip()));
    if (code != 1) {
      throw new UserError("the attack query was not refused");
    }
    step(
        out,
        "9. run it on this machine (NOT confidential: the enclave does this once the services land)",
        Integer.MAX_VALUE,
        "query",
        "run-local",
        "--contract",
        contract,
        "--data",
        collab.toString(),
        "--sql",
        HEADLINE);
  }

  private static final String HEADLINE =
      "select a.income_band, count(*) as visits, avg(v.cost) as avg_cost from visits v"
          + " join accounts a on v.person_id = a.person_id group by a.income_band"
          + " order by a.income_band";

  private static final String ATTACK =
      "select person_id, sum(cost) as total from visits group by person_id";

  /** The plain-words summary of a check report. */
  private static java.util.stream.Stream<String> summary(String report) {
    try {
      var lines = io.cleanroom.crypto.json.CanonicalJson.mapper().readTree(report).get("summary");
      return java.util.stream.StreamSupport.stream(lines.spliterator(), false)
          .map(com.fasterxml.jackson.databind.JsonNode::asText);
    } catch (IOException e) {
      throw new UserError("the check report is not JSON", e);
    }
  }

  private void step(PrintWriter out, String title, String... args) {
    step(out, title, 40, args);
  }

  private void step(PrintWriter out, String title, int lines, String... args) {
    step(out, title, s -> s.lines().limit(lines), args);
  }

  private void step(
      PrintWriter out,
      String title,
      java.util.function.Function<String, java.util.stream.Stream<String>> show,
      String... args) {
    out.println(
        title
            + ":  cleanroom "
            + String.join(
                " ",
                java.util.Arrays.stream(args)
                    .map(a -> a.contains(" ") ? '"' + a + '"' : a)
                    .toList()));
    StringWriter captured = new StringWriter();
    StringWriter errors = new StringWriter();
    int code =
        CleanroomCommand.run(new PrintWriter(captured, true), new PrintWriter(errors, true), args);
    show.apply(captured.toString()).forEach(l -> out.println("   " + l));
    errors.toString().lines().forEach(l -> out.println("   " + l));
    if (code != 0) {
      throw new UserError("step failed: cleanroom " + String.join(" ", args));
    }
  }

  private static final String SCHEMA =
      """
      {"fields": [
        {"name": "person_id", "type": "int64", "nullable": false},
        {"name": "age", "type": "int32", "nullable": false},
        {"name": "zip3", "type": "utf8", "nullable": false},
        {"name": "diagnosis", "type": "utf8", "nullable": false},
        {"name": "visit_date", "type": "date32", "nullable": false},
        {"name": "cost", "type": "decimal(10,2)", "nullable": false}
      ]}
      """;

  /** Synthetic visits: person, age, 3-digit zip, diagnosis, date, cost. */
  static void writeVisits(Path csv, int rows) throws IOException {
    Random r = new Random(42);
    String[] diagnoses = {"asthma", "diabetes", "fracture", "flu", "hypertension", "migraine"};
    StringBuilder sb = new StringBuilder("person_id,age,zip3,diagnosis,visit_date,cost\n");
    for (int i = 0; i < rows; i++) {
      sb.append(100_000 + r.nextInt(rows / 3 + 1))
          .append(',')
          .append(18 + r.nextInt(70))
          .append(',')
          .append(100 + r.nextInt(50))
          .append(',')
          .append(diagnoses[r.nextInt(diagnoses.length)])
          .append(',')
          .append(java.time.LocalDate.of(2025, 1, 1).plusDays(r.nextInt(365)))
          .append(',')
          .append(String.format(java.util.Locale.ROOT, "%.2f", 50 + r.nextDouble() * 2000))
          .append('\n');
    }
    Files.writeString(csv, sb);
  }
}
