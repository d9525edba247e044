package io.cleanroom.crypto;

/**
 * A token that must be passed to every method that exposes raw key bytes, so that each such place
 * is explicit and easy to find with {@code grep KeyAccess.rawKeyMaterial}.
 *
 * <p><b>Security:</b> code that obtains a token takes responsibility for never logging, persisting
 * in plaintext, or sending the bytes anywhere but to their intended recipient (a key file with
 * owner-only permissions, a key broker over TLS, an HPKE-sealed release).
 */
public final class KeyAccess {

  private static final KeyAccess INSTANCE = new KeyAccess();

  private KeyAccess() {}

  /** The token; its call sites are the complete list of places that handle raw key bytes. */
  public static KeyAccess rawKeyMaterial() {
    return INSTANCE;
  }
}
