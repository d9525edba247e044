package io.cleanroom.query.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.query.QueryException;
import io.cleanroom.query.schema.ArrowTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Parses and validates contract JSON into a {@link Contract}.
 *
 * <p><b>Security:</b> parsing is strict: duplicate or unknown members, unknown roles or functions,
 * columns missing from the schema and inconsistent rules are all refused with a message naming the
 * offending path, so that what owners approve is exactly what the engine enforces. The contract id
 * is the SHA-256 of the input's canonical JSON.
 */
public final class ContractParser {

  /** Names of datasets, columns and members: lower-case SQL identifiers. */
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private ContractParser() {}

  /** Reads and parses a contract file. */
  public static Contract read(Path file) {
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new QueryException(QueryException.Code.IO, "cannot read contract " + file, e);
    }
  }

  /** Parses contract JSON text. */
  public static Contract parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses contract JSON bytes. */
  public static Contract parse(byte[] json) {
    JsonNode root;
    byte[] canonical;
    try {
      root = CanonicalJson.parse(json);
      canonical = CanonicalJson.toBytes(root);
    } catch (CryptoException e) {
      throw new QueryException(QueryException.Code.INVALID_CONTRACT, e.getMessage(), e);
    }
    String id = Digests.hex(Digests.sha256(canonical));
    JsonReader r = new JsonReader(root, "contract");
    int version = r.integer("version", 1);
    if (version != 1) {
      throw JsonReader.error("contract.version", "unsupported version " + version);
    }
    String collaborationId = r.string("collaborationId");
    List<Member> members = members(r);
    Set<String> owners = new HashSet<>();
    members.stream()
        .filter(m -> m.roles().contains(Member.Role.DATA_OWNER))
        .forEach(m -> owners.add(m.org()));
    List<DatasetSpec> datasets = datasets(r, owners);
    List<EnclaveReference> enclaves = enclaves(r);
    List<String> recipients = r.strings("resultRecipients");
    Set<String> orgs = new HashSet<>();
    members.forEach(m -> orgs.add(m.org()));
    for (String recipient : recipients) {
      if (!orgs.contains(recipient)) {
        throw JsonReader.error("contract.resultRecipients", "'" + recipient + "' is no member");
      }
    }
    r.finish();
    checkBudgetsAgree(datasets);
    return new Contract(id, version, collaborationId, members, datasets, enclaves, recipients);
  }

  private static List<Member> members(JsonReader r) {
    List<Member> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<JsonNode> items = r.array("members");
    for (int i = 0; i < items.size(); i++) {
      JsonReader m = new JsonReader(items.get(i), "contract.members[" + i + "]");
      String org = m.string("org");
      if (!seen.add(org)) {
        throw JsonReader.error(m.path(), "duplicate member '" + org + "'");
      }
      Set<Member.Role> roles = EnumSet.noneOf(Member.Role.class);
      for (String role : m.strings("roles")) {
        roles.add(parseEnum(() -> Member.Role.fromJson(role), m.path() + ".roles"));
      }
      if (roles.isEmpty()) {
        throw JsonReader.error(m.path() + ".roles", "must name at least one role");
      }
      m.finish();
      out.add(new Member(org, roles));
    }
    if (out.isEmpty()) {
      throw JsonReader.error("contract.members", "must list at least one member");
    }
    return out;
  }

  private static List<DatasetSpec> datasets(JsonReader r, Set<String> owners) {
    List<DatasetSpec> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<JsonNode> items = r.array("datasets");
    for (int i = 0; i < items.size(); i++) {
      JsonReader d = new JsonReader(items.get(i), "contract.datasets[" + i + "]");
      String id = d.string("id");
      if (!NAME.matcher(id).matches() || !seen.add(id)) {
        throw JsonReader.error(d.path() + ".id", "'" + id + "' is not a unique lower-case name");
      }
      String owner = d.string("owner");
      if (!owners.contains(owner)) {
        throw JsonReader.error(d.path() + ".owner", "'" + owner + "' is no data-owner member");
      }
      Schema schema = schema(d.required("schema"), d.path() + ".schema");
      var digest = d.optionalString("sealedDigest");
      if (digest.isPresent() && !digest.get().matches("[0-9a-f]{64}")) {
        throw JsonReader.error(d.path() + ".sealedDigest", "must be 64 lower-case hex digits");
      }
      AnalysisRule rule =
          RuleParser.parse(new JsonReader(d.required("analysisRule"), d.path() + ".analysisRule"));
      RuleParser.checkAgainstSchema(rule, schema, d.path() + ".analysisRule");
      d.finish();
      out.add(new DatasetSpec(id, owner, schema, digest, rule));
    }
    if (out.isEmpty()) {
      throw JsonReader.error("contract.datasets", "must list at least one dataset");
    }
    return out;
  }

  private static Schema schema(JsonNode node, String path) {
    Schema schema;
    try {
      schema = Schema.fromJSON(CanonicalJson.mapper().writeValueAsString(node));
    } catch (IOException | RuntimeException e) {
      throw JsonReader.error(path, "not an Arrow schema: " + e.getMessage());
    }
    Set<String> names = new HashSet<>();
    for (Field f : schema.getFields()) {
      if (!NAME.matcher(f.getName()).matches() || !names.add(f.getName())) {
        throw JsonReader.error(path, "field '" + f.getName() + "' is not a unique lower-case name");
      }
      ArrowTypes.check(f)
          .ifPresent(
              msg -> {
                throw JsonReader.error(path + "." + f.getName(), msg);
              });
    }
    if (names.isEmpty()) {
      throw JsonReader.error(path, "has no fields");
    }
    return schema;
  }

  private static List<EnclaveReference> enclaves(JsonReader r) {
    List<EnclaveReference> out = new ArrayList<>();
    List<JsonNode> items = r.array("allowedEnclaves");
    for (int i = 0; i < items.size(); i++) {
      String path = "contract.allowedEnclaves[" + i + "]";
      JsonReader e = new JsonReader(items.get(i), path);
      String tee = e.string("tee");
      Map<String, String> values = new LinkedHashMap<>();
      items
          .get(i)
          .fieldNames()
          .forEachRemaining(
              name -> {
                if (!name.equals("tee")) {
                  values.put(name, e.string(name));
                }
              });
      e.finish();
      out.add(new EnclaveReference(tee, values));
    }
    return out;
  }

  /** One owner has one budget per contract: all its DP datasets must state the same total. */
  private static void checkBudgetsAgree(List<DatasetSpec> datasets) {
    Map<String, Double> totals = new LinkedHashMap<>();
    for (DatasetSpec d : datasets) {
      d.rule()
          .differentialPrivacy()
          .ifPresent(
              dp -> {
                Double before = totals.putIfAbsent(d.owner(), dp.totalEpsilon());
                if (before != null && before != dp.totalEpsilon()) {
                  throw JsonReader.error(
                      "contract.datasets",
                      "owner '" + d.owner() + "' states different totalEpsilon values");
                }
              });
    }
  }

  static <T> T parseEnum(java.util.function.Supplier<T> parse, String path) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw JsonReader.error(path, e.getMessage());
    }
  }
}
