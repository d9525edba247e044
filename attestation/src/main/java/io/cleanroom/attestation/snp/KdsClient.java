package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.AttestationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Fetches VCEKs and ASK/ARK chains from AMD's Key Distribution Service. Used only when the network
 * is explicitly allowed; tests never need it.
 *
 * <p><b>Security:</b> KDS is not trusted: whatever it returns goes through the same chain check to
 * the pinned ARKs as certificates from the evidence.
 */
public final class KdsClient {

  private static final String BASE = "https://kdsintf.amd.com";
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** The KDS URL of the VCEK for a chip and TCB. */
  public static String vcekUrl(SnpProduct product, byte[] chipId, SnpTcb tcb) {
    byte[] id = product.turinLayout() ? java.util.Arrays.copyOf(chipId, 8) : chipId;
    StringBuilder url =
        new StringBuilder(BASE)
            .append("/vcek/v1/")
            .append(product.kdsName())
            .append('/')
            .append(HexFormat.of().formatHex(id))
            .append('?');
    if (product.turinLayout()) {
      url.append("fmcSPL=").append(tcb.fmc()).append('&');
    }
    url.append("blSPL=").append(tcb.bootloader());
    url.append("&teeSPL=").append(tcb.tee());
    url.append("&snpSPL=").append(tcb.snp());
    url.append("&ucodeSPL=").append(tcb.microcode());
    return url.toString();
  }

  /** The KDS URL of the ASK (or ASVK) and ARK chain, PEM. */
  public static String chainUrl(SnpProduct product, boolean vlek) {
    return BASE + (vlek ? "/vlek/v1/" : "/vcek/v1/") + product.kdsName() + "/cert_chain";
  }

  /** GETs a URL and returns the body; any failure is a {@code MISSING_CERTIFICATE}. */
  public byte[] get(String url) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new AttestationException(
            AttestationException.Code.MISSING_CERTIFICATE,
            "AMD KDS answered " + r.statusCode() + " for " + url);
      }
      return r.body();
    } catch (IOException e) {
      throw new AttestationException(
          AttestationException.Code.MISSING_CERTIFICATE, "AMD KDS unreachable: " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AttestationException(
          AttestationException.Code.MISSING_CERTIFICATE, "interrupted fetching " + url, e);
    }
  }
}
