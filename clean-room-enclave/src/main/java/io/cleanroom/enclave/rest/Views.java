package io.cleanroom.enclave.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.enclave.identity.EnclaveIdentity;
import io.cleanroom.enclave.run.Run;
import io.cleanroom.enclave.run.RunPhase;

/** The JSON the API answers with. */
final class Views {

  private Views() {}

  /** Adds {@code simulated} (and, when true, the SIMULATED — NOT CONFIDENTIAL notice). */
  static void simulation(ObjectNode out, EnclaveIdentity identity) {
    out.put("simulated", identity.simulated());
    if (identity.simulated()) {
      out.put("notice", EnclaveIdentity.SIMULATED_NOTICE);
    }
  }

  /** A run: status, phase, times, and the result and receipt or the error. */
  static ObjectNode run(Run run, EnclaveIdentity identity) {
    ObjectNode out = CanonicalJson.mapper().createObjectNode();
    out.put("id", run.id());
    out.put("status", run.status().name());
    out.put("phase", run.phase().name());
    out.putObject("progress")
        .put("step", run.phase().ordinal() + 1)
        .put("steps", RunPhase.values().length);
    out.put("createdAt", run.createdAt().toString());
    run.finishedAt().ifPresent(t -> out.put("finishedAt", t.toString()));
    simulation(out, identity);
    run.error()
        .ifPresent(
            e ->
                out.putObject("error").put("code", e.code().name()).put("message", e.getMessage()));
    run.outcome()
        .ifPresent(
            o -> {
              out.set("result", o.result());
              out.set("receipt", CanonicalJson.parse(o.receipt()));
            });
    return out;
  }
}
