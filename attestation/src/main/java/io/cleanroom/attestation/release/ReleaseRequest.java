package io.cleanroom.attestation.release;

import java.util.List;

/**
 * What an enclave asks one key broker for: the keys of {@code datasetIds} for running the query
 * {@code queryFingerprint} under the contract {@code contractHash}.
 *
 * @param contractHash the contract's SHA-256 (64 lower-case hex digits)
 * @param queryFingerprint the query's fingerprint (64 lower-case hex digits)
 * @param datasetIds the datasets whose keys this broker holds (distinct, non-empty)
 */
public record ReleaseRequest(
    String contractHash, String queryFingerprint, List<String> datasetIds) {

  public ReleaseRequest {
    datasetIds = List.copyOf(datasetIds);
    if (datasetIds.isEmpty() || datasetIds.stream().distinct().count() != datasetIds.size()) {
      throw new IllegalArgumentException("datasetIds must be distinct and non-empty");
    }
  }
}
