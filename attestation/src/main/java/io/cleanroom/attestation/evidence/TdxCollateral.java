package io.cleanroom.attestation.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intel DCAP collateral for a TDX quote, as Intel PCS serves it: TCB info and QE identity (signed
 * JSON), the TCB signing chain, the PCK CRL with its issuer chain, and the root CA CRL.
 *
 * <p>Every part is optional: a verifier evaluates what it has and says what it lacked.
 *
 * @param tcbInfo the signed {@code tcbInfo} object
 * @param qeIdentity the signed {@code enclaveIdentity} object for the TD quoting enclave
 * @param tcbSigningChain DER certificates: TCB signing certificate first, then its issuers
 * @param pckCrlIssuerChain DER certificates that issued the PCK CRL
 * @param pckCrl the PCK CA's CRL (DER)
 * @param rootCrl the Intel SGX Root CA's CRL (DER)
 */
public record TdxCollateral(
    Optional<SignedJson> tcbInfo,
    Optional<SignedJson> qeIdentity,
    List<byte[]> tcbSigningChain,
    List<byte[]> pckCrlIssuerChain,
    Optional<byte[]> pckCrl,
    Optional<byte[]> rootCrl) {

  public TdxCollateral {
    tcbSigningChain = tcbSigningChain.stream().map(byte[]::clone).toList();
    pckCrlIssuerChain = pckCrlIssuerChain.stream().map(byte[]::clone).toList();
    pckCrl = pckCrl.map(byte[]::clone);
    rootCrl = rootCrl.map(byte[]::clone);
  }

  /** No collateral at all. */
  public static TdxCollateral empty() {
    return new TdxCollateral(
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  /** True when nothing is present. */
  public boolean isEmpty() {
    return tcbInfo.isEmpty()
        && qeIdentity.isEmpty()
        && tcbSigningChain.isEmpty()
        && pckCrlIssuerChain.isEmpty()
        && pckCrl.isEmpty()
        && rootCrl.isEmpty();
  }

  /** This collateral with each missing part taken from {@code other}. */
  public TdxCollateral orElse(TdxCollateral other) {
    return new TdxCollateral(
        tcbInfo.or(other::tcbInfo),
        qeIdentity.or(other::qeIdentity),
        tcbSigningChain.isEmpty() ? other.tcbSigningChain : tcbSigningChain,
        pckCrlIssuerChain.isEmpty() ? other.pckCrlIssuerChain : pckCrlIssuerChain,
        pckCrl.or(other::pckCrl),
        rootCrl.or(other::rootCrl));
  }

  /** A builder, for loaders that find the parts one by one. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects collateral parts; later parts of the same kind replace earlier ones. */
  public static final class Builder {
    private SignedJson tcbInfo;
    private SignedJson qeIdentity;
    private List<byte[]> tcbSigningChain = new ArrayList<>();
    private List<byte[]> pckCrlIssuerChain = new ArrayList<>();
    private byte[] pckCrl;
    private byte[] rootCrl;

    public Builder tcbInfo(SignedJson v) {
      tcbInfo = v;
      return this;
    }

    public Builder qeIdentity(SignedJson v) {
      qeIdentity = v;
      return this;
    }

    public Builder tcbSigningChain(List<byte[]> v) {
      tcbSigningChain = new ArrayList<>(v);
      return this;
    }

    public Builder pckCrlIssuerChain(List<byte[]> v) {
      pckCrlIssuerChain = new ArrayList<>(v);
      return this;
    }

    public Builder pckCrl(byte[] v) {
      pckCrl = v;
      return this;
    }

    public Builder rootCrl(byte[] v) {
      rootCrl = v;
      return this;
    }

    public TdxCollateral build() {
      return new TdxCollateral(
          Optional.ofNullable(tcbInfo),
          Optional.ofNullable(qeIdentity),
          tcbSigningChain,
          pckCrlIssuerChain,
          Optional.ofNullable(pckCrl),
          Optional.ofNullable(rootCrl));
    }
  }
}
