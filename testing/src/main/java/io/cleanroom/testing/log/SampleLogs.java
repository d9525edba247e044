package io.cleanroom.testing.log;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.log.LogExportWriter;
import io.cleanroom.crypto.log.MerkleTree;
import io.cleanroom.crypto.log.SignedTreeHead;
import io.cleanroom.crypto.log.TrustedLogKeys;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A collaboration's three signers (portal, key broker, enclave) and the log they write: each run of
 * a query leaves ten entries in the order the services write them (query proposed, checked and
 * approved by two owners, run requested and started, two keys released, run finished, result
 * downloaded), each signed by its signer, ~600 bytes like the real ones.
 */
public final class SampleLogs implements AutoCloseable {

  /** The time of entry 0; entry {@code i} is {@code i} seconds later. */
  public static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

  private static final String[] OWNERS = {"hospital", "bank"};
  private static final String[] DATASETS = {"visits", "accounts"};

  private final ReceiptSigningKey portal = ReceiptSigningKey.generate();
  private final ReceiptSigningKey broker = ReceiptSigningKey.generate();
  private final ReceiptSigningKey enclave = ReceiptSigningKey.generate();

  /** The portal's key (it signs tree heads and its own entries). */
  public ReceiptSigningKey portal() {
    return portal;
  }

  public ReceiptSigningKey broker() {
    return broker;
  }

  public ReceiptSigningKey enclave() {
    return enclave;
  }

  /** All three signers' public keys pinned. */
  public TrustedLogKeys trusted() {
    return TrustedLogKeys.ofRaw(
        List.of(portal.publicKey()), List.of(broker.publicKey()), List.of(enclave.publicKey()));
  }

  /** The trusted-keys file pinning all three signers. */
  public byte[] trustedKeysJson() {
    ObjectNode o = CanonicalJson.mapper().createObjectNode();
    o.putArray("portal").add(portal.publicKeyBase64Url());
    o.putArray("broker").add(broker.publicKeyBase64Url());
    o.putArray("enclave").add(enclave.publicKeyBase64Url());
    return CanonicalJson.toBytes(o);
  }

  /** Entry {@code i} of the log (deterministic but for the signatures' keys). */
  public byte[] entry(long i) {
    long run = i / 10;
    String runId = "run-" + run;
    String fingerprint = hex("query", run / 3);
    ObjectNode b = CanonicalJson.mapper().createObjectNode();
    b.put("time", T0.plusSeconds(i).toString());
    b.put("contractHash", hex("contract", 1));
    int step = (int) (i % 10);
    switch (step) {
      case 0, 1, 4, 9 -> {
        b.put(
            "event",
            switch (step) {
              case 0 -> "query.proposed";
              case 1 -> "query.checked";
              case 4 -> "run.requested";
              default -> "result.downloaded";
            });
        b.put("queryFingerprint", fingerprint);
        b.put("actor", "research-analyst@lab.example");
        b.put("runId", runId);
        if (step == 9) {
          b.put("outputDigest", hex("output", run));
        } else {
          b.put("verdict", "allowed: aggregates over visits and accounts, threshold 10");
        }
        return LogEntries.PORTAL.sign(b, portal);
      }
      case 2, 3, 6, 7 -> {
        int owner = step % 2;
        b.put("event", step < 4 ? "query.approved" : "key.released");
        b.put("queryFingerprint", fingerprint);
        b.put("org", OWNERS[owner]);
        b.put("datasetId", DATASETS[owner]);
        b.put("keyId", hex("key", owner).substring(0, 32));
        b.put("runId", runId);
        b.put("measurement", (hex("measurement", 0) + hex("measurement", 1)).substring(0, 96));
        return LogEntries.BROKER.sign(b, broker);
      }
      default -> {
        b.put("event", step == 5 ? "run.started" : "run.finished");
        b.put("runId", runId);
        b.put("queryFingerprint", fingerprint);
        b.put("simulated", true);
        if (step == 8) {
          b.put("outputDigest", hex("output", run));
          b.put("receiptDigest", hex("receipt", run));
          b.put("suppressedGroups", 3);
        } else {
          b.putArray("datasets").add(DATASETS[0]).add(DATASETS[1]);
        }
        return LogEntries.ENCLAVE.sign(b, enclave);
      }
    }
  }

  /** Entries {@code 0..n-1}. */
  public List<byte[]> entries(int n) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(entry(i));
    }
    return out;
  }

  /** The head of a log holding {@code entries}, signed by {@code key}. */
  public static byte[] head(String logId, List<byte[]> entries, ReceiptSigningKey key) {
    MerkleTree tree = new MerkleTree();
    entries.forEach(tree::append);
    return SignedTreeHead.sign(logId, tree.head(T0.plusSeconds(entries.size() + 1L)), key);
  }

  /** The portal's head of a log holding {@code entries}. */
  public byte[] head(String logId, List<byte[]> entries) {
    return head(logId, entries, portal);
  }

  /** The export the portal writes of a log holding {@code entries}. */
  public byte[] export(String logId, List<byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogExportWriter w = new LogExportWriter(out, logId);
    entries.forEach(w::entry);
    w.finish(head(logId, entries));
    return out.toByteArray();
  }

  /** An export's lines, without their newlines. */
  public static List<String> lines(byte[] export) {
    String[] parts = new String(export, StandardCharsets.UTF_8).split("\n", -1);
    return List.of(parts).subList(0, parts.length - 1);
  }

  /** Lines joined into an export, each ending in a newline. */
  public static byte[] join(List<String> lines) {
    StringBuilder s = new StringBuilder();
    lines.forEach(l -> s.append(l).append('\n'));
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(String what, long n) {
    return Digests.hex(Digests.sha256((what + n).getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void close() {
    portal.close();
    broker.close();
    enclave.close();
  }
}
