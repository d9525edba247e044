package io.cleanroom.attestation.tdx;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.evidence.TcbStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Intel PCS identity of the TD quoting enclave (id {@code TD_QE}): who signs it, its expected
 * attributes, and its TCB levels by ISVSVN.
 *
 * @param issueDate when Intel issued it
 * @param nextUpdate after which it must not be used
 * @param miscSelect expected MISCSELECT
 * @param miscSelectMask MISCSELECT mask
 * @param attributes expected ATTRIBUTES
 * @param attributesMask ATTRIBUTES mask
 * @param mrSigner the QE's MRSIGNER (lower-case hex)
 * @param isvProdId the QE's product id
 * @param levels TCB levels, highest first
 */
public record QeIdentity(
    Instant issueDate,
    Instant nextUpdate,
    long miscSelect,
    long miscSelectMask,
    byte[] attributes,
    byte[] attributesMask,
    String mrSigner,
    int isvProdId,
    List<TcbInfo.ModuleLevel> levels) {

  /** Parses the signed {@code enclaveIdentity} object. */
  public static QeIdentity parse(byte[] body) {
    JsonNode n = Json.parse(body);
    if (!"TD_QE".equals(Json.text(n, "id"))) {
      throw CollateralJson.bad("QE identity is not for the TD quoting enclave (TD_QE)");
    }
    List<TcbInfo.ModuleLevel> levels = new ArrayList<>();
    for (JsonNode l : Json.array(n, "tcbLevels")) {
      levels.add(
          new TcbInfo.ModuleLevel(
              Json.integer(Json.node(l, "tcb"), "isvsvn"),
              TcbStatus.fromLabel(Json.text(l, "tcbStatus"))));
    }
    return new QeIdentity(
        Json.instant(n, "issueDate"),
        Json.instant(n, "nextUpdate"),
        u32(Json.hex(n, "miscselect")),
        u32(Json.hex(n, "miscselectMask")),
        Json.hex(n, "attributes"),
        Json.hex(n, "attributesMask"),
        Json.text(n, "mrsigner").toLowerCase(java.util.Locale.ROOT),
        Json.integer(n, "isvprodid"),
        levels);
  }

  private static long u32(byte[] b) {
    if (b.length != 4) {
      throw CollateralJson.bad("miscselect is not 4 bytes");
    }
    return java.nio.ByteBuffer.wrap(b).getInt() & 0xffffffffL;
  }
}
