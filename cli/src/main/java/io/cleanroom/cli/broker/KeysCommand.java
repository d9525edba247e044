package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.DatasetKeyFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cleanroom keys}: a data owner's dataset keys at a key broker. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Deposit dataset keys at a key broker and list the deposits (data owners).",
    subcommands = {
      KeysCommand.Deposit.class,
      KeysCommand.ListKeys.class,
      CommandLine.HelpCommand.class
    })
public final class KeysCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code cleanroom keys deposit}: deposits (or replaces) the key of one dataset. */
  @Command(
      name = "deposit",
      mixinStandardHelpOptions = true,
      description =
          "Deposit (or replace) a dataset's key, read from its key file (dataset seal --key-out).")
  static final class Deposit implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerOptions broker;

    @Option(
        names = "--dataset",
        required = true,
        paramLabel = "ID",
        description = "The dataset id.")
    String dataset;

    @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "The key file.")
    Path keyFile;

    @Override
    public void run() {
      BrokerClient client = broker.client();
      JsonNode d;
      try (DatasetKey key = DatasetKeyFile.read(keyFile)) {
        d = client.deposit(dataset, key);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "deposited %s of %s: key id %s, at %s%n",
              d.path("datasetId").asText(),
              d.path("ownerOrg").asText(),
              d.path("keyId").asText(),
              d.path("depositedAt").asText());
    }
  }

  /** {@code cleanroom keys list}: the caller's organization's deposits. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the caller's organization's deposited keys (metadata only).")
  static final class ListKeys implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin BrokerOptions broker;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      JsonNode list = broker.client().keys();
      if (list.isEmpty()) {
        out.println("no keys deposited");
      }
      for (JsonNode d : list) {
        out.printf(
            "%-20s %-12s key id %s  deposited %s%n",
            d.path("datasetId").asText(),
            d.path("ownerOrg").asText(),
            d.path("keyId").asText(),
            d.path("depositedAt").asText());
      }
    }
  }
}
