package io.cleanroom.cli;

import io.cleanroom.cli.broker.BrokerClient;
import io.cleanroom.cli.broker.KeycloakTokens;
import io.cleanroom.cli.broker.PortalClient;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The key broker part of {@code cleanroom up}: the demo users sign in, the owners deposit their
 * keys, register and approve the contract and the headline query, a simulated enclave gets the keys
 * released, a query nobody approved is refused; with the enclave service, the enclave runs the
 * approved query (result table, receipt saved and verified) and refuses the unapproved one; last,
 * the auditor reads the release log.
 *
 * <p><b>Security:</b> the demo realm's passwords are public (docs/keycloak.md). The tokens go to
 * files readable only by their owner (0600) under the walk-through's directory, so that the shown
 * commands can be run again by hand within the tokens' 5 minutes; they are never printed.
 */
final class BrokerWalkthrough {

  private static final String VIA_PORTAL =
      " at the portal, which relays it with the owner's own token to the key broker";
  private static final String OTHER_QUERY =
      "select diagnosis, count(*) as visits, avg(cost) as avg_cost from visits group by diagnosis";

  private final URI broker;
  private final URI keycloak;
  private final URI enclave;
  private final URI portal;

  /** The auditor's own enclave policy, beside the trusted-keys file. */
  static final String ENCLAVE_POLICY = "enclave-policy.json";

  /** The simulated enclave build's measurement (48 zero bytes, as the example contract allows). */
  static final String SIMULATED_BUILD = "00".repeat(48);

  private final Path simulatorDir;
  private final Path tokens;
  private final Path collab;
  private final Steps steps;

  /**
   * The walk-through with the broker at {@code broker}, and when {@code enclave} is not null, the
   * enclave service there running the approved query.
   */
  BrokerWalkthrough(
      URI broker,
      URI keycloak,
      URI enclave,
      URI portal,
      Path simulatorDir,
      Path dir,
      Path collab,
      Steps steps) {
    this.broker = broker;
    this.keycloak = keycloak;
    this.enclave = enclave;
    this.portal = portal;
    this.simulatorDir = simulatorDir;
    this.tokens = dir.resolve("tokens");
    this.collab = collab;
    this.steps = steps;
  }

  /** Runs the broker steps for the headline query (its fingerprint and datasets). */
  void run(String fingerprint, String datasets) {
    String contract = collab.resolve("contract.json").toString();
    String contractHash = ContractParser.read(Path.of(contract)).id();
    steps.println("");
    steps.println("The key broker at " + broker + " (sign-in: Keycloak at " + keycloak + ")");
    String hospital = signIn("hospital-owner");
    String bank = signIn("bank-owner");
    String auditor = signIn("auditor");
    String analyst = portal != null ? signIn("research-analyst") : null;
    steps.println(
        steps.next()
            + (portal != null
                ? "hospital-owner, bank-owner, research-analyst"
                : "hospital-owner, bank-owner")
            + " and auditor sign in:  cleanroom token --user USER"
            + " --password-env PW > "
            + tokens
            + "/USER.token");
    String collaborationId = ContractParser.read(Path.of(contract)).collaborationId();
    if (portal != null) {
      steps.run(
          "the hospital creates the collaboration at the portal (once; later runs reuse it)",
          portal(
              hospital,
              "create",
              "--id",
              collaborationId,
              "--name",
              "Hospital and bank demo",
              "--member",
              "hospital=data-owner",
              "--member",
              "bank=data-owner",
              "--member",
              "research=analyst,result-recipient",
              "--exists-ok"));
      steps.run(
          "the hospital proposes the contract there: a new version whenever it changes",
          portal(hospital, "propose", "--collaboration", collaborationId, "--contract", contract));
      for (String[] owner :
          new String[][] {{"hospital", hospital, "visits"}, {"bank", bank, "accounts"}}) {
        steps.run(
            "the " + owner[0] + " uploads its sealed file (ciphertext only; checked without a key)",
            portal(
                owner[1],
                "upload",
                "--collaboration",
                collaborationId,
                "--dataset",
                owner[2],
                "--file",
                collab.resolve(owner[2] + ".sealed").toString()));
      }
      steps.run(
          "the analyst proposes the headline query there: checked, kept with its report, logged",
          portal(
              analyst,
              "query",
              "--collaboration",
              collaborationId,
              "--contract-hash",
              contractHash,
              "--sql",
              UpCommand.HEADLINE));
    }
    steps.run(
        "the hospital deposits the key of its dataset",
        call(hospital, "keys", "deposit", "--dataset", "visits", "--key", key("visits")));
    steps.run(
        "the bank deposits the key of its dataset",
        call(bank, "keys", "deposit", "--dataset", "accounts", "--key", key("accounts")));
    if (portal == null) {
      steps.run(
          "the hospital registers the contract",
          call(hospital, "contract", "register", "--contract", contract));
    }
    for (String[] owner : new String[][] {{"hospital", hospital}, {"bank", bank}}) {
      steps.run(
          "the " + owner[0] + " approves the contract" + (portal != null ? VIA_PORTAL : ""),
          portal != null
              ? portal(
                  owner[1],
                  "approve",
                  "--collaboration",
                  collaborationId,
                  "--contract-hash",
                  contractHash)
              : call(owner[1], "approve", "contract", "--contract-hash", contractHash));
      steps.run(
          "the " + owner[0] + " approves the headline query's fingerprint (from its check report)",
          portal != null
              ? portal(
                  owner[1],
                  "approve",
                  "--collaboration",
                  collaborationId,
                  "--contract-hash",
                  contractHash,
                  "--fingerprint",
                  fingerprint)
              : call(
                  owner[1],
                  "approve",
                  "query",
                  "--contract-hash",
                  contractHash,
                  "--fingerprint",
                  fingerprint));
    }
    steps.run(
        "a simulated enclave attests and gets both keys released",
        call(
            null,
            "enclave",
            "simulate-release",
            "--contract",
            contract,
            "--fingerprint",
            fingerprint,
            "--datasets",
            datasets,
            "--simulator-dir",
            simulatorDir.toString()));
    Steps.Result other =
        Steps.quietly("query", "check", "--contract", contract, "--sql", OTHER_QUERY);
    String otherFingerprint = UpCommand.jsonField(other.out(), "fingerprint");
    steps.refused(
        "a query nobody approved (\"" + OTHER_QUERY + "\") gets no key",
        call(
            null,
            "enclave",
            "simulate-release",
            "--contract",
            contract,
            "--fingerprint",
            otherFingerprint,
            "--datasets",
            "visits",
            "--simulator-dir",
            simulatorDir.toString()));
    if (enclave != null) {
      enclave(contract, fingerprint, otherFingerprint, collaborationId, contractHash, analyst);
    }
    steps.run(
        "the auditor reads the release log (newest first)",
        call(auditor, "broker", "release-log", "--contract-hash", contractHash));
    if (portal != null) {
      log(collaborationId, auditor);
    }
  }

