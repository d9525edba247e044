package io.cleanroom.crypto.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** A log's three signers and the exports they make: entries of every kind, signed heads. */
final class TestExports implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final List<LogEntries> KINDS =
      List.of(LogEntries.PORTAL, LogEntries.BROKER, LogEntries.ENCLAVE);
  private static final List<List<String>> EVENTS =
      List.of(
          List.of("collaboration.created", "contract.proposed", "query.proposed", "run.requested"),
          List.of("contract.approved", "query.approved", "key.released", "key.refused"),
          List.of("run.started", "run.finished", "run.failed"));

  final ReceiptSigningKey portal = ReceiptSigningKey.generate();
  final ReceiptSigningKey broker = ReceiptSigningKey.generate();
  final ReceiptSigningKey enclave = ReceiptSigningKey.generate();

  /**
   * Entry {@code i}: the kinds take turns; {@code padding} extra characters make it longer, a
   * negative padding leaves only {@code event} and {@code seq}.
   */
  byte[] entry(int i, int padding) {
    int k = i % KINDS.size();
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    List<String> events = EVENTS.get(k);
    body.put("event", events.get((i / KINDS.size()) % events.size()));
    body.put("seq", i);
    if (padding < 0) {
      return KINDS.get(k).sign(body, List.of(portal, broker, enclave).get(k));
    }
    body.put("time", T0.plusSeconds(i).toString());
    if (padding > 0) {
      body.put("contractHash", "ab".repeat(32));
      body.put("note", "x".repeat(padding));
    }
    return KINDS.get(k).sign(body, List.of(portal, broker, enclave).get(k));
  }

  List<byte[]> entries(int n, int padding) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(entry(i, padding));
    }
    return out;
  }

  /** The head of a log holding {@code entries}, signed by {@code key}. */
  static byte[] head(String logId, List<byte[]> entries, ReceiptSigningKey key) {
    MerkleTree tree = new MerkleTree();
    entries.forEach(tree::append);
    return SignedTreeHead.sign(logId, tree.head(T0.plusSeconds(entries.size())), key);
  }

  byte[] head(String logId, List<byte[]> entries) {
    return head(logId, entries, portal);
  }

  /** The export written by {@link LogExportWriter}, with the portal's head. */
  byte[] export(String logId, List<byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogExportWriter w = new LogExportWriter(out, logId);
    entries.forEach(w::entry);
    w.finish(head(logId, entries));
    return out.toByteArray();
  }

  /** An export with any head, as a forger writes it (the writer refuses a mismatched head). */
  static byte[] export(String logId, List<byte[]> entries, byte[] head) {
    List<byte[]> lines = new ArrayList<>();
    lines.add(header(logId));
    lines.addAll(entries);
    lines.add(head);
    return lines(lines);
  }

  /** An export's lines, with their newlines, as written by whoever tampers with it. */
  static byte[] lines(List<byte[]> lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.writeBytes(l);
      out.write('\n');
    }
    return out.toByteArray();
  }

  static List<byte[]> split(byte[] export) {
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < export.length; i++) {
      if (export[i] == '\n') {
        out.add(Arrays.copyOfRange(export, from, i));
        from = i + 1;
      }
    }
    return out;
  }

  static byte[] header(String logId) {
    return ("{\"format\":\"cleanroom.log-export.v1\",\"logId\":\"" + logId + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  TrustedLogKeys pinned() {
    return TrustedLogKeys.ofRaw(
        Set.of(portal.publicKey()), Set.of(broker.publicKey()), Set.of(enclave.publicKey()));
  }

  static LogVerification verify(byte[] export, TrustedLogKeys trusted, byte[] previous) {
    return LogExportVerifier.verify(new ByteArrayInputStream(export), trusted, previous);
  }

  @Override
  public void close() {
    portal.close();
    broker.close();
    enclave.close();
  }
}
