package io.cleanroom.broker.custody;

import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Deposits dataset keys sealed under the master key, and opens them for a release.
 *
 * <p><b>Security:</b> a plaintext DEK exists only inside {@link #deposit} and {@link #open}, and
 * every copy made here is overwritten before returning; callers close the {@link DatasetKey} they
 * get. Nothing here logs.
 */
@ApplicationScoped
public class KeyCustody {

  private static final byte[] AAD_LABEL =
      "cleanroom/dataset-key-record/v1\0".getBytes(StandardCharsets.US_ASCII);

  @Inject MasterKeyRing ring;
  @Inject Clock clock;

  /** The metadata of a deposited key (never the key). */
  public record Deposit(String ownerOrg, String datasetId, String keyId, Instant depositedAt) {}

  /** Seals and stores {@code key} for the owner's dataset, replacing an earlier version. */
  @Transactional
  public Deposit deposit(String ownerOrg, String datasetId, DatasetKey key, String actor) {
    byte[] raw = key.toBytes(KeyAccess.rawKeyMaterial());
    try {
      DatasetKeyRecord.Id id = new DatasetKeyRecord.Id(ownerOrg, datasetId);
      DatasetKeyRecord r = DatasetKeyRecord.findById(id);
      boolean fresh = r == null;
      if (fresh) {
        r = new DatasetKeyRecord();
        r.id = id;
      }
      r.keyId = key.keyId();
      r.masterKeyId = ring.current().id();
      r.wrappedKey = ring.current().seal(raw, aad(ownerOrg, datasetId, key.keyId()));
      r.depositedBy = actor;
      r.depositedAt = clock.instant();
      if (fresh) {
        r.persist();
      }
      return metadata(r);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The deposit's metadata, if the owner deposited a key for this dataset. */
  @Transactional
  public Optional<Deposit> find(String ownerOrg, String datasetId) {
    DatasetKeyRecord r = DatasetKeyRecord.findById(new DatasetKeyRecord.Id(ownerOrg, datasetId));
    return Optional.ofNullable(r).map(KeyCustody::metadata);
  }

  /** Every deposit of this owner. */
  @Transactional
  public List<Deposit> list(String ownerOrg) {
    return DatasetKeyRecord.<DatasetKeyRecord>list("id.ownerOrg", ownerOrg).stream()
        .map(KeyCustody::metadata)
        .sorted((a, b) -> a.datasetId().compareTo(b.datasetId()))
        .toList();
  }

  /** Deletes the owner's key for this dataset; later releases of it are refused. */
  @Transactional
  public boolean delete(String ownerOrg, String datasetId) {
    return DatasetKeyRecord.deleteById(new DatasetKeyRecord.Id(ownerOrg, datasetId));
  }

  /** Opens the owner's key for this dataset; the caller closes it. */
  @Transactional
  public Optional<DatasetKey> open(String ownerOrg, String datasetId) {
    DatasetKeyRecord r = DatasetKeyRecord.findById(new DatasetKeyRecord.Id(ownerOrg, datasetId));
    if (r == null) {
      return Optional.empty();
    }
    MasterKey mk =
        ring.byId(r.masterKeyId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the record of "
                            + ownerOrg
                            + "/"
                            + datasetId
                            + " is sealed under master key "
                            + r.masterKeyId
                            + ", which is not configured"));
    byte[] raw = mk.open(r.wrappedKey, aad(ownerOrg, datasetId, r.keyId));
    try {
      DatasetKey key = DatasetKey.fromBytes(raw, KeyAccess.rawKeyMaterial());
      if (!key.keyId().equals(r.keyId)) {
        key.close();
        throw new IllegalStateException("a key record's key id does not match its key");
      }
      return Optional.of(key);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Re-seals every record not sealed under the current master key (the second step of a rotation).
   *
   * @return how many records were re-sealed
   */
  @Transactional
  public int resealAll() {
    int n = 0;
    String current = ring.current().id();
    for (DatasetKeyRecord r :
        DatasetKeyRecord.<DatasetKeyRecord>list("masterKeyId <> ?1", current)) {
      byte[] aad = aad(r.id.ownerOrg, r.id.datasetId, r.keyId);
      MasterKey old =
          ring.byId(r.masterKeyId)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "master key " + r.masterKeyId + " is not configured; cannot re-seal"));
      byte[] raw = old.open(r.wrappedKey, aad);
      try {
        r.wrappedKey = ring.current().seal(raw, aad);
        r.masterKeyId = current;
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
      n++;
    }
    return n;
  }

  /** How many records each master key id seals. */
  @Transactional
  public java.util.Map<String, Long> countByMasterKey() {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (DatasetKeyRecord r : DatasetKeyRecord.<DatasetKeyRecord>listAll()) {
      out.merge(r.masterKeyId, 1L, Long::sum);
    }
    return out;
  }

  /** The associated data of a record: its owner, dataset and key id. */
  public static byte[] aad(String ownerOrg, String datasetId, String keyId) {
    byte[] body = (ownerOrg + "\0" + datasetId + "\0" + keyId).getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(AAD_LABEL, AAD_LABEL.length + body.length);
    System.arraycopy(body, 0, out, AAD_LABEL.length, body.length);
    return out;
  }

  private static Deposit metadata(DatasetKeyRecord r) {
    return new Deposit(r.id.ownerOrg, r.id.datasetId, r.keyId, r.depositedAt);
  }
}
