package io.cleanroom.cli.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.log.LogVerification;
import io.cleanroom.crypto.log.LogVerification.Failure;
import io.cleanroom.crypto.log.SignedTreeHead;
import io.cleanroom.crypto.log.TrustedLogKeys;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The report's two forms: the summary for people and the JSON object for programs. */
final class LogReport {

  private LogReport() {}

  static void print(LogVerification v, PrintWriter out) {
    out.printf("log %s: %d entries%n", v.logId().isEmpty() ? "?" : v.logId(), v.entries());
    v.head()
        .ifPresent(
            h ->
                out.printf(
                    "tree head: size %d, root %s, %s, signed by portal key %s %s%n",
                    h.head().size(),
                    Digests.hex(h.head().rootHash()),
                    h.head().timestamp(),
                    TrustedLogKeys.encode(h.signingKey()),
                    pinning(v, "portal")));
    if (v.head().isEmpty()) {
      out.printf("entries read so far: root %s%n", v.computedRoot());
    }
    v.previousHead()
        .ifPresent(
            p ->
                out.printf(
                    "previous head: size %d, root %s: consistent (the log only grew)%n",
                    p.head().size(), Digests.hex(p.head().rootHash())));
    out.println("events by kind:");
    for (String kind : TrustedLogKeys.SIGNERS) {
      out.printf("  %-8s %s%n", kind, counts(v.eventsByKind().get(kind)));
    }
    out.println("signers by kind:");
    for (String kind : TrustedLogKeys.SIGNERS) {
      out.printf("  %-8s %-13s %s%n", kind, pinning(v, kind), counts(v.signersByKind().get(kind)));
    }
    List<String> unpinned =
        TrustedLogKeys.SIGNERS.stream().filter(k -> !v.pinned().get(k)).toList();
    if (!unpinned.isEmpty()) {
      out.println(
          "NOT pinned: "
              + String.join(", ", unpinned)
              + " — any key was accepted for them; pin keys with --trusted-keys");
    }
    v.failure()
        .ifPresentOrElse(
            f -> out.println("FAILED at " + where(f) + ": " + f.reason()),
            () -> out.println("log verified"));
  }

  /** One line per enclave key its evidence pinned, and the notice if the evidence is simulated. */
  static void printPins(List<TrustedKeysFile.Pinned> pins, PrintWriter out) {
    for (TrustedKeysFile.Pinned p : pins) {
      out.printf(
          "enclave key %s pinned through its evidence (%s): %s verified, measurement %s, binds the"
              + " key, the policy accepts it%n",
          p.key(), p.source(), p.tee(), p.measurement());
      if (p.simulated()) {
        out.println("  " + ReceiptCommand.SIMULATED);
      }
    }
  }

  static ObjectNode json(LogVerification v, List<TrustedKeysFile.Pinned> pins) {
    ObjectNode o = CanonicalJson.mapper().createObjectNode();
    o.put("verified", v.verified());
    o.set("pinnedByEvidence", pins(pins));
    o.put("logId", v.logId());
    o.put("entries", v.entries());
    o.put("computedRoot", v.computedRoot());
    o.set("treeHead", v.head().map(h -> head(h, v)).orElse(null));
    o.set("previousHead", v.previousHead().map(h -> head(h, v)).orElse(null));
    ObjectNode events = o.putObject("events");
    ObjectNode signers = o.putObject("signers");
    for (String kind : TrustedLogKeys.SIGNERS) {
      ObjectNode e = events.putObject(kind);
      v.eventsByKind().getOrDefault(kind, Collections.emptySortedMap()).forEach(e::put);
      ObjectNode s = signers.putObject(kind);
      s.put("pinned", v.pinned().get(kind));
      ObjectNode keys = s.putObject("keys");
      v.signersByKind().getOrDefault(kind, Collections.emptySortedMap()).forEach(keys::put);
    }
    o.set(
        "failure",
        v.failure()
            .map(
                f -> {
                  ObjectNode n = CanonicalJson.mapper().createObjectNode();
                  n.put("index", f.index());
                  n.put("line", f.line());
                  n.put("part", f.part().name().toLowerCase(Locale.ROOT));
                  n.put("reason", f.reason());
                  return n;
                })
            .orElse(null));
    return o;
  }

  /** The report when an enclave's evidence earned no pin: nothing of the export was checked. */
  static ObjectNode refusedPin(String reason) {
    ObjectNode o = CanonicalJson.mapper().createObjectNode();
    o.put("verified", false);
    o.set("pinnedByEvidence", CanonicalJson.mapper().createArrayNode());
    ObjectNode f = o.putObject("failure");
    f.putNull("index");
    f.putNull("line");
    f.put("part", "trusted_keys");
    f.put("reason", reason);
    return o;
  }

  private static ArrayNode pins(List<TrustedKeysFile.Pinned> pins) {
    ArrayNode a = CanonicalJson.mapper().createArrayNode();
    for (TrustedKeysFile.Pinned p : pins) {
      a.addObject()
          .put("key", p.key())
          .put("source", p.source())
          .put("tee", p.tee())
          .put("measurement", p.measurement())
          .put("simulated", p.simulated());
    }
    return a;
  }

  /** Where a failure is, for people: "entry 4 (line 6)". */
  static String where(Failure f) {
    return switch (f.part()) {
      case HEADER -> "the header (line 1)";
      case ENTRY -> "entry " + f.index() + " (line " + f.line() + ")";
      case TREE_HEAD -> "the tree head (line " + f.line() + ")";
      case AFTER_HEAD -> "line " + f.line() + ", after the tree head";
    };
  }

  private static ObjectNode head(SignedTreeHead h, LogVerification v) {
    ObjectNode n = CanonicalJson.mapper().createObjectNode();
    n.put("size", h.head().size());
    n.put("rootHash", Digests.hex(h.head().rootHash()));
    n.put("timestamp", h.head().timestamp().toString());
    n.put("signingKey", TrustedLogKeys.encode(h.signingKey()));
    n.put("pinned", v.pinned().get("portal"));
    return n;
  }

  private static String pinning(LogVerification v, String kind) {
    return v.pinned().get(kind) ? "(pinned)" : "(NOT pinned)";
  }

  private static String counts(Map<String, Long> counts) {
    if (counts == null || counts.isEmpty()) {
      return "none";
    }
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
