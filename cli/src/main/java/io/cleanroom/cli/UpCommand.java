package io.cleanroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cleanroom up}: the walk-through of the clean room on embedded defaults (the {@code
 * ./cleanroom up} script starts the services first and passes {@code --broker} and {@code
 * --enclave}). A synthetic hospital table is sealed, inspected without a key, opened again with the
 * key and the round trip checked; then the hospital/bank collaboration's data is sealed by each
 * owner, the headline query checked and an attack refused. With a key broker, the owners deposit
 * their keys and approve the contract and the query, a simulated enclave gets the keys released, an
 * unapproved query is refused and the auditor reads the release log ({@link BrokerWalkthrough}).
 * With the enclave service ({@code --enclave}), the approved query runs there, its receipt is saved
 * and verified and an unapproved query is refused; without it, the query runs locally (marked not
 * confidential).
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "The clean room's walk-through on embedded defaults (./cleanroom up starts the services and"
            + " passes --broker, --keycloak and --enclave).")
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

  @Option(
      names = "--broker",
      paramLabel = "URL",
      description =
          "A running key broker: adds the owners' deposits and approvals and a simulated release"
              + " (./cleanroom up starts one).")
  URI broker;

  @Option(
      names = "--enclave",
      paramLabel = "URL",
      description =
          "A running enclave service (with --broker): runs the approved query there, saves and"
              + " verifies its receipt, and shows an unapproved query refused (./cleanroom up"
              + " starts one).")
  URI enclave;

  @Option(
      names = "--portal",
      paramLabel = "URL",
      description =
          "A running contributor portal (with --broker): the collaboration and its contract there,"
              + " and its verifiable log exported and checked (./cleanroom up starts one).")
  URI portal;

  @Option(
      names = "--keycloak",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:18080",
      description =
          "Keycloak with the demo realm, for the broker steps (default: ${DEFAULT-VALUE}).")
  URI keycloak;

  @Option(
      names = "--simulator-dir",
      paramLabel = "DIR",
      defaultValue = ".cleanroom/simulated-tee",
      description = "The simulated TEE the broker trusts (default: ${DEFAULT-VALUE}).")
  Path simulatorDir;

  @Override
  public Integer call() throws IOException {
    if (enclave != null && broker == null) {
      throw new UserError("--enclave needs --broker (the enclave gets the keys from the broker)");
    }
    if (portal != null && broker == null) {
      throw new UserError("--portal needs --broker (the demo's approvals are the broker's)");
    }
    PrintWriter out = spec.commandLine().getOut();
    Steps steps = new Steps(out);
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
        "Confidential Clean Room: walk-through on embedded defaults"
            + (broker == null ? " (no services)" : " with the key broker at " + broker)
            + (enclave == null
                ? ""
                : " and the enclave at " + enclave + " (SIMULATED — NOT CONFIDENTIAL)"));
    out.println(steps.next() + "a hospital's table: " + csv + " (" + rows + " synthetic visits)");
    steps.run(
        "seal it (encrypted per column, new data key)",
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
    steps.run(
        "inspect the header anyone can read (no key)",
        "dataset",
        "inspect",
        dir.resolve("visits.sealed").toString());
    steps.run(
        "open it with the key (the owner's round-trip check)",
        "dataset",
        "open",
        dir.resolve("visits.sealed").toString(),
        "--key",
        dir.resolve("visits.key").toString(),
        "--out",
        dir.resolve("visits.opened.csv").toString());
    boolean same = Files.mismatch(csv, dir.resolve("visits.opened.csv")) == -1L;
    out.println(
        steps.next()
            + "round trip "
            + (same ? "verified: the opened table equals the original byte for byte" : "FAILED"));
    if (!same) {
      return 1;
    }
    collaboration(out, steps);
    return 0;
  }

  /** The hospital/bank collaboration: both owners' sealed data, a query checked and run. */
  private void collaboration(PrintWriter out, Steps steps) {
    Path collab = dir.resolve("hospital-bank");
    String contract = collab.resolve("contract.json").toString();
    out.println();
    out.println("The hospital/bank collaboration (examples/hospital-bank/contract.json)");
    steps.run(
        "each owner seals its synthetic data with its own key",
        s -> s.lines(),
        "example",
        "generate",
        "--rows",
        Integer.toString(rows * 10),
        "--out",
        collab.toString(),
        "--force");
    Steps.Result report =
        steps.run(
            "the analyst checks the headline query; owners approve exactly this report",
            UpCommand::summary,
            "query",
            "check",
            "--contract",
            contract,
            "--sql",
            HEADLINE);
    out.println(
        steps.next()
            + "a query that would reveal rows is refused:  cleanroom query check ... --sql \""
            + ATTACK
            + "\"");
    Steps.Result refused = Steps.quietly("query", "check", "--contract", contract, "--sql", ATTACK);
    refused
        .out()
        .lines()
        .filter(l -> l.contains("\"message\""))
        .forEach(l -> out.println("   " + l.strip()));
    if (refused.exitCode() != 1) {
      throw new UserError("the attack query was not refused");
    }
    if (broker != null) {
      new BrokerWalkthrough(broker, keycloak, enclave, portal, simulatorDir, dir, collab, steps)
          .run(jsonField(report.out(), "fingerprint"), HEADLINE_DATASETS);
    }
    if (enclave != null) {
      return; // the enclave ran it; no need for the local, not confidential run
    }
    steps.run(
        "run it on this machine (NOT confidential: the enclave does this once it lands)",
        s -> s.lines(),
        "query",
        "run-local",
        "--contract",
        contract,
        "--data",
        collab.toString(),
        "--sql",
        HEADLINE);
  }

  static final String HEADLINE =
      "select a.income_band, count(*) as visits, avg(v.cost) as avg_cost from visits v"
          + " join accounts a on v.person_id = a.person_id group by a.income_band"
          + " order by a.income_band";

  private static final String HEADLINE_DATASETS = "visits,accounts";

  private static final String ATTACK =
      "select person_id, sum(cost) as total from visits group by person_id";

  /** The plain-words summary of a check report. */
  private static Stream<String> summary(String report) {
    JsonNode lines = json(report).get("summary");
    return StreamSupport.stream(lines.spliterator(), false).map(JsonNode::asText);
  }

  /** A text member of a JSON report. */
  static String jsonField(String report, String field) {
    JsonNode v = json(report).get(field);
    if (v == null || !v.isTextual()) {
      throw new UserError("the report has no " + field);
    }
    return v.asText();
  }

  private static JsonNode json(String report) {
    try {
      return CanonicalJson.mapper().readTree(report);
    } catch (IOException e) {
      throw new UserError("the check report is not JSON", e);
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
