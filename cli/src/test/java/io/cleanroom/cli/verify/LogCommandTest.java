package io.cleanroom.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.testing.log.SampleLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanroom verify log} on exports written the way the portal writes them ({@link
 * SampleLogs}: a hundred entries of the three signers), then on tampered, truncated, forked and
 * unpinned ones; exit codes and what is printed.
 */
class LogCommandTest {

  static final String LOG = "collab-42";
  static SampleLogs log;
  static List<byte[]> entries;

  @TempDir Path dir;
  Path export;
  Path keys;

  @BeforeAll
  static void signEntries() {
    log = new SampleLogs();
    entries = log.entries(100);
  }

  @AfterAll
  static void closeKeys() {
    log.close();
  }

  @BeforeEach
  void writeFiles() throws IOException {
    export = write("log.jsonl", log.export(LOG, entries));
    keys = write("keys.json", log.trustedKeysJson());
  }

  @Test
  void aVerifiedExportPrintsItsEntriesHeadEventsAndPinnedSigners() {
    Cli r = Cli.run("verify", "log", export.toString(), "--trusted-keys", keys.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("log collab-42: 100 entries")
        .contains("tree head: size 100, root ")
        .contains("signed by portal key " + log.portal().publicKeyBase64Url() + " (pinned)")
        .containsPattern("enclave +run.finished 10, run.started 10")
        .containsPattern("broker +key.released 20, query.approved 20")
        .containsPattern("portal +\\(pinned\\) +" + log.portal().publicKeyBase64Url() + " 40")
        .doesNotContain("NOT pinned")
        .endsWith("log verified\n");
  }

  @Test
  void withoutTrustedKeysItVerifiesAndSaysNothingWasPinned() {
    Cli r = Cli.run("verify", "log", export.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .containsPattern("enclave +\\(NOT pinned\\) +" + log.enclave().publicKeyBase64Url())
        .contains("NOT pinned: portal, broker, enclave")
        .contains("log verified");
  }

  @Test
  void aChangedEntryFailsWithItsIndexAndLine() throws IOException {
    List<String> lines = new ArrayList<>(SampleLogs.lines(Files.readAllBytes(export)));
    lines.set(6, lines.get(6).replace("run-0", "run-9"));
    Path tampered = write("tampered.jsonl", SampleLogs.join(lines));

    Cli r = Cli.run("verify", "log", tampered.toString(), "--trusted-keys", keys.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains("log collab-42: 5 entries")
        .contains("FAILED at entry 5 (line 7): the enclave log entry's signature does not verify")
        .doesNotContain("log verified");
    assertThat(r.err())
        .isEqualTo(
            "cleanroom: log refused: entry 5 (line 7): the enclave log entry's signature does not"
                + " verify\n");
  }

  @Test
  void aTruncatedExportFails() throws IOException {
    List<String> lines = SampleLogs.lines(Files.readAllBytes(export));
    Path truncated = write("truncated.jsonl", SampleLogs.join(lines.subList(0, lines.size() - 1)));
    Cli r = Cli.run("verify", "log", truncated.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "the tree head (line 102): no signed tree head at the end: the export is truncated");
  }

  @Test
  void anEntrySignedByAKeyThatIsNotPinnedFails() throws IOException {
    try (SampleLogs impostor = new SampleLogs()) {
      List<byte[]> mixed = new ArrayList<>(entries);
      mixed.set(8, impostor.entry(8));
      Path forged = write("forged.jsonl", log.export(LOG, mixed));
      Cli r = Cli.run("verify", "log", forged.toString(), "--trusted-keys", keys.toString());
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              "FAILED at entry 8 (line 10): signed by "
                  + impostor.enclave().publicKeyBase64Url()
                  + ", which is not a trusted enclave key");
    }
  }

  @Test
  void thePreviousHeadMustBeAPrefixOfTheLog() throws IOException {
    Path earlier = write("earlier.json", log.head(LOG, entries.subList(0, 40)));
    Cli ok =
        Cli.run(
            "verify",
            "log",
            export.toString(),
            "--trusted-keys",
            keys.toString(),
            "--previous-head",
            earlier.toString());
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out()).containsPattern("previous head: size 40, root [0-9a-f]{64}: consistent");

    List<byte[]> fork = new ArrayList<>(entries);
    fork.set(99, entries.get(98));
    Path forked = write("fork.jsonl", log.export(LOG, fork));
    Path seen = write("seen.json", log.head(LOG, entries));
    Cli r =
        Cli.run(
            "verify",
            "log",
            forked.toString(),
            "--trusted-keys",
            keys.toString(),
            "--previous-head",
            seen.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "the tree head (line 102): not consistent with the previous head: the first 100"
                + " entries do not hash to its root (a fork or a rewritten history)");
  }

  @Test
  void jsonPrintsTheSameReportAsOneObject() throws IOException {
    Cli r =
        Cli.run("verify", "log", export.toString(), "--json", "--trusted-keys", keys.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().strip()).doesNotContain("\n");
    JsonNode j = CanonicalJson.parse(r.out());
    assertThat(j.get("verified").asBoolean()).isTrue();
    assertThat(j.get("logId").asText()).isEqualTo(LOG);
    assertThat(j.get("entries").asLong()).isEqualTo(100);
    assertThat(j.at("/treeHead/size").asLong()).isEqualTo(100);
    assertThat(j.at("/treeHead/rootHash").asText()).isEqualTo(j.get("computedRoot").asText());
    assertThat(j.at("/events/portal/result.downloaded").asLong()).isEqualTo(10);
    assertThat(j.at("/signers/broker/pinned").asBoolean()).isTrue();
    assertThat(j.at("/signers/broker/keys/" + log.broker().publicKeyBase64Url()).asLong())
        .isEqualTo(40);
    assertThat(j.get("failure").isNull()).isTrue();

    try (ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      List<String> lines = new ArrayList<>(SampleLogs.lines(Files.readAllBytes(export)));
      lines.set(101, new String(SampleLogs.head(LOG, entries, other)));
      Path reSigned = write("resigned.jsonl", SampleLogs.join(lines));
      Cli f =
          Cli.run(
              "verify", "log", reSigned.toString(), "--json", "--trusted-keys", keys.toString());
      assertThat(f.exitCode()).isEqualTo(1);
      JsonNode failure = CanonicalJson.parse(f.out()).get("failure");
      assertThat(failure.get("index").asLong()).isEqualTo(100);
      assertThat(failure.get("line").asLong()).isEqualTo(102);
      assertThat(failure.get("part").asText()).isEqualTo("tree_head");
      assertThat(failure.get("reason").asText()).contains("which is not a trusted portal key");
    }
  }

  @Test
  void usageErrorsAndUnreadableFilesExitWithTwo() throws IOException {
    assertThat(Cli.run("verify", "log").exitCode()).isEqualTo(2);
    assertThat(Cli.run("verify", "log", export.toString(), "--bogus").exitCode()).isEqualTo(2);
    Cli missing = Cli.run("verify", "log", dir.resolve("nope.jsonl").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file: ");
    Path badKeys = write("bad-keys.json", "{\"enclaves\":[]}".getBytes());
    Cli bad = Cli.run("verify", "log", export.toString(), "--trusted-keys", badKeys.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown member 'enclaves'");
    Cli noHead =
        Cli.run("verify", "log", export.toString(), "--previous-head", dir.resolve("x").toString());
    assertThat(noHead.exitCode()).isEqualTo(2);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }
}
