package io.cleanroom.broker.log;

import io.cleanroom.broker.custody.MasterKey;
import io.cleanroom.broker.custody.MasterKeyRing;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The broker's log key: the Ed25519 key that signs its log entries ({@code LogEntries.BROKER}).
 * Created on first start, stored in the database sealed under the master key (like a dataset key),
 * opened at start and dropped at shutdown. Its public key is public ({@code GET /v1/log/key}).
 *
 * <p><b>Security:</b> the private key is in plaintext only in this object's {@link
 * ReceiptSigningKey} and, briefly, while it is sealed or opened (those copies are overwritten). The
 * sealed record's associated data names its purpose and the public key, so neither a dataset key's
 * record nor another broker's log key passes for it. Re-sealing under a new master key is part of a
 * rotation ({@link #reseal()}).
 */
@ApplicationScoped
public class BrokerLogKey {

  private static final byte[] AAD_LABEL =
      "cleanroom/broker-log-key/v1\0".getBytes(StandardCharsets.US_ASCII);

  @Inject MasterKeyRing ring;
  @Inject Clock clock;

  private volatile ReceiptSigningKey key;

  void onStart(@Observes StartupEvent event) {
    start();
  }

  void onStop(@Observes ShutdownEvent event) {
    stop();
  }

  /** Opens the stored key, or creates and stores one on first start. */
  public synchronized void start() {
    if (key != null) {
      return;
    }
    try {
      key = QuarkusTransaction.requiringNew().call(this::loadOrCreate);
    } catch (RuntimeException e) {
      // Another broker on the same database stored its key first: open that one (or fail again).
      key = QuarkusTransaction.requiringNew().call(this::loadOrCreate);
    }
  }

  /** Drops the private key; signing fails until {@link #start()}. */
  public synchronized void stop() {
    if (key != null) {
      key.close();
      key = null;
    }
  }

  /** The key that signs entries. */
  public ReceiptSigningKey signingKey() {
    ReceiptSigningKey k = key;
    if (k == null) {
      throw new IllegalStateException("the broker's log key is not open");
    }
    return k;
  }

  /** The public key, unpadded base64url. */
  public String publicKeyBase64Url() {
    return signingKey().publicKeyBase64Url();
  }

  /**
   * Re-seals the stored key under the current master key if another one seals it (the second step
   * of a master key rotation).
   *
   * @return 1 if it was re-sealed, else 0
   */
  @Transactional
  public int reseal() {
    LogKeyRecord r = LogKeyRecord.findById(LogKeyRecord.ID);
    MasterKey current = ring.current();
    if (r == null || r.masterKeyId.equals(current.id())) {
      return 0;
    }
    byte[] seed = sealingKey(r).open(r.sealedPrivateKey, aad(r.publicKey));
    try {
      r.sealedPrivateKey = current.seal(seed, aad(r.publicKey));
      r.masterKeyId = current.id();
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
    return 1;
  }

  /** Which master key seals the stored key (zero or one entry), for the rotation status. */
  @Transactional
  public Map<String, Long> countByMasterKey() {
    Map<String, Long> out = new TreeMap<>();
    LogKeyRecord r = LogKeyRecord.findById(LogKeyRecord.ID);
    if (r != null) {
      out.put(r.masterKeyId, 1L);
    }
    return out;
  }

  private ReceiptSigningKey loadOrCreate() {
    LogKeyRecord r = LogKeyRecord.findById(LogKeyRecord.ID);
    return r == null ? create() : open(r);
  }

  private ReceiptSigningKey create() {
    ReceiptSigningKey created = ReceiptSigningKey.generate();
    byte[] seed = created.toBytes(KeyAccess.rawKeyMaterial());
    try {
      LogKeyRecord r = new LogKeyRecord();
      r.id = LogKeyRecord.ID;
      r.publicKey = created.publicKeyBase64Url();
      r.masterKeyId = ring.current().id();
      r.sealedPrivateKey = ring.current().seal(seed, aad(r.publicKey));
      r.createdAt = clock.instant();
      r.persist();
      return created;
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  private ReceiptSigningKey open(LogKeyRecord r) {
    byte[] seed = sealingKey(r).open(r.sealedPrivateKey, aad(r.publicKey));
    try {
      ReceiptSigningKey opened = ReceiptSigningKey.fromBytes(seed, KeyAccess.rawKeyMaterial());
      if (!opened.publicKeyBase64Url().equals(r.publicKey)) {
        opened.close();
        throw new IllegalStateException("the stored log key does not match its public key");
      }
      return opened;
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  private MasterKey sealingKey(LogKeyRecord r) {
    return ring.byId(r.masterKeyId)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the broker's log key is sealed under master key "
                        + r.masterKeyId
                        + ", which is not configured"));
  }

  /** The associated data of the sealed log key: its purpose and its public key. */
  public static byte[] aad(String publicKey) {
    byte[] body = publicKey.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(AAD_LABEL, AAD_LABEL.length + body.length);
    System.arraycopy(body, 0, out, AAD_LABEL.length, body.length);
    return out;
  }
}
