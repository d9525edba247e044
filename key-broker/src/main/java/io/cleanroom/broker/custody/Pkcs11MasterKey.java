package io.cleanroom.broker.custody;

import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * A master key that lives in a PKCS#11 token (an HSM; SoftHSM2 in tests) and never leaves it: the
 * JDK's SunPKCS11 provider asks the token to run AES-256-GCM.
 *
 * <p><b>Security:</b> the key is generated in the token as a sensitive, non-extractable token
 * object. The PIN comes from configuration (set it from the environment).
 */
public final class Pkcs11MasterKey implements MasterKey {

  private final Provider provider;
  private final Key key;
  private final String id;

  private Pkcs11MasterKey(Provider provider, Key key, String label) {
    this.provider = provider;
    this.key = key;
    this.id = "pkcs11:" + label;
  }

  /**
   * Opens the token and finds the key by label, generating it when {@code createIfMissing}.
   *
   * @param library the PKCS#11 module
   * @param slotListIndex the token's index in the slot list
   * @param pin the user PIN
   */
  public static Pkcs11MasterKey open(
      Path library, int slotListIndex, char[] pin, String label, boolean createIfMissing) {
    Provider provider = provider(library, slotListIndex);
    try {
      KeyStore store = KeyStore.getInstance("PKCS11", provider);
      store.load(null, pin);
      Key key = store.getKey(label, null);
      if (key == null) {
        if (!createIfMissing) {
          throw new IllegalStateException(
              "no key labelled '" + label + "' in the PKCS#11 token (set create-if-missing)");
        }
        KeyGenerator gen = KeyGenerator.getInstance("AES", provider);
        gen.init(256);
        SecretKey generated = gen.generateKey();
        store.setEntry(label, new KeyStore.SecretKeyEntry(generated), null);
        key = store.getKey(label, null);
      }
      return new Pkcs11MasterKey(provider, key, label);
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot use the PKCS#11 token at " + library + ": " + e.getMessage(), e);
    }
  }

  /** One SunPKCS11 provider per module and slot, registered once per JVM. */
  static synchronized Provider provider(Path library, int slotListIndex) {
    String name = "SunPKCS11-cleanroom-" + Integer.toHexString(library.toString().hashCode());
    name += "-" + slotListIndex;
    Provider existing = Security.getProvider(name);
    if (existing != null) {
      return existing;
    }
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new IllegalStateException("this JDK has no SunPKCS11 provider");
    }
    String config =
        "--name = cleanroom-"
            + Integer.toHexString(library.toString().hashCode())
            + "-"
            + slotListIndex
            + "\nlibrary = "
            + library
            + "\nslotListIndex = "
            + slotListIndex
            + "\nattributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
            + "  CKA_TOKEN = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n";
    Provider p = base.configure(config);
    Security.addProvider(p);
    return p;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] seal(byte[] plaintext, byte[] associatedData) {
    return AesGcmSealing.seal(key, provider, plaintext, associatedData);
  }

  @Override
  public byte[] open(byte[] sealed, byte[] associatedData) {
    return AesGcmSealing.open(key, provider, sealed, associatedData);
  }

  @Override
  public String toString() {
    return "Pkcs11MasterKey[" + id + "]";
  }
}
