package io.cleanroom.crypto.log;

import static io.cleanroom.crypto.log.TestExports.export;
import static io.cleanroom.crypto.log.TestExports.head;
import static io.cleanroom.crypto.log.TestExports.header;
import static io.cleanroom.crypto.log.TestExports.lines;
import static io.cleanroom.crypto.log.TestExports.split;
import static io.cleanroom.crypto.log.TestExports.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.log.LogVerification.Failure;
import io.cleanroom.crypto.log.LogVerification.Part;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.cleanroom.crypto.receipt.Receipts;
import io.cleanroom.crypto.receipt.SignedEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogExportVerifierTest {

  static final String LOG = "collab-7";

  final TestExports log = new TestExports();
  final List<byte[]> ten = log.entries(10, 0);

  @AfterEach
  void close() {
    log.close();
  }

  @Test
  void aLogOfThousandsOfEntriesOfAllThreeKindsVerifiesWithItsCounts() {
    List<byte[]> entries = log.entries(3000, 250);
    assertThat(entries.get(2).length).isBetween(550, 700);
    byte[] export = log.export(LOG, entries);

    LogVerification v = verify(export, log.pinned(), null);

    assertThat(v.failure()).isEmpty();
    assertThat(v.verified()).isTrue();
    assertThat(v.logId()).isEqualTo(LOG);
    assertThat(v.entries()).isEqualTo(3000);
    assertThat(v.eventsByKind().get("enclave"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("run.started", 334L, "run.finished", 333L, "run.failed", 333L));
    assertThat(v.eventsByKind().get("portal").values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(1000);
    assertThat(v.signersByKind().get("broker"))
        .containsExactly(Map.entry(TrustedLogKeys.encode(log.broker.publicKey()), 1000L));
    assertThat(v.pinned())
        .containsOnly(
            Map.entry("portal", true), Map.entry("broker", true), Map.entry("enclave", true));
    SignedTreeHead head = v.head().orElseThrow();
    assertThat(head.head().size()).isEqualTo(3000);
    assertThat(v.computedRoot()).isEqualTo(Digests.hex(head.head().rootHash()));
    assertThat(head.signingKey()).isEqualTo(log.portal.publicKey());
  }

  @Test
  void anEmptyLogVerifiesAndAnUnpinnedOneSaysSo() {
    LogVerification v = verify(log.export(LOG, List.of()), TrustedLogKeys.none(), null);
    assertThat(v.verified()).isTrue();
    assertThat(v.entries()).isZero();
    assertThat(v.computedRoot()).isEqualTo(Digests.hex(MerkleHashes.emptyRoot()));
    assertThat(v.pinned()).containsValues(false).doesNotContainValue(true);
  }

  @Test
  void everySingleBitChangeOfAnEightEntryExportIsDetected() {
    byte[] export = log.export(LOG, log.entries(8, -1));
    assertThat(verify(export, log.pinned(), null).verified()).isTrue();
    // ~16,000 changed exports, each verified up to its first failure: ~70,000 signatures.
    List<String> undetected =
        IntStream.range(0, export.length * 8)
            .parallel()
            .filter(
                b -> {
                  byte[] t = export.clone();
                  t[b / 8] ^= (byte) (1 << (b % 8));
                  return verify(t, TrustedLogKeys.none(), null).verified();
                })
            .mapToObj(b -> "byte " + b / 8 + " bit " + b % 8)
            .toList();
    assertThat(undetected).isEmpty();
  }

  @Test
  void aDeletedEntryIsDetectedAndARewrittenHeadFailsAgainstThePreviousOne() {
    List<byte[]> shorter = new ArrayList<>(ten);
    shorter.remove(4);
    byte[] original = log.head(LOG, ten);

    assertFailure(
        verify(export(LOG, shorter, original), log.pinned(), null),
        9,
        Part.TREE_HEAD,
        "the tree head is for 10 entries, the export has 9");

    // The operator signs a new head for the shortened log: alone it verifies, not against the
    // head an auditor kept.
    byte[] rewritten = log.export(LOG, shorter);
    assertThat(verify(rewritten, log.pinned(), null).verified()).isTrue();
    assertFailure(
        verify(rewritten, log.pinned(), original),
        9,
        Part.TREE_HEAD,
        "it has 10 entries, this export only 9");
  }

  @Test
  void reorderedOrDuplicatedEntriesDoNotHashToTheHeadsRoot() {
    byte[] head = log.head(LOG, ten);
    List<byte[]> swapped = new ArrayList<>(ten);
    Collections.swap(swapped, 3, 7);
    assertFailure(
        verify(export(LOG, swapped, head), log.pinned(), null),
        10,
        Part.TREE_HEAD,
        "do not hash to the tree head's root");

    List<byte[]> duplicated = new ArrayList<>(ten);
    duplicated.set(6, ten.get(5));
    assertFailure(
        verify(export(LOG, duplicated, head), log.pinned(), null),
        10,
        Part.TREE_HEAD,
        "do not hash to the tree head's root");

    List<byte[]> inserted = new ArrayList<>(ten);
    inserted.add(3, ten.get(3));
    LogVerification v = verify(export(LOG, inserted, log.head(LOG, inserted)), log.pinned(), head);
    assertFailure(v, 11, Part.TREE_HEAD, "a fork or a rewritten history");
  }

  @Test
  void anEntryFromAnotherLogUnderAHeadReSignedByAnotherKeyIsRefusedWhenThePortalIsPinned() {
    // The same enclave serves another collaboration: its entry there verifies as an entry.
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("event", "run.started");
    body.put("runId", "run-of-collab-8");
    byte[] foreign = LogEntries.ENCLAVE.sign(body, log.enclave);
    List<byte[]> mixed = new ArrayList<>(ten);
    mixed.add(4, foreign);
    try (ReceiptSigningKey forger = ReceiptSigningKey.generate()) {
      byte[] forged = export(LOG, mixed, head(LOG, mixed, forger));

      assertFailure(
          verify(forged, log.pinned(), null),
          11,
          Part.TREE_HEAD,
          "the tree head is signed by "
              + TrustedLogKeys.encode(forger.publicKey())
              + ", which is not a trusted portal key");
      assertFailure(
          verify(export(LOG, mixed, log.head(LOG, ten)), log.pinned(), null),
          11,
          Part.TREE_HEAD,
          "the tree head is for 10 entries, the export has 11");

      LogVerification unpinned = verify(forged, TrustedLogKeys.none(), null);
      assertThat(unpinned.verified()).isTrue();
      assertThat(unpinned.pinned()).doesNotContainValue(true);
    }
    // An entry another log's own signers made is refused as soon as they are pinned.
    try (TestExports other = new TestExports()) {
      List<byte[]> withOthers = new ArrayList<>(ten);
      withOthers.add(other.entry(0, 0));
      assertFailure(
          verify(export(LOG, withOthers, log.head(LOG, withOthers)), log.pinned(), null),
          10,
          Part.ENTRY,
          "which is not a trusted portal key");
    }
  }

  @Test
  void aForkedHeadOfTheSameSizeIsNotConsistentWithThePreviousHead() {
    List<byte[]> fork = new ArrayList<>(ten);
    fork.set(9, log.entry(100, 0));
    byte[] seen = log.head(LOG, ten);
    byte[] forkedExport = log.export(LOG, fork);
    assertThat(verify(forkedExport, log.pinned(), null).verified()).isTrue();

    assertFailure(
        verify(forkedExport, log.pinned(), seen),
        10,
        Part.TREE_HEAD,
        "not consistent with the previous head: the first 10 entries do not hash to its root");
  }

  @Test
  void aLogThatOnlyGrewIsConsistentWithEveryEarlierHead() {
    byte[] export = log.export(LOG, ten);
    for (int size = 0; size <= ten.size(); size++) {
      byte[] earlier = log.head(LOG, ten.subList(0, size));
      LogVerification v = verify(export, log.pinned(), earlier);
      assertThat(v.verified()).as("previous size %d", size).isTrue();
      assertThat(v.previousHead().orElseThrow().head().size()).isEqualTo(size);
    }
  }

  @Test
  void aPreviousHeadOfALongerOrAnotherLogOrByAnUntrustedKeyFails() {
    byte[] export = log.export(LOG, ten.subList(0, 6));
    assertFailure(
        verify(export, log.pinned(), log.head(LOG, ten)),
        6,
        Part.TREE_HEAD,
        "not consistent with the previous head: it has 10 entries, this export only 6");
    assertFailure(
        verify(export, log.pinned(), log.head("collab-8", ten.subList(0, 3))),
        6,
        Part.TREE_HEAD,
        "the previous head is for log collab-8, not collab-7");
    try (ReceiptSigningKey other = ReceiptSigningKey.generate()) {
      assertFailure(
          verify(export, log.pinned(), head(LOG, ten.subList(0, 3), other)),
          6,
          Part.TREE_HEAD,
          "the previous head is signed by");
    }
    byte[] tampered = log.head(LOG, ten.subList(0, 3));
    tampered[20] ^= 1;
    assertFailure(verify(export, log.pinned(), tampered), 6, Part.TREE_HEAD, "the previous head:");
  }

  @Test
  void aTruncatedExportIsDetected() {
    byte[] export = log.export(LOG, ten);
    List<byte[]> lines = split(export);

    byte[] noHead = lines(lines.subList(0, lines.size() - 1));
    assertFailure(
        verify(noHead, log.pinned(), null),
        10,
        Part.TREE_HEAD,
        "no signed tree head at the end: the export is truncated");

    byte[] halfHead = Arrays.copyOf(export, export.length - lines.getLast().length / 2 - 1);
    assertFailure(
        verify(halfHead, log.pinned(), null), 10, Part.TREE_HEAD, "does not end in a newline");

    byte[] noFinalNewline = Arrays.copyOf(export, export.length - 1);
    assertFailure(
        verify(noFinalNewline, log.pinned(), null),
        10,
        Part.TREE_HEAD,
        "does not end in a newline");

    assertFailure(verify(new byte[0], log.pinned(), null), -1, Part.HEADER, "the export is empty");
  }

  @Test
  void aNonCanonicalEntryLineIsRefusedAtItsIndex() {
    List<byte[]> lines = split(log.export(LOG, ten));
    String pretty = new String(lines.get(4), StandardCharsets.UTF_8).replace(",\"", ", \"");
    lines.set(4, pretty.getBytes(StandardCharsets.UTF_8));
    LogVerification v = verify(lines(lines), log.pinned(), null);
    assertFailure(v, 3, Part.ENTRY, "not in canonical JSON form");
    assertThat(v.failure().orElseThrow().line()).isEqualTo(5);
    assertThat(v.entries()).isEqualTo(3);
  }

  @Test
  void anEntryOfAnUnknownKindOrAReceiptIsRefused() {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("event", "run.started");
    byte[] alien =
        new SignedEnvelope("entry", "cleanroom.auditor-log-entry.v1", "entry")
            .sign(body, log.enclave);
    List<byte[]> entries = new ArrayList<>(ten);
    entries.set(2, alien);
    assertFailure(
        verify(log.export(LOG, entries), TrustedLogKeys.none(), null),
        2,
        Part.ENTRY,
        "not a log entry of a known kind");

    entries.set(2, Receipts.sign(body, log.enclave));
    assertFailure(
        verify(log.export(LOG, entries), TrustedLogKeys.none(), null),
        2,
        Part.ENTRY,
        "not a log entry of a known kind");
  }

  @Test
  void anEntrySignedByAnUnpinnedKeyIsRefusedWhenItsSignerIsPinned() {
    try (ReceiptSigningKey rogue = ReceiptSigningKey.generate()) {
      ObjectNode body = CanonicalJson.mapper().createObjectNode();
      body.put("event", "run.finished");
      List<byte[]> entries = new ArrayList<>(ten);
      entries.set(5, LogEntries.ENCLAVE.sign(body, rogue));
      byte[] export = log.export(LOG, entries);
      assertFailure(
          verify(export, log.pinned(), null),
          5,
          Part.ENTRY,
          TrustedLogKeys.encode(rogue.publicKey()) + ", which is not a trusted enclave key");
      TrustedLogKeys enclaveNotPinned =
          TrustedLogKeys.ofRaw(List.of(log.portal.publicKey()), List.of(), List.of());
      LogVerification v = verify(export, enclaveNotPinned, null);
      assertThat(v.verified()).isTrue();
      assertThat(v.pinned()).containsEntry("enclave", false).containsEntry("portal", true);
      assertThat(v.signersByKind().get("enclave")).hasSize(2);
    }
  }

  @Test
  void linesAfterTheHeadASecondHeaderEmptyLinesAndCrLfAreRefused() {
    List<byte[]> lines = split(log.export(LOG, ten));

    List<byte[]> extra = new ArrayList<>(lines);
    extra.add(ten.get(0));
    assertFailure(
        verify(lines(extra), log.pinned(), null),
        11,
        Part.AFTER_HEAD,
        "a line follows the signed tree head");

    List<byte[]> twoHeaders = new ArrayList<>(lines);
    twoHeaders.add(1, header(LOG));
    assertFailure(
        verify(lines(twoHeaders), log.pinned(), null), 0, Part.ENTRY, "a second export header");

    List<byte[]> empty = new ArrayList<>(lines);
    empty.add(6, new byte[0]);
    assertFailure(verify(lines(empty), log.pinned(), null), 5, Part.ENTRY, "an empty line");

    String crlf = new String(log.export(LOG, ten), StandardCharsets.UTF_8).replace("\n", "\r\n");
    assertFailure(
        verify(crlf.getBytes(StandardCharsets.UTF_8), log.pinned(), null),
        -1,
        Part.HEADER,
        "CR LF");
  }

  @Test
  void aLineLongerThanTheLimitIsRefused() {
    List<byte[]> lines = split(log.export(LOG, ten));
    lines.add(3, new byte[ExportLines.MAX_LINE + 1]);
    assertFailure(verify(lines(lines), log.pinned(), null), 2, Part.ENTRY, "longer than");
  }

  @Test
  void aHeaderThatIsNotTheExportFormatIsRefused() {
    List<byte[]> lines = split(log.export(LOG, ten));
    lines.set(0, "{\"format\":\"cleanroom.log-export.v2\",\"logId\":\"collab-7\"}".getBytes());
    assertFailure(verify(lines(lines), log.pinned(), null), -1, Part.HEADER, "header");
    lines.set(0, "{\"logId\":\"collab-7\",\"format\":\"cleanroom.log-export.v1\"}".getBytes());
    assertFailure(verify(lines(lines), log.pinned(), null), -1, Part.HEADER, "header");
  }

  @Test
  void aHeadForAnotherLogIsRefused() {
    byte[] export = export(LOG, ten, log.head("collab-8", ten));
    assertFailure(
        verify(export, log.pinned(), null),
        10,
        Part.TREE_HEAD,
        "the tree head is for log collab-8, not collab-7");
  }

  private static void assertFailure(LogVerification v, long index, Part part, String reason) {
    assertThat(v.verified()).isFalse();
    Failure f = v.failure().orElseThrow();
    assertThat(f.reason()).contains(reason);
    assertThat(f.index()).isEqualTo(index);
    assertThat(f.part()).isEqualTo(part);
  }
}
