package io.cleanroom.enclave.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.enclave.identity.EnclaveIdentity;
import java.time.Instant;

/**
 * The signed log entries of a run (docs/enclave.md#log-entries): {@code run.started} when it is
 * queued, then one of {@code run.finished} (contract, query, input digests, output digest,
 * suppressed groups, ε spent and the receipt's digest, all as the receipt states them), {@code
 * run.failed} or {@code run.cancelled} (the phase and the error's code, never its message). The
 * portal fetches them for the collaboration's log; anyone checks them with the enclave's key.
 */
final class RunLogEntries {

  private RunLogEntries() {}

  /** The SHA-256 of the contract as sent (its canonical JSON), which every entry names. */
  static String contractHash(RunRequest req) {
    return Digests.hex(Digests.sha256(CanonicalJson.toBytes(contractJson(req))));
  }

  static byte[] started(EnclaveIdentity identity, Run run, RunRequest req) {
    ObjectNode e = base(identity, run, "run.started");
    e.put("requestedFingerprint", req.fingerprint());
    ArrayNode ds = e.putArray("datasets");
    req.datasets().forEach(d -> ds.add(d.id()));
    return LogEntries.ENCLAVE.sign(e, identity.signing());
  }

  static byte[] ended(EnclaveIdentity identity, Run run) {
    ObjectNode e =
        base(
            identity,
            run,
            switch (run.status()) {
              case SUCCEEDED -> "run.finished";
              case CANCELLED -> "run.cancelled";
              default -> "run.failed";
            });
    e.put("phase", run.phase().name());
    run.error().ifPresent(x -> e.put("code", x.code().name()));
    run.outcome()
        .ifPresent(
            o -> {
              JsonNode receipt = CanonicalJson.parse(o.receipt()).get("receipt");
              for (String member :
                  new String[] {
                    "contractHash",
                    "queryFingerprint",
                    "inputs",
                    "outputDigest",
                    "suppressedGroups",
                    "epsilonSpent"
                  }) {
                e.set(member, receipt.get(member));
              }
              e.put("receiptDigest", Digests.hex(Digests.sha256(o.receipt())));
            });
    return LogEntries.ENCLAVE.sign(e, identity.signing());
  }

  private static ObjectNode base(EnclaveIdentity identity, Run run, String event) {
    ObjectNode e = CanonicalJson.mapper().createObjectNode();
    e.put("event", event);
    e.put("runId", run.id());
    e.put("contractHash", run.contractHash());
    e.put("time", Instant.now().toString());
    e.put("simulated", identity.simulated());
    return e;
  }

  /** The contract as canonical JSON, or a JSON string of its bytes when it is not JSON. */
  private static JsonNode contractJson(RunRequest req) {
    try {
      return CanonicalJson.parse(req.contract());
    } catch (RuntimeException e) {
      return CanonicalJson.mapper().getNodeFactory().textNode("(not JSON)");
    }
  }
}
