package io.cleanroom.query.contract;

import java.util.Map;

/**
 * Reference values of an enclave build the parties allow to receive their keys; the key broker
 * appraises attestation claims against them.
 *
 * @param tee the TEE type (e.g. {@code snp}, {@code tdx})
 * @param values the expected claims (e.g. {@code measurement}, {@code hostData}), as strings
 */
public record EnclaveReference(String tee, Map<String, String> values) {

  public EnclaveReference {
    values = Map.copyOf(values);
  }
}
