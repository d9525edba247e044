package io.cleanroom.enclave.run;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful run's output: the result that passed the output rules and its signed receipt.
 *
 * @param result {@code {columns: [{name, type}], rows: [[...]]}}
 * @param receipt the signed receipt's canonical JSON bytes
 */
public record RunOutcome(JsonNode result, byte[] receipt) {}
