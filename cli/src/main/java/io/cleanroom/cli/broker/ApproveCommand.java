package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cleanroom approve contract|query}: a data owner's decision on a contract, or on one query
 * fingerprint under it. The newest decision counts: {@code --reject} after an approval revokes it.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = "Approve (or --reject) a contract or a query fingerprint at a key broker.",
    subcommands = {
      ApproveCommand.Contract.class,
      ApproveCommand.Query.class,
      CommandLine.HelpCommand.class
    })
public final class ApproveCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What both decisions share. */
  abstract static class Decision implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerOptions broker;

    @Option(
        names = "--contract-hash",
        required = true,
        paramLabel = "H",
        description = "The contract's SHA-256 (contract register prints it).")
    String contractHash;

    @Option(names = "--reject", description = "Record a rejection instead of an approval.")
    boolean reject;

    @Option(names = "--comment", description = "A comment kept with the decision.")
    String comment;

    abstract String kind();

    abstract Optional<String> fingerprint();

    @Override
    public void run() {
      JsonNode d =
          broker
              .client()
              .decide(kind(), contractHash, fingerprint(), !reject, Optional.ofNullable(comment));
      spec.commandLine()
          .getOut()
          .printf(
              "%s %s %s%s (decision %s by %s)%n",
              d.path("org").asText(),
              d.path("decision").asText(),
              kind(),
              fingerprint().map(f -> " " + f).orElse(" " + contractHash),
              d.path("id").asText(),
              d.path("actor").asText());
    }
  }

  /** {@code cleanroom approve contract}. */
  @Command(
      name = "contract",
      mixinStandardHelpOptions = true,
      description = "Approve (or --reject) a contract for the caller's organization.")
  static final class Contract extends Decision {
    @Override
    String kind() {
      return "contract";
    }

    @Override
    Optional<String> fingerprint() {
      return Optional.empty();
    }
  }

  /** {@code cleanroom approve query}. */
  @Command(
      name = "query",
      mixinStandardHelpOptions = true,
      description = "Approve (or --reject) one query fingerprint (query check prints it).")
  static final class Query extends Decision {
    @Option(
        names = "--fingerprint",
        required = true,
        paramLabel = "F",
        description = "The query fingerprint.")
    String fingerprint;

    @Override
    String kind() {
      return "query";
    }

    @Override
    Optional<String> fingerprint() {
      return Optional.of(fingerprint);
    }
  }
}
