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
    description = "Read a key broker's release log.",
    subcommands = {BrokerCommand.ReleaseLog.class, CommandLine.HelpCommand.class})
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
