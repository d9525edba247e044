package io.cleanroom.attestation.evidence;

/**
 * A JSON document as Intel PCS signs it: the exact bytes of the signed object and the raw ECDSA
 * P-256 signature (r || s, 64 bytes) over them.
 *
 * @param body the exact signed bytes (never re-serialized)
 * @param signature raw r || s
 */
public record SignedJson(byte[] body, byte[] signature) {

  public SignedJson {
    body = body.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
