package io.cleanroom.attestation.tdx;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.evidence.SignedJson;
import io.cleanroom.attestation.evidence.TdxCollateral;
import io.cleanroom.attestation.verify.Certs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * Reads TDX collateral from files as Intel PCS serves them, recognizing each by content: TCB info
 * and QE identity responses ({@code {"tcbInfo": {...}, "signature": "..."}}), the one-object JSON
 * of {@link CollateralJson}, PEM issuer chains (TCB signing or PCK CA), and CRLs (DER or PEM).
 * Other files in a directory (quotes, notes) are skipped.
 */
public final class CollateralFiles {

  private static final JsonFactory JSON = new JsonFactory();
  private static final long MAX_FILE = 1 << 20;

  private CollateralFiles() {}

  /** Loads every recognizable file of the given files and directories. */
  public static TdxCollateral load(List<Path> paths) {
    TdxCollateral.Builder b = TdxCollateral.builder();
    TdxCollateral merged = TdxCollateral.empty();
    for (Path p : paths) {
      for (Path f : files(p)) {
        try {
          merged = add(b, Files.readAllBytes(f)).orElse(merged);
        } catch (IOException e) {
          throw new AttestationException(AttestationException.Code.IO, "cannot read " + f, e);
        }
      }
    }
    return b.build().orElse(merged);
  }

  private static List<Path> files(Path p) {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.filter(Files::isRegularFile).filter(f -> size(f) <= MAX_FILE).sorted().toList();
    } catch (IOException e) {
      throw new AttestationException(AttestationException.Code.IO, "cannot list " + p, e);
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Adds one file's content; returns collateral read from a one-object JSON file, if it was one.
   */
  static java.util.Optional<TdxCollateral> add(TdxCollateral.Builder b, byte[] data) {
    String text = new String(data, StandardCharsets.ISO_8859_1).strip();
    if (text.startsWith("{")) {
      if (text.contains("\"tcbInfo\"")) {
        b.tcbInfo(signed(data, "tcbInfo"));
      } else if (text.contains("\"enclaveIdentity\"") || text.contains("\"qeIdentity\"")) {
        b.qeIdentity(
            signed(data, text.contains("\"enclaveIdentity\"") ? "enclaveIdentity" : "qeIdentity"));
      } else if (text.contains("\"tcb_info\"") || text.contains("\"pck_crl\"")) {
        return java.util.Optional.of(CollateralJson.fromJson(Json.parse(data)));
      }
      return java.util.Optional.empty();
    }
    if (text.contains("-----BEGIN X509 CRL-----")) {
      Certs.pemBlocks(text, "X509 CRL").forEach(crl -> addCrl(b, crl));
    } else if (text.contains("-----BEGIN CERTIFICATE-----")) {
      addChain(b, Certs.pemBlocks(text, "CERTIFICATE"));
    } else if (data.length > 0 && data[0] == 0x30) {
      try {
        addCrl(b, data);
      } catch (AttestationException notACrl) {
        try {
          addChain(b, Certs.splitCertificates(data));
        } catch (AttestationException notACertificate) {
          // Neither CRL nor certificate: not collateral.
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static void addChain(TdxCollateral.Builder b, List<byte[]> chain) {
    if (chain.isEmpty()) {
      return;
    }
    String cn = Certs.parse(chain.get(0)).subjectCn();
    if (cn.contains("TCB Signing")) {
      b.tcbSigningChain(chain);
    } else if (cn.contains("PCK Platform CA") || cn.contains("PCK Processor CA")) {
      b.pckCrlIssuerChain(chain);
    }
  }

  private static void addCrl(TdxCollateral.Builder b, byte[] der) {
    X509CRLHolder crl;
    try {
      crl = new X509CRLHolder(der);
    } catch (IOException | RuntimeException e) {
      throw CollateralJson.bad("not a CRL");
    }
    String issuer = Certs.cn(crl.getIssuer());
    if (issuer.contains("Root CA")) {
      b.rootCrl(der);
    } else {
      b.pckCrl(der);
    }
  }

  /**
   * Extracts the exact bytes of the named top-level object and the hex {@code signature} field of a
   * PCS response: Intel signs the object's bytes as served, so they are never re-serialized.
   */
  static SignedJson signed(byte[] data, String field) {
    try (JsonParser p = JSON.createParser(data)) {
      byte[] body = null;
      String signature = null;
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw CollateralJson.bad("PCS response is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals(field) && t == JsonToken.START_OBJECT) {
          int start = (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          int end = (int) p.currentLocation().getByteOffset();
          body = Arrays.copyOfRange(data, start, end);
        } else if (name.equals("signature") && t == JsonToken.VALUE_STRING) {
          signature = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (body == null || signature == null) {
        throw CollateralJson.bad("PCS response lacks '" + field + "' or 'signature'");
      }
      return new SignedJson(
          body, HexFormat.of().parseHex(signature.toLowerCase(java.util.Locale.ROOT)));
    } catch (IOException | IllegalArgumentException e) {
      throw CollateralJson.bad("malformed PCS response: " + e.getMessage());
    }
  }
}
