/**
 * Key wrapping for key release: the key broker seals each dataset key with HPKE (RFC 9180) to an
 * attested enclave's X25519 public key. See {@code docs/format.md}, "Key wrapping (HPKE)".
 */
package io.cleanroom.crypto.hpke;
