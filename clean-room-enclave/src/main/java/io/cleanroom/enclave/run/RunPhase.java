package io.cleanroom.enclave.run;

/** The steps of a run, in order; a running run reports the one it is in. */
public enum RunPhase {
  /** Locating (or downloading) the sealed files and reading their public headers. */
  LOCATING_INPUTS,
  /** Checking the query against the contract and comparing fingerprints. */
  CHECKING_QUERY,
  /** Comparing each sealed file's digest with the contract's. */
  VERIFYING_INPUTS,
  /** Asking the key brokers for the dataset keys. */
  RELEASING_KEYS,
  /** Decrypting and running the query with its output rules. */
  EXECUTING,
  /** Signing the receipt. */
  SIGNING,
  /** Finished. */
  DONE
}
