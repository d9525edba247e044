package io.cleanroom.query.privacy.dp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.QueryException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON form of one contract's ledger, in canonical JSON (RFC 8785):
 *
 * <pre>{@code
 * {"charges":[{"epsilon":"1","owners":["hospital"],"queryFingerprint":"ab12..",
 *              "time":"2026-12-05T08:00:00Z"}],
 *  "contractId":"..","format":1,"spent":{"hospital":"1"}}
 * }</pre>
 *
 * Decimals are strings so that they stay exact. {@code spent} is redundant with the charges; a file
 * where they disagree is corrupt.
 */
final class LedgerFile {

  static final int FORMAT = 1;
  private static final Set<String> TOP = Set.of("charges", "contractId", "format", "spent");
  private static final Set<String> CHARGE = Set.of("epsilon", "owners", "queryFingerprint", "time");

  private LedgerFile() {}

  static byte[] encode(BudgetBook book) {
    ObjectNode root = CanonicalJson.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.put("contractId", book.contractId());
    ObjectNode spent = root.putObject("spent");
    new TreeMap<>(book.spentByOwner()).forEach((o, e) -> spent.put(o, e.toPlainString()));
    ArrayNode charges = root.putArray("charges");
    for (LedgerEntry e : book.entries()) {
      ObjectNode c = charges.addObject();
      c.put("epsilon", e.epsilon().toPlainString());
      ArrayNode owners = c.putArray("owners");
      e.owners().forEach(owners::add);
      c.put("queryFingerprint", e.queryFingerprint());
      c.put("time", e.time().toString());
    }
    return CanonicalJson.toBytes(root);
  }

  /**
   * Reads a ledger file.
   *
   * @throws QueryException {@code IO} if the file is not a consistent ledger of this contract
   */
  static BudgetBook decode(String contractId, byte[] bytes) {
    try {
      JsonNode root = CanonicalJson.parse(bytes);
      require(root.isObject() && fieldsAre(root, TOP), "unexpected structure");
      require(root.get("format").isInt() && root.get("format").intValue() == FORMAT, "format");
      require(contractId.equals(text(root.get("contractId"))), "it belongs to another contract");
      BudgetBook book = new BudgetBook(contractId);
      require(root.get("charges").isArray(), "charges");
      for (JsonNode c : root.get("charges")) {
        book.replay(entry(c));
      }
      require(root.get("spent").isObject(), "spent");
      Map<String, BigDecimal> stored = new TreeMap<>();
      root.get("spent").properties().forEach(e -> stored.put(e.getKey(), decimal(e.getValue())));
      Map<String, BigDecimal> replayed = new TreeMap<>(book.spentByOwner());
      require(stored.keySet().equals(replayed.keySet()), "spent owners differ from the charges");
      stored.forEach(
          (o, v) -> require(v.compareTo(replayed.get(o)) == 0, "spent differs from the charges"));
      return book;
    } catch (RuntimeException e) {
      throw corrupt(contractId, e instanceof Malformed ? e.getMessage() : "unreadable content", e);
    }
  }

  private static LedgerEntry entry(JsonNode c) {
    require(c.isObject() && fieldsAre(c, CHARGE), "unexpected charge structure");
    BigDecimal eps = decimal(c.get("epsilon"));
    require(eps.signum() > 0, "a charge is not positive");
    require(c.get("owners").isArray() && !c.get("owners").isEmpty(), "a charge has no owners");
    List<String> owners = new ArrayList<>();
    c.get("owners").forEach(o -> owners.add(text(o)));
    require(Set.copyOf(owners).size() == owners.size(), "a charge repeats an owner");
    String fingerprint = text(c.get("queryFingerprint"));
    Instant time = Instant.parse(text(c.get("time")));
    return new LedgerEntry(fingerprint, owners, eps, time);
  }

  private static boolean fieldsAre(JsonNode node, Set<String> names) {
    List<String> present = new ArrayList<>();
    node.fieldNames().forEachRemaining(present::add);
    return Set.copyOf(present).equals(names);
  }

  private static String text(JsonNode n) {
    require(n != null && n.isTextual() && !n.textValue().isEmpty(), "a text field is missing");
    return n.textValue();
  }

  private static BigDecimal decimal(JsonNode n) {
    return new BigDecimal(text(n));
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new Malformed(what);
    }
  }

  /** A structural problem found while decoding; reported as corruption. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  static QueryException corrupt(String contractId, String why, Throwable cause) {
    return new QueryException(
        QueryException.Code.IO,
        "the privacy budget ledger of contract "
            + contractId
            + " is corrupt ("
            + why
            + "); differentially private queries are refused until it is restored",
        cause);
  }
}
