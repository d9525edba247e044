package io.cleanroom.broker.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.broker.api.BrokerException;
import io.cleanroom.broker.api.ErrorCode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The runtime data an enclave binds into its evidence: {@code {nonce, enclavePublicKey,
 * contractHash, queryFingerprint, datasetIds}} (docs/protocol.md). Parsed strictly: unknown or
 * missing members, duplicates and malformed values are refused.
 */
public record RuntimeData(
    JsonNode json,
    String nonce,
    EnclavePublicKey enclavePublicKey,
    String contractHash,
    String queryFingerprint,
    List<String> datasetIds) {

  private static final Set<String> MEMBERS =
      Set.of("nonce", "enclavePublicKey", "contractHash", "queryFingerprint", "datasetIds");

  /** Parses and validates the runtime data object. */
  public static RuntimeData parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw malformed("runtimeData must be an object");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!MEMBERS.contains(name)) {
        throw malformed("runtimeData has an unknown member '" + name + "'");
      }
    }
    String nonce = text(json, "nonce");
    EnclavePublicKey key;
    try {
      key = EnclavePublicKey.fromBase64Url(text(json, "enclavePublicKey"));
    } catch (CryptoException e) {
      throw malformed("runtimeData.enclavePublicKey: " + e.getMessage());
    }
    String contract = hex64(json, "contractHash");
    String fingerprint = hex64(json, "queryFingerprint");
    JsonNode ids = json.get("datasetIds");
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw malformed("runtimeData.datasetIds must be a non-empty array");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || id.asText().isEmpty() || !seen.add(id.asText())) {
        throw malformed("runtimeData.datasetIds must be distinct non-empty strings");
      }
    }
    return new RuntimeData(json, nonce, key, contract, fingerprint, new ArrayList<>(seen));
  }

  private static String text(JsonNode json, String name) {
    JsonNode v = json.get(name);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw malformed("runtimeData." + name + " must be a non-empty string");
    }
    return v.asText();
  }

  private static String hex64(JsonNode json, String name) {
    String v = text(json, name);
    if (!v.matches("[0-9a-f]{64}")) {
      throw malformed("runtimeData." + name + " must be 64 lower-case hex digits");
    }
    return v;
  }

  private static BrokerException malformed(String why) {
    return new BrokerException(ErrorCode.MALFORMED_REQUEST, why);
  }
}
