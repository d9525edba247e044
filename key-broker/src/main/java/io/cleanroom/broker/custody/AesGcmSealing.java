package io.cleanroom.broker.custody;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The at-rest format shared by the master key backends: {@code 0x01 || iv (12) || ciphertext || tag
 * (16)}, AES-256-GCM.
 */
final class AesGcmSealing {

  static final byte VERSION = 1;
  static final int IV_BYTES = 12;
  static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private AesGcmSealing() {}

  static byte[] seal(Key key, Provider provider, byte[] plaintext, byte[] aad) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher c = cipher(provider);
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad);
      byte[] ct = c.doFinal(plaintext);
      return ByteBuffer.allocate(1 + IV_BYTES + ct.length).put(VERSION).put(iv).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal with the master key: " + e.getClass().getName());
    }
  }

  static byte[] open(Key key, Provider provider, byte[] sealed, byte[] aad) {
    if (sealed.length < 1 + IV_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new IllegalStateException("a sealed key record is malformed");
    }
    try {
      Cipher c = cipher(provider);
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
      c.updateAAD(aad);
      return c.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
    } catch (GeneralSecurityException e) {
      // Deliberately vague: a wrong master key, a moved record and tampering look the same.
      throw new IllegalStateException("a sealed key record does not open with the master key");
    }
  }

  private static Cipher cipher(Provider provider) throws GeneralSecurityException {
    return provider == null
        ? Cipher.getInstance("AES/GCM/NoPadding")
        : Cipher.getInstance("AES/GCM/NoPadding", provider);
  }
}