  /**
   * The collaboration's verifiable log at the portal: the key broker's signed entries brought in,
   * the export saved and checked offline with {@code verify log}.
   */
  private void log(String collaborationId, String auditor) {
    Path export = collab.resolve("log.jsonl");
    steps.println("");
    steps.println("The collaboration's verifiable log at the portal " + portal);
    steps.run(
        "the portal brings in the key broker's signed approvals, releases and refusals and the"
            + " enclave's signed run entries (its key checked through its evidence)",
        portal(auditor, "log", "sync", "--collaboration", collaborationId));
    steps.run(
        "the auditor exports the log: every signed entry and the portal's signed tree head",
        portal(
            auditor,
            "log",
            "export",
            "--collaboration",
            collaborationId,
            "--out",
            export.toString()));
    Path keys = collab.resolve("trusted-keys.json");
    writeTrustedKeys(keys);
    steps.println(
        steps.next()
            + "the auditor pins the keys it trusts: the portal's and the key broker's published log"
            + " keys (GET /v1/log/key)"
            + (enclave == null
                ? ""
                : ", and the enclave's key through the evidence of the receipt checked above,"
                    + " appraised with the auditor's own policy ("
                    + ENCLAVE_POLICY
                    + ": the simulated build)")
            + ": "
            + keys);
    List<String> verify =
        new ArrayList<>(
            List.of("verify", "log", export.toString(), "--trusted-keys", keys.toString()));
    if (enclave != null) {
      verify.addAll(
          List.of("--simulated-root", simulatorDir.resolve("simulated-ark.pem").toString()));
    }
    steps.run(
        "anyone checks the export offline: the enclave's evidence binds its key and the policy"
            + " accepts it, every entry's signature by a pinned key, the tree against the signed"
            + " head (keep the head for --previous-head next time)",
        verify.toArray(String[]::new));
  }

