package io.cleanroom.crypto.hpke;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent RFC 9180 recipient (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-GCM)
 * written from the RFC with nothing but the JDK, so that tests check Tink's output against the
 * specification rather than against Tink.
 */
final class Rfc9180Recipient {

  private static final int KEM_X25519 = 0x0020;
  private static final int KDF_HKDF_SHA256 = 0x0001;

  private Rfc9180Recipient() {}

  /** Single-shot open (sequence number 0); {@code aeadId} 1 = AES-128-GCM, 2 = AES-256-GCM. */
  static byte[] open(byte[] skR, byte[] enc, byte[] info, byte[] aad, byte[] ct, int aeadId)
      throws GeneralSecurityException {
    byte[] pkR = publicKey(skR);
    byte[] dh = x25519(skR, enc);
    byte[] kemSuite = concat(ascii("KEM"), i2osp(KEM_X25519, 2));
    byte[] eaePrk = labeledExtract(kemSuite, new byte[0], "eae_prk", dh);
    byte[] sharedSecret = labeledExpand(kemSuite, eaePrk, "shared_secret", concat(enc, pkR), 32);

    byte[] suite =
        concat(ascii("HPKE"), i2osp(KEM_X25519, 2), i2osp(KDF_HKDF_SHA256, 2), i2osp(aeadId, 2));
    byte[] pskIdHash = labeledExtract(suite, new byte[0], "psk_id_hash", new byte[0]);
    byte[] infoHash = labeledExtract(suite, new byte[0], "info_hash", info);
    byte[] context = concat(new byte[] {0}, pskIdHash, infoHash);
    byte[] secret = labeledExtract(suite, sharedSecret, "secret", new byte[0]);
    int nk = aeadId == 1 ? 16 : 32;
    byte[] key = labeledExpand(suite, secret, "key", context, nk);
    byte[] nonce = labeledExpand(suite, secret, "base_nonce", context, 12);

    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    gcm.updateAAD(aad);
    return gcm.doFinal(ct);
  }

  /** The X25519 public key of a private key, via the JDK's XDH. */
  static byte[] publicKey(byte[] sk) throws GeneralSecurityException {
    // pk = X25519(sk, 9): the base point's u-coordinate is 9.
    byte[] basePoint = new byte[32];
    basePoint[0] = 9;
    return x25519(sk, basePoint);
  }

  private static byte[] x25519(byte[] sk, byte[] pk) throws GeneralSecurityException {
    KeyFactory kf = KeyFactory.getInstance("XDH");
    PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, sk));
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = pk[31 - i];
    }
    PublicKey pub =
        kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
    KeyAgreement ka = KeyAgreement.getInstance("XDH");
    ka.init(priv);
    ka.doPhase(pub, true);
    return ka.generateSecret();
  }

  private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm)
      throws GeneralSecurityException {
    Mac hmac = Mac.getInstance("HmacSHA256");
    // HMAC pads a short key with zeros, so an empty salt is 32 zero bytes (RFC 5869 2.2).
    hmac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
    return hmac.doFinal(concat(ascii("HPKE-v1"), suite, ascii(label), ikm));
  }

  private static byte[] labeledExpand(
      byte[] suite, byte[] prk, String label, byte[] info, int length)
      throws GeneralSecurityException {
    Mac hmac = Mac.getInstance("HmacSHA256");
    hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
    byte[] labeledInfo = concat(i2osp(length, 2), ascii("HPKE-v1"), suite, ascii(label), info);
    // length <= 32: one HKDF-Expand block T(1) = HMAC(prk, info || 0x01).
    byte[] t1 = hmac.doFinal(concat(labeledInfo, new byte[] {1}));
    return java.util.Arrays.copyOf(t1, length);
  }

  private static byte[] i2osp(int value, int length) {
    byte[] out = new byte[length];
    for (int i = length - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
