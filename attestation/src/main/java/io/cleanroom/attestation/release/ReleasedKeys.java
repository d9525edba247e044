package io.cleanroom.attestation.release;

import io.cleanroom.crypto.dataset.DatasetKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dataset keys one key broker released to this enclave, opened with its HPKE key and checked
 * against their key ids.
 *
 * <p><b>Security:</b> the keys live only in memory; {@link #close()} wipes every one of them. The
 * caller closes this as soon as the run that needed the keys ends.
 *
 * @see KeyReleaseClient
 */
public final class ReleasedKeys implements AutoCloseable {

  private final String sessionId;
  private final boolean simulated;
  private final Map<String, DatasetKey> keys;

  ReleasedKeys(String sessionId, boolean simulated, Map<String, DatasetKey> keys) {
    this.sessionId = sessionId;
    this.simulated = simulated;
    this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  /** The broker's release session. */
  public String sessionId() {
    return sessionId;
  }

  /** Whether the broker said it released to a simulated (not confidential) enclave. */
  public boolean simulated() {
    return simulated;
  }

  /** The opened keys by dataset id (owned by this object: do not close them yourself). */
  public Map<String, DatasetKey> keys() {
    return keys;
  }

  /** Wipes every key. */
  @Override
  public void close() {
    keys.values().forEach(DatasetKey::close);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ReleasedKeys[session=" + sessionId);
    keys.forEach((id, k) -> s.append(", ").append(id).append('=').append(k.keyId()));
    return s.append(simulated ? ", SIMULATED]" : "]").toString();
  }
}
