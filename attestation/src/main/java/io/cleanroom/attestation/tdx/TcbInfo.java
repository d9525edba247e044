package io.cleanroom.attestation.tdx;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.attestation.evidence.TcbStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intel PCS TCB info for TDX (id {@code TDX}, version 3): the TCB levels of one FMSPC, newest
 * first, and the TDX module identities.
 *
 * @param issueDate when Intel issued it
 * @param nextUpdate after which it must not be used
 * @param fmspc the platform family it is for (lower-case hex)
 * @param pceId the PCE id (lower-case hex)
 * @param tdxModule the TDX module identity for TEE_TCB_SVN[1] == 0
 * @param moduleIdentities module identities by id ({@code TDX_01}, {@code TDX_03}...)
 * @param levels TCB levels in Intel's order (highest first)
 */
public record TcbInfo(
    Instant issueDate,
    Instant nextUpdate,
    String fmspc,
    String pceId,
    Optional<ModuleIdentity> tdxModule,
    List<ModuleIdentity> moduleIdentities,
    List<Level> levels) {

  /** One TCB level. */
  public record Level(
      int[] sgx, int pceSvn, int[] tdx, TcbStatus status, List<String> advisories) {}

  /** A TDX module identity and its TCB levels (by TEE_TCB_SVN[0]). */
  public record ModuleIdentity(
      String id,
      byte[] mrSigner,
      byte[] attributes,
      byte[] attributesMask,
      List<ModuleLevel> levels) {}

  /** One module TCB level. */
  public record ModuleLevel(int isvSvn, TcbStatus status) {}

  /** Parses the signed {@code tcbInfo} object. */
  public static TcbInfo parse(byte[] body) {
    JsonNode n = Json.parse(body);
    if (!"TDX".equals(Json.text(n, "id")) || Json.integer(n, "version") != 3) {
      throw CollateralJson.bad("TCB info is not TDX version 3");
    }
    List<Level> levels = new ArrayList<>();
    for (JsonNode l : Json.array(n, "tcbLevels")) {
      JsonNode tcb = Json.node(l, "tcb");
      List<String> advisories = new ArrayList<>();
      if (l.has("advisoryIDs")) {
        Json.array(l, "advisoryIDs").forEach(a -> advisories.add(a.asText()));
      }
      levels.add(
          new Level(
              Json.svns(tcb, "sgxtcbcomponents"),
              Json.integer(tcb, "pcesvn"),
              Json.svns(tcb, "tdxtcbcomponents"),
              TcbStatus.fromLabel(Json.text(l, "tcbStatus")),
              advisories));
    }
    List<ModuleIdentity> modules = new ArrayList<>();
    if (n.has("tdxModuleIdentities")) {
      for (JsonNode m : Json.array(n, "tdxModuleIdentities")) {
        modules.add(module(m, Json.text(m, "id")));
      }
    }
    return new TcbInfo(
        Json.instant(n, "issueDate"),
        Json.instant(n, "nextUpdate"),
        Json.text(n, "fmspc").toLowerCase(java.util.Locale.ROOT),
        Json.text(n, "pceId").toLowerCase(java.util.Locale.ROOT),
        n.has("tdxModule")
            ? Optional.of(module(n.get("tdxModule"), "tdxModule"))
            : Optional.empty(),
        modules,
        levels);
  }

  private static ModuleIdentity module(JsonNode m, String id) {
    List<ModuleLevel> levels = new ArrayList<>();
    if (m.has("tcbLevels")) {
      for (JsonNode l : Json.array(m, "tcbLevels")) {
        levels.add(
            new ModuleLevel(
                Json.integer(Json.node(l, "tcb"), "isvsvn"),
                TcbStatus.fromLabel(Json.text(l, "tcbStatus"))));
      }
    }
    return new ModuleIdentity(
        id,
        Json.hex(m, "mrsigner"),
        Json.hex(m, "attributes"),
        Json.hex(m, "attributesMask"),
        levels);
  }
}
