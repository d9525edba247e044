package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cleanroom contract}: contracts at a key broker. */
@Command(
    name = "contract",
    mixinStandardHelpOptions = true,
    description = "Register a collaboration's contract at a key broker.",
    subcommands = {ContractCommand.Register.class, CommandLine.HelpCommand.class})
public final class ContractCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code cleanroom contract register}: registers a contract (idempotent). */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register a contract (a data owner of one of its datasets, or an admin).")
  static final class Register implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerOptions broker;

    @Option(
        names = "--contract",
        required = true,
        paramLabel = "FILE",
        description = "The contract JSON.")
    Path contract;

    @Override
    public void run() {
      byte[] json;
      try {
        json = Files.readAllBytes(contract);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      JsonNode r = broker.client().registerContract(json);
      spec.commandLine()
          .getOut()
          .printf(
              "registered contract %s (collaboration %s)%n",
              r.path("contractHash").asText(), r.path("collaborationId").asText());
    }
  }
}
