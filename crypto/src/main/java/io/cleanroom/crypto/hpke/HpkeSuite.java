package io.cleanroom.crypto.hpke;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import java.security.GeneralSecurityException;

/**
 * The one HPKE suite of key release: base mode, DHKEM(X25519, HKDF-SHA256) (0x0020), HKDF-SHA256
 * (0x0001), AES-256-GCM (0x0002), without Tink's key-id output prefix.
 */
final class HpkeSuite {

  /** X25519 public and private keys, and the encapsulated key, are 32 bytes. */
  static final int X25519_KEY_BYTES = 32;

  static final HpkeParameters PARAMETERS = build();

  private HpkeSuite() {}

  private static HpkeParameters build() {
    try {
      return HpkeParameters.builder()
          .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
          .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
          .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
          .setVariant(HpkeParameters.Variant.NO_PREFIX)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink supports this HPKE suite", e);
    }
  }

  /** A Tink public key for 32 raw bytes; the caller has checked the length. */
  static HpkePublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    return HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(raw), null);
  }

  /** A Tink private key; Tink checks that the public key is the private key's. */
  static HpkePrivateKey privateKey(HpkePublicKey publicKey, byte[] rawPrivate)
      throws GeneralSecurityException {
    return HpkePrivateKey.create(
        publicKey, SecretBytes.copyFrom(rawPrivate, InsecureSecretKeyAccess.get()));
  }
}
