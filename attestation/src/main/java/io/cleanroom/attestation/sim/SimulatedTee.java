package io.cleanroom.attestation.sim;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.evidence.SimulatedEvidence;
import io.cleanroom.attestation.snp.SnpProduct;
import io.cleanroom.attestation.snp.SnpTcb;
import io.cleanroom.attestation.verify.Certs;
import io.cleanroom.crypto.json.Digests;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The simulated TEE: a locally generated ARK → ASK → VCEK chain (RSASSA-PSS SHA-384 and ECDSA
 * P-384, as AMD's) that signs SEV-SNP-format reports (version 3, Milan layout). Every subject says
 * {@code SIMULATED ... NOT CONFIDENTIAL}.
 *
 * <p><b>Security:</b> this protects nothing; it exists so that the enclave service and the key
 * broker can run the real protocol in development and CI. Its root is trusted only where it is
 * configured explicitly ({@code TrustConfig.withSimulatedRoot}), and everything it attests is
 * marked {@code simulated}. Its keys are written to disk in clear by {@link #loadOrCreate}.
 */
public final class SimulatedTee {

  public static final String ARK_SUBJECT =
      "CN=SIMULATED ARK-Milan NOT CONFIDENTIAL,O=cleanroom simulated TEE";
  public static final String ASK_SUBJECT =
      "CN=SIMULATED SEV-Milan NOT CONFIDENTIAL,O=cleanroom simulated TEE";
  public static final String VCEK_SUBJECT =
      "CN=SIMULATED SEV-VCEK NOT CONFIDENTIAL,O=cleanroom simulated TEE";

  /** The file under a state directory holding the root certificate (PEM) to configure as trust. */
  public static final String ROOT_FILE = "simulated-ark.pem";

  private static final String AMD = "1.3.6.1.4.1.3704.1.";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyPair ark;
  private final KeyPair ask;
  private final byte[] arkDer;
  private final byte[] askDer;
  private final byte[] chipId;
  private final Map<Long, Vcek> vceks = new ConcurrentHashMap<>();

  private record Vcek(PrivateKey key, byte[] der) {}

  private SimulatedTee(KeyPair ark, KeyPair ask, byte[] arkDer, byte[] askDer) {
    this.ark = ark;
    this.ask = ask;
    this.arkDer = arkDer;
    this.askDer = askDer;
    this.chipId = Digests.sha512(arkDer);
  }

  /** A new simulator with a fresh chain, kept in memory only. */
  public static SimulatedTee generate() {
    KeyPair ark = rsa();
    KeyPair ask = rsa();
    Instant now = Instant.now();
    byte[] arkDer = caCert(ARK_SUBJECT, ARK_SUBJECT, ark.getPublic(), ark.getPrivate(), now);
    byte[] askDer = caCert(ASK_SUBJECT, ARK_SUBJECT, ask.getPublic(), ark.getPrivate(), now);
    return new SimulatedTee(ark, ask, arkDer, askDer);
  }

  /** The simulator whose state is in {@code dir}, creating and saving it on first use. */
  public static SimulatedTee loadOrCreate(Path dir) {
    try {
      Path root = dir.resolve(ROOT_FILE);
      if (Files.exists(root)) {
        byte[] arkDer = Certs.splitCertificates(Files.readAllBytes(root)).get(0);
        byte[] askDer =
            Certs.splitCertificates(Files.readAllBytes(dir.resolve("simulated-ask.pem"))).get(0);
        return new SimulatedTee(
            new KeyPair(Certs.parse(arkDer).publicKey(), readKey(dir.resolve("simulated-ark.key"))),
            new KeyPair(Certs.parse(askDer).publicKey(), readKey(dir.resolve("simulated-ask.key"))),
            arkDer,
            askDer);
      }
      SimulatedTee tee = generate();
      Files.createDirectories(dir);
      writePem(dir.resolve("simulated-ark.key"), "PRIVATE KEY", tee.ark.getPrivate().getEncoded());
      writePem(dir.resolve("simulated-ask.key"), "PRIVATE KEY", tee.ask.getPrivate().getEncoded());
      writePem(dir.resolve("simulated-ask.pem"), "CERTIFICATE", tee.askDer);
      tee.writeRoot(root);
      return tee;
    } catch (IOException e) {
      throw new AttestationException(
          AttestationException.Code.IO, "cannot use simulator state in " + dir, e);
    }
  }

  /** The root certificate (DER): what a verifier must be configured with to trust this TEE. */
  public byte[] rootCertificate() {
    return arkDer.clone();
  }

  /** Writes the root certificate as PEM. */
  public void writeRoot(Path file) {
    try {
      writePem(file, "CERTIFICATE", arkDer);
    } catch (IOException e) {
      throw new AttestationException(AttestationException.Code.IO, "cannot write " + file, e);
    }
  }

  /** The simulated chip id (64 bytes). */
  public byte[] chipId() {
    return chipId.clone();
  }

  /** Produces a signed report with its VCEK, ASK and ARK certificates. */
  public SimulatedEvidence report(SimulatedReportRequest req) {
    SnpTcb tcb =
        SnpTcb.of(SnpProduct.MILAN, 0, req.bootloader(), req.tee(), req.snp(), req.microcode());
    Vcek vcek = vceks.computeIfAbsent(tcb.raw(), raw -> vcek(tcb));
    byte[] report = SimulatedReports.build(req, tcb, chipId);
    SimulatedReports.sign(report, vcek.key());
    return new SimulatedEvidence(report, List.of(vcek.der(), askDer, arkDer));
  }

  private Vcek vcek(SnpTcb tcb) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      KeyPair kp = g.generateKeyPair();
      Instant now = Instant.now();
      X509v3CertificateBuilder b = builder(VCEK_SUBJECT, ASK_SUBJECT, kp.getPublic(), now, 7);
      b.addExtension(new ASN1ObjectIdentifier(AMD + "1"), false, new ASN1Integer(0));
      b.addExtension(new ASN1ObjectIdentifier(AMD + "2"), false, new DERIA5String("Milan-B0"));
      int[] spl = {tcb.bootloader(), tcb.tee(), tcb.snp(), 0, 0, 0, 0, tcb.microcode()};
      for (int i = 0; i < spl.length; i++) {
        b.addExtension(
            new ASN1ObjectIdentifier(AMD + "3." + (i + 1)), false, new ASN1Integer(spl[i]));
      }
      b.addExtension(new ASN1ObjectIdentifier(AMD + "4"), false, chipId);
      return new Vcek(kp.getPrivate(), sign(b, ask.getPrivate()));
    } catch (GeneralSecurityException | IOException e) {
      throw new AttestationException(AttestationException.Code.SIMULATOR, "cannot make a VCEK", e);
    }
  }

  private static byte[] caCert(
      String subject, String issuer, PublicKey key, PrivateKey signer, Instant now) {
    try {
      X509v3CertificateBuilder b = builder(subject, issuer, key, now, 25);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      return sign(b, signer);
    } catch (IOException e) {
      throw new AttestationException(AttestationException.Code.SIMULATOR, "cannot make a CA", e);
    }
  }

  private static X509v3CertificateBuilder builder(
      String subject, String issuer, PublicKey key, Instant now, int years) {
    return new JcaX509v3CertificateBuilder(
        new X500Name(issuer),
        new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofDays(1))),
        Date.from(now.plus(Duration.ofDays(365L * years))),
        new X500Name(subject),
        key);
  }

  private static byte[] sign(X509v3CertificateBuilder b, PrivateKey key) throws IOException {
    try {
      return b.build(
              new JcaContentSignerBuilder("SHA384WITHRSAANDMGF1").setProvider(Certs.BC).build(key))
          .getEncoded();
    } catch (OperatorCreationException e) {
      throw new AttestationException(AttestationException.Code.SIMULATOR, "cannot sign", e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is mandatory in every JDK", e);
    }
  }

  private static PrivateKey readKey(Path file) throws IOException {
    List<byte[]> blocks =
        Certs.pemBlocks(Files.readString(file, StandardCharsets.US_ASCII), "PRIVATE KEY");
    if (blocks.size() != 1) {
      throw new AttestationException(AttestationException.Code.SIMULATOR, "no key in " + file);
    }
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
    } catch (GeneralSecurityException e) {
      throw new AttestationException(AttestationException.Code.SIMULATOR, "bad key " + file, e);
    } finally {
      Arrays.fill(blocks.get(0), (byte) 0);
    }
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    Files.writeString(
        file,
        "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
        StandardCharsets.US_ASCII);
  }
}