  /**
   * The trusted-keys file of {@code verify log} (docs/audit.md#keys): the portal's and the broker's
   * log keys as they publish them, and the enclave pinned through the evidence of the receipt that
   * {@code verify receipt} accepted, with the auditor's own policy beside it: {@code verify log}
   * pins the key only if that evidence binds it and the policy accepts the build.
   */
  private void writeTrustedKeys(Path file) {
    var mapper = CanonicalJson.mapper();
    var doc = mapper.createObjectNode();
    doc.putArray("portal").add(new PortalClient(portal, Optional.empty()).logKey());
    doc.putArray("broker").add(new BrokerClient(broker, Optional.empty()).logKey());
    try {
      Path receipt = collab.resolve("receipt.json");
      if (enclave != null && Files.exists(receipt)) {
        var policy = mapper.createObjectNode();
        policy
            .putArray("allowedEnclaves")
            .addObject()
            .put("tee", "sim")
            .put("measurement", SIMULATED_BUILD);
        Files.writeString(file.resolveSibling(ENCLAVE_POLICY), policy.toPrettyString() + "\n");
        doc.putArray("enclave")
            .addObject()
            .put("receipt", receipt.getFileName().toString())
            .put("policy", ENCLAVE_POLICY);
      }
      Files.writeString(file, doc.toPrettyString() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code cleanroom portal <subcommand> --portal URL --token-file F args...}. */
  private String[] portal(String tokenFile, String sub, String... args) {
    List<String> all = new ArrayList<>(List.of("portal", sub));
    if (sub.equals("log")) {
      all.add(args[0]);
      args = java.util.Arrays.copyOfRange(args, 1, args.length);
    }
    all.addAll(List.of("--portal", portal.toString(), "--token-file", tokenFile));
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  /**
   * The enclave service runs the approved query on the sealed files (keys from the broker), anyone
   * checks its receipt offline, and a query nobody approved is refused in the enclave too.
   */
  private void enclave(
      String contract,
      String fingerprint,
      String otherFingerprint,
      String collaborationId,
      String contractHash,
      String analyst) {
    Path result = collab.resolve("result.json");
    Path receipt = collab.resolve("receipt.json");
    Path refusedDir = collab.resolve("refused");
    steps.println("");
    steps.println(
        "The enclave service at "
            + enclave
            + " — SIMULATED — NOT CONFIDENTIAL (no TEE on this machine: a simulated TEE signs"
            + " its evidence)");
    if (portal != null) {
      steps.run(
          "the analyst runs the approved query from the portal: the enclave reads the sealed files"
              + " from the portal, checks the query, gets both keys from the key broker, runs it"
              + " and signs a receipt; the analyst's organization, the contract's result recipient,"
              + " downloads the result and the receipt",
          portal(
              analyst,
              "run",
              "--collaboration",
              collaborationId,
              "--fingerprint",
              fingerprint,
              "--result-out",
              result.toString(),
              "--receipt-out",
              receipt.toString()));
    } else {
      steps.run(
          "the analyst submits the approved query; the enclave checks it, gets both keys from the"
              + " key broker, runs it on the sealed files and signs a receipt",
          enclaveRun(contract, UpCommand.HEADLINE, fingerprint, result, receipt));
    }
    steps.run(
        "anyone checks the receipt offline: signature, evidence, contract, result and approved"
            + " query",
        "verify",
        "receipt",
        receipt.toString(),
        "--contract",
        contract,
        "--result",
        result.toString(),
        "--fingerprint",
        fingerprint,
        "--simulated-root",
        simulatorDir.resolve("simulated-ark.pem").toString());
    if (portal != null) {
      steps.run(
          "the analyst proposes a query nobody approves (\"" + OTHER_QUERY + "\")",
          portal(
              analyst,
              "query",
              "--collaboration",
              collaborationId,
              "--contract-hash",
              contractHash,
              "--sql",
              OTHER_QUERY));
      steps.refused(
          "the analyst runs it anyway: the key broker releases no key, nothing is decrypted",
          portal(
              analyst,
              "run",
              "--collaboration",
              collaborationId,
              "--fingerprint",
              otherFingerprint));
    } else {
      steps.refused(
          "the enclave is asked to run the query nobody approved: the key broker releases no key,"
              + " nothing is decrypted",
          enclaveRun(
              contract,
              OTHER_QUERY,
              otherFingerprint,
              refusedDir.resolve("result.json"),
              refusedDir.resolve("receipt.json")));
    }
  }

  /** {@code cleanroom enclave run} of {@code sql} on the walk-through's sealed files. */
  private String[] enclaveRun(
      String contract, String sql, String fingerprint, Path resultOut, Path receiptOut) {
    return new String[] {
      "enclave",
      "run",
      "--enclave",
      enclave.toString(),
      "--broker",
      broker.toString(),
      "--contract",
      contract,
      portal != null ? "--portal" : "--data",
      portal != null ? portal.toString() : collab.toString(),
      "--sql",
      sql,
      "--fingerprint",
      fingerprint,
      "--result-out",
      resultOut.toString(),
      "--receipt-out",
      receiptOut.toString()
    };
  }

  /** {@code cleanroom <command> <subcommand> --broker URL [--token-file F] args...}. */
  private String[] call(String tokenFile, String... args) {
    List<String> all = new ArrayList<>(List.of(args).subList(0, 2));
    all.addAll(List.of("--broker", broker.toString()));
    if (tokenFile != null) {
      all.addAll(List.of("--token-file", tokenFile));
    }
    all.addAll(List.of(args).subList(2, args.length));
    return all.toArray(String[]::new);
  }

  private String key(String dataset) {
    return collab.resolve(dataset + ".key").toString();
  }

  /** Signs a demo user in and keeps the token in an owner-only file; answers its path. */
  private String signIn(String user) {
    String token =
        new KeycloakTokens(keycloak, "cleanroom").accessToken(user, user + "-demo-password");
    Path file = tokens.resolve(user + ".token");
    try {
      Files.createDirectories(tokens);
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, token + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toString();
  }
}
