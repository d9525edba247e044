package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cleanroom broker}: what a key broker did. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Read a key broker's release log and privacy budgets.",
    subcommands = {
      BrokerCommand.ReleaseLog.class,
      BrokerCommand.Budgets.class,
      CommandLine.HelpCommand.class
    })
public final class BrokerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code cleanroom broker release-log}: releases and refusals, newest first; a data owner sees
   * those touching its datasets, a compliance officer all.
   */
  @Command(
      name = "release-log",
      mixinStandardHelpOptions = true,
      description = "Print the release log, newest first (owners: their datasets; auditors: all).")
  static final class ReleaseLog implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerOptions broker;

    @Option(names = "--contract-hash", paramLabel = "H", description = "Only this contract's.")
    String contractHash;

    @Option(
        names = "--limit",
        defaultValue = "20",
        description = "At most this many entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the broker's JSON answer as it is.")
    boolean json;

    @Override
    public void run() {
      JsonNode entries = broker.client().releaseLog(Optional.ofNullable(contractHash), limit);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(entries.toPrettyString());
        return;
      }
      if (entries.isEmpty()) {
        out.println("no entries");
      }
      for (JsonNode e : entries) {
        out.println(line(e));
      }
    }
  }

  /**
   * {@code cleanroom broker budgets}: a contract's differential-privacy budgets; a data owner sees
   * its organization's, a compliance officer every owner's.
   */
  @Command(
      name = "budgets",
      mixinStandardHelpOptions = true,
      description =
          "Print a contract's differential-privacy budgets (owners: their own; auditors: all).")
  static final class Budgets implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerOptions broker;

    @Option(
        names = "--contract",
        paramLabel = "HASH",
        required = true,
        description = "The contract.")
    String contractHash;

    @Option(names = "--json", description = "Print the broker's JSON answer as it is.")
    boolean json;

    @Override
    public void run() {
      JsonNode budgets = broker.client().budgets(contractHash);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(budgets.toPrettyString());
        return;
      }
      if (budgets.isEmpty()) {
        out.println("no differential-privacy budget");
      }
      for (JsonNode b : budgets) {
        out.println(budgetLine(b));
      }
    }
  }

  /** One owner's budget on one line: ε spent of the total, left, releases, ε per dataset. */
  static String budgetLine(JsonNode b) {
    StringBuilder perQuery = new StringBuilder();
    b.path("epsilonPerQuery")
        .properties()
        .forEach(
            e ->
                perQuery
                    .append(perQuery.isEmpty() ? "" : ",")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue().asText()));
    return String.format(
        "%s: spent %s of %s, %s left, %d releases charged; epsilon per query %s",
        b.path("owner").asText(),
        b.path("spentEpsilon").asText(),
        b.path("totalEpsilon").asText(),
        b.path("remainingEpsilon").asText(),
        b.path("releasesCharged").asLong(),
        perQuery);
  }

  /** One entry on one line: when, outcome (code), TEE, datasets, query, reason. */
  static String line(JsonNode e) {
    StringBuilder datasets = new StringBuilder();
    e.path("datasetIds")
        .forEach(d -> datasets.append(datasets.isEmpty() ? "" : ",").append(d.asText()));
    String outcome = e.path("outcome").asText();
    String code = e.path("errorCode").asText("");
    String tee = e.path("tee").asText("-");
    return String.format(
        "#%s %s %-8s %-20s tee=%s%s datasets=%s query=%s%s",
        e.path("id").asText(),
        e.path("loggedAt").asText(),
        outcome,
        code.isEmpty() ? "" : code,
        tee.isEmpty() ? "-" : tee,
        e.path("simulated").asBoolean(false) ? " (SIMULATED)" : "",
        datasets.isEmpty() ? "-" : datasets,
        shortHash(e.path("queryFingerprint").asText("")),
        e.path("reason").asText("").isEmpty() ? "" : "  reason: " + e.path("reason").asText());
  }

  private static String shortHash(String h) {
    return h.length() > 12 ? h.substring(0, 12) + "…" : h.isEmpty() ? "-" : h;
  }
}
