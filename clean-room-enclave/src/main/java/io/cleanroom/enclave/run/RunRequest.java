package io.cleanroom.enclave.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@code POST /v1/runs} asks for: run {@code query} under {@code contract} on the sealed
 * datasets at their locations, with keys from their owners' key brokers.
 *
 * <p><b>Security:</b> nothing here is trusted. The enclave checks the query against the contract
 * itself and compares fingerprints, checks each file's digest against the contract, and the key
 * brokers decide on their own whether to release keys.
 *
 * @param contract the contract's JSON (its SHA-256 of the canonical form is its hash)
 * @param sql the approved query
 * @param parameters its parameter values
 * @param fingerprint the fingerprint the owners approved
 * @param datasets where each dataset is and which broker holds its key
 * @param timeLimit a shorter time limit than the enclave's {@code enclave.run.time-limit}
 */
public record RunRequest(
    byte[] contract,
    String sql,
    List<JsonNode> parameters,
    String fingerprint,
    List<DatasetLocation> datasets,
    Optional<Duration> timeLimit) {

  public RunRequest {
    contract = contract.clone();
    parameters = List.copyOf(parameters);
    datasets = List.copyOf(datasets);
  }

  /**
   * One input.
   *
   * @param id the dataset id in the contract
   * @param location a file path, or an http(s) URL of the sealed file
   * @param keyBroker the base URL of the key broker holding the dataset's key
   */
  public record DatasetLocation(String id, String location, URI keyBroker) {}

  /** The location given for dataset {@code id}. */
  public Optional<DatasetLocation> dataset(String id) {
    return datasets.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  @Override
  public byte[] contract() {
    return contract.clone();
  }
}
