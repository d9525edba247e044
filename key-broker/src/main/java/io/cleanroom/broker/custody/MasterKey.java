package io.cleanroom.broker.custody;

/**
 * A key-encryption key that seals dataset keys at rest (in the broker's database). Implementations:
 * {@link FileMasterKey} (the embedded default) and {@link Pkcs11MasterKey} (an HSM through
 * PKCS#11).
 *
 * <p><b>Security:</b> implementations never expose the master key itself; a PKCS#11 key never
 * leaves the token. Seal and open use AES-256-GCM with a fresh 96-bit IV and the record's identity
 * as associated data, so a sealed key copied to another record (owner, dataset, key id) fails to
 * open.
 */
public interface MasterKey {

  /** A public name of this key, stored beside every record it sealed (for rotation). */
  String id();

  /** Seals {@code plaintext} (a DEK) bound to {@code associatedData}. */
  byte[] seal(byte[] plaintext, byte[] associatedData);

  /** Opens what {@link #seal} returned; throws {@link IllegalStateException} if it fails. */
  byte[] open(byte[] sealed, byte[] associatedData);
}
