package io.cleanroom.cli.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.UserError;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.log.SignedTreeHead;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.check.CheckReport;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cleanroom portal}: collaborations, contracts and the verifiable log at the portal. */
@Command(
    name = "portal",
    mixinStandardHelpOptions = true,
    description = "Collaborations, contract versions and the verifiable log at the portal.",
    subcommands = {
      PortalCommand.Create.class,
      PortalCommand.Propose.class,
      PortalCommand.Query.class,
      PortalCommand.Upload.class,
      PortalCommand.Approve.class,
      PortalRunCommand.class,
      PortalCommand.Log.class,
      CommandLine.HelpCommand.class
    })
public final class PortalCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code cleanroom portal create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a collaboration (an admin, or a data owner of a member organization).")
  static final class Create implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PortalOptions portal;

    @Option(names = "--id", required = true, description = "Its id (lower-case, digits, dashes).")
    String id;

    @Option(names = "--name", required = true, description = "Its name, for people.")
    String name;

    @Option(
        names = "--member",
        required = true,
        paramLabel = "ORG=ROLE[,ROLE]",
        description =
            "A member organization and its roles there: data-owner, analyst, result-recipient,"
                + " compliance. Repeat for each member.")
    List<String> members;

    @Option(
        names = "--exists-ok",
        description = "Succeed when a collaboration with this id exists already.")
    boolean existsOk;

    @Override
    public void run() {
      Map<String, List<String>> m = new LinkedHashMap<>();
      for (String member : members) {
        int eq = member.indexOf('=');
        if (eq <= 0 || eq == member.length() - 1) {
          throw new UserError("--member is ORG=ROLE[,ROLE], not " + member);
        }
        m.put(member.substring(0, eq), Arrays.asList(member.substring(eq + 1).split(",")));
      }
      JsonNode r;
      try {
        r = portal.client().createCollaboration(id, name, m);
      } catch (BrokerRefusal e) {
        if (existsOk && "CONFLICT".equals(e.code())) {
          spec.commandLine().getOut().printf("collaboration %s exists already%n", id);
          return;
        }
        throw e;
      }
      spec.commandLine()
          .getOut()
          .printf("created collaboration %s with %s%n", r.path("id").asText(), r.path("members"));
    }
  }

  /** {@code cleanroom portal propose}. */
  @Command(
      name = "propose",
      mixinStandardHelpOptions = true,
      description =
          "Propose a contract version for a collaboration (a data owner of a member"
              + " organization). Owners approve it at their key brokers.")
  static final class Propose implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PortalOptions portal;

    @Option(names = "--collaboration", required = true, paramLabel = "ID")
    String collaboration;

    @Option(names = "--contract", required = true, paramLabel = "FILE")
    Path contract;

    @Override
    public void run() {
      byte[] json;
      try {
        json = Files.readAllBytes(contract);
      } catch (IOException e) {
        throw new UserError("cannot read " + contract);
      }
      JsonNode r = portal.client().proposeContract(collaboration, json);
      spec.commandLine()
          .getOut()
          .printf(
              "contract %s is version %d of %s%n",
              r.path("contractHash").asText(), r.path("version").asInt(), collaboration);
    }
  }

  /** {@code cleanroom portal upload}. */
  @Command(
      name = "upload",
      mixinStandardHelpOptions = true,
      description =
          "Upload a sealed file of your organization's dataset (a data owner); the portal checks"
              + " it without any key and keeps it under its SHA-256.")
  static final class Upload implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PortalOptions portal;

    @Option(names = "--collaboration", required = true, paramLabel = "ID")
    String collaboration;

    @Option(names = "--dataset", required = true, paramLabel = "ID")
    String dataset;

    @Option(names = "--file", required = true, paramLabel = "SEALED")
    Path file;

    @Override
    public void run() {
      JsonNode r;
      try {
        r = portal.client().upload(collaboration, dataset, file);
      } catch (java.io.FileNotFoundException e) {
        throw new UserError("cannot read " + file);
      }
      spec.commandLine()
          .getOut()
          .printf(
              "uploaded %s of %s: %d rows, %d bytes, sha256 %s%n",
              r.path("datasetId").asText(),
              r.path("ownerOrg").asText(),
              r.path("rowCount").asLong(),
              r.path("sizeBytes").asLong(),
              r.path("sealedDigest").asText());
    }
  }

  /** {@code cleanroom portal query}. */
  @Command(
      name = "query",
      mixinStandardHelpOptions = true,
      description =
          "Propose a query (an analyst of the collaboration): the portal checks it against the"
              + " contract version and logs it; prints the verdict, fingerprint and report summary.")
  static final class Query implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PortalOptions portal;

    @Option(names = "--collaboration", required = true, paramLabel = "ID")
    String collaboration;

    @Option(names = "--contract-hash", required = true, paramLabel = "HASH")
    String contractHash;

    @Option(names = "--sql", required = true, paramLabel = "SQL")
    String sql;

    @Override
    public Integer call() {
      JsonNode r = portal.client().proposeQuery(collaboration, contractHash, sql);
      PrintWriter w = spec.commandLine().getOut();
      boolean allowed = r.path("allowed").asBoolean(false);
      w.printf(
          "query %s: %s, fingerprint %s%n",
          r.path("id").asText(),
          allowed ? "allowed" : "REFUSED",
          r.path("fingerprint").asText("-"));
      for (JsonNode line : r.path("report").path("summary")) {
        w.println("  " + line.asText());
      }
      return allowed ? 0 : 1;
    }
  }

  /** {@code cleanroom portal approve}. */
  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description =
          "Approve (or --reject) a contract version, or with --fingerprint a query, as a data owner"
              + " of the contract: the portal relays the decision with your own token to your"
              + " organization's key broker, which records and signs it.")
  static final class Approve implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PortalOptions portal;

    @Option(names = "--collaboration", required = true, paramLabel = "ID")
    String collaboration;

    @Option(names = "--contract-hash", required = true, paramLabel = "HASH")
    String contractHash;

    @Option(
        names = "--fingerprint",
        paramLabel = "HEX",
        description = "The query's fingerprint; without it, the contract version is decided.")
    String fingerprint;

    @Option(names = "--reject", description = "Reject instead of approving.")
    boolean reject;

    @Override
    public void run() {
      PortalClient client = portal.client();
      if (fingerprint != null && !reject) {
        showQuery(client, spec.commandLine().getOut());
      }
      JsonNode r = client.decide(collaboration, contractHash, fingerprint, !reject);
      spec.commandLine()
          .getOut()
          .printf(
              "%s %s %s by %s, recorded by its key broker%n",
              r.path("kind").asText(fingerprint == null ? "contract" : "query"),
              fingerprint == null ? contractHash : fingerprint,
              r.path("decision").asText(reject ? "rejected" : "approved"),
              r.path("org").asText("?"));
    }

    /**
     * Shows the query being approved and recomputes its fingerprint here from the SQL and the
     * contract version the portal holds: the owner approves what is shown, not a number the portal
     * chose.
     */
    private void showQuery(PortalClient client, PrintWriter out) {
      JsonNode proposal = null;
      for (JsonNode q : client.queries(collaboration)) {
        if (fingerprint.equals(q.path("fingerprint").asText())
            && contractHash.equals(q.path("contractHash").asText())) {
          proposal = q;
        }
      }
      if (proposal == null) {
        throw new UserError("no proposal with fingerprint " + fingerprint + " here");
      }
      byte[] contract =
          CanonicalJson.toBytes(client.contract(collaboration, contractHash).path("contract"));
      Contract c = ContractParser.parse(contract);
      if (!c.id().equals(contractHash)) {
        throw new UserError("the portal's contract " + contractHash + " hashes to " + c.id());
      }
      List<JsonNode> parameters = new java.util.ArrayList<>();
      proposal.path("parameters").forEach(parameters::add);
      CheckReport report =
          new QueryChecker(c).check(proposal.path("sql").asText(), parameters).report();
      if (!report.allowed() || !fingerprint.equals(report.fingerprint().orElse(""))) {
        throw new UserError(
            "the query the portal shows for "
                + fingerprint
                + " does not check to that fingerprint here; nothing approved");
      }
      out.println("approving: " + proposal.path("sql").asText());
      report.summary().forEach(line -> out.println("  " + line));
    }
  }

  /** {@code cleanroom portal log head|export|sync}. */
  @Command(
      name = "log",
      mixinStandardHelpOptions = true,
      description =
          "A collaboration's verifiable log: its signed head, an export to check with `cleanroom"
              + " verify log`, or bringing in the key brokers' entries now.")
  static final class Log implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin PortalOptions portal;

    @CommandLine.Parameters(
        index = "0",
        paramLabel = "ACTION",
        description = "head, export or sync")
    String action;

    @Option(names = "--collaboration", required = true, paramLabel = "ID")
    String collaboration;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Where head and export write the signed bytes (export: required).")
    Path out;

    @Override
    public void run() {
      PrintWriter w = spec.commandLine().getOut();
      PortalClient client = portal.client();
      switch (action) {
        case "head" -> {
          byte[] head = client.logHead(collaboration);
          SignedTreeHead sth = SignedTreeHead.verify(head);
          write(head);
          w.printf(
              "log %s: %d entries, root %s, signed %s by %s%n",
              sth.logId(),
              sth.head().size(),
              HexFormat.of().formatHex(sth.head().rootHash()),
              sth.head().timestamp(),
              java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sth.signingKey()));
        }
        case "export" -> {
          if (out == null) {
            throw new UserError("export needs --out FILE");
          }
          byte[] export = client.logExport(collaboration);
          write(export);
          w.printf("wrote the log of %s to %s (%d bytes)%n", collaboration, out, export.length);
        }
        case "sync" -> {
          JsonNode r = client.logSync(collaboration);
          w.printf("brought in %d signed entries%n", r.path("appended").asInt());
          for (JsonNode p : r.path("problems")) {
            w.println("  problem: " + p.asText());
          }
        }
        default ->
            throw new CommandLine.ParameterException(
                spec.commandLine(), "ACTION is head, export or sync, not " + action);
      }
    }

    private void write(byte[] bytes) {
      if (out == null) {
        return;
      }
      try {
        Files.write(out, bytes);
      } catch (IOException e) {
        throw new UserError("cannot write " + out);
      }
    }
  }
}
