package io.cleanroom.testing.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.dataset.SealedDatasetWriter;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Small hospital visits and bank accounts datasets for the example contract, sealed with fresh keys
 * (spooled in memory: no plaintext file is ever written), the contract naming their sealed digests,
 * and the expected answer of {@link #APPROVED_SQL} computed here in plain Java from the plaintext
 * rows (the oracle).
 *
 * <p>A random canary string hides in columns the queries never output ({@code zip3}, {@code
 * diagnosis}, {@code region}): it must never show up in logs, responses or files.
 */
public final class HospitalBankData {

  /** The query the owners approve: income bands with visit counts and costs. */
  public static final String APPROVED_SQL =
      "select a.income_band, count(*) as n, sum(v.cost) as total_cost from visits v join accounts"
          + " a on v.person_id = a.person_id group by a.income_band";

  /** A query the contract allows but nobody approved. */
  public static final String UNAPPROVED_SQL =
      "select a.region, avg(a.balance) as avg_balance from accounts a group by a.region";

  private static final int PERSONS = 200;
  private static final int TINY_BAND_PERSONS = 3;
  private static final String[] BANDS = {"high", "low", "mid"};

  /** Expected answer of {@link #APPROVED_SQL}: band to {n, total cost}, after suppression. */
  public final Map<String, Object[]> expected = new TreeMap<>();

  /** Groups the threshold must suppress. */
  public final long expectedSuppressed = 1;

  public final String canary;
  public final Path dir;
  public final Path visits;
  public final Path accounts;
  public final byte[] contract;
  public final Map<String, DatasetKey> keys = new LinkedHashMap<>();

  private HospitalBankData(Path dir) {
    this.dir = dir;
    byte[] r = new byte[12];
    new SecureRandom().nextBytes(r);
    this.canary = "CANARY" + HexFormat.of().formatHex(r);
    this.visits = dir.resolve("visits.sealed");
    this.accounts = dir.resolve("accounts.sealed");
    JsonNode example = CanonicalJson.parse(exampleContract());
    try (BufferAllocator allocator = new RootAllocator()) {
      String vd = seal(example, "visits", visits, allocator, this::fillVisits);
      String ad = seal(example, "accounts", accounts, allocator, this::fillAccounts);
      this.contract = withDigests(vd, ad);
    }
    computeExpected();
  }

  public static HospitalBankData create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HospitalBankData(dir);
  }

  private static String band(int person) {
    return person > PERSONS - TINY_BAND_PERSONS ? "tiny" : BANDS[person % BANDS.length];
  }

  /** Visit {@code i} (3 per person): its person and cost. */
  private static int visitPerson(int i) {
    return i / 3 + 1;
  }

  private static BigDecimal visitCost(int i) {
    return BigDecimal.valueOf(1000 + (i * 7919L) % 50000, 2);
  }

  private void computeExpected() {
    Map<String, Object[]> all = new TreeMap<>();
    for (int i = 0; i < PERSONS * 3; i++) {
      Object[] g =
          all.computeIfAbsent(band(visitPerson(i)), b -> new Object[] {0L, BigDecimal.ZERO});
      g[0] = (Long) g[0] + 1;
      g[1] = ((BigDecimal) g[1]).add(visitCost(i));
    }
    all.remove("tiny"); // 3 persons < the contract's threshold of 10
    expected.putAll(all);
  }

  private void fillVisits(VectorSchemaRoot root) {
    int n = PERSONS * 3;
    BigIntVector person = (BigIntVector) root.getVector("person_id");
    IntVector age = (IntVector) root.getVector("age");
    VarCharVector zip3 = (VarCharVector) root.getVector("zip3");
    VarCharVector diagnosis = (VarCharVector) root.getVector("diagnosis");
    DateDayVector date = (DateDayVector) root.getVector("visit_date");
    DecimalVector cost = (DecimalVector) root.getVector("cost");
    int day0 = (int) LocalDate.of(2025, 1, 1).toEpochDay();
    for (int i = 0; i < n; i++) {
      person.setSafe(i, visitPerson(i));
      age.setSafe(i, 20 + i % 60);
      zip3.setSafe(i, utf8(i % 50 == 0 ? canary : "1" + (i % 90 + 10)));
      diagnosis.setSafe(i, utf8(i % 7 == 0 ? "dx-" + canary : "dx-" + (i % 11)));
      date.setSafe(i, day0 + i % 365);
      cost.setSafe(i, visitCost(i));
    }
    root.setRowCount(n);
  }

  private void fillAccounts(VectorSchemaRoot root) {
    BigIntVector person = (BigIntVector) root.getVector("person_id");
    VarCharVector band = (VarCharVector) root.getVector("income_band");
    VarCharVector region = (VarCharVector) root.getVector("region");
    DecimalVector balance = (DecimalVector) root.getVector("balance");
    for (int p = 1; p <= PERSONS; p++) {
      int i = p - 1;
      person.setSafe(i, p);
      band.setSafe(i, utf8(band(p)));
      region.setSafe(i, utf8(p % 13 == 0 ? canary : "region-" + p % 4));
      balance.setSafe(i, BigDecimal.valueOf(p * 12345L, 2));
    }
    root.setRowCount(PERSONS);
  }

  private interface Filler {
    void fill(VectorSchemaRoot root);
  }

  private String seal(JsonNode c, String id, Path out, BufferAllocator allocator, Filler filler) {
    JsonNode d = null;
    for (JsonNode candidate : c.get("datasets")) {
      if (candidate.get("id").asText().equals(id)) {
        d = candidate;
      }
    }
    Schema schema;
    try {
      schema = Schema.fromJSON(CanonicalJson.mapper().writeValueAsString(d.get("schema")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the example contract's schema of " + id, e);
    }
    DatasetKey key = DatasetKey.generate();
    keys.put(id, key);
    try (SealedDatasetWriter writer =
            SealedDatasetWriter.builder()
                .datasetId(id)
                .ownerOrg(d.get("owner").asText())
                .collaborationId(c.get("collaborationId").asText())
                .schema(schema)
                .key(key)
                .spoolInMemory()
                .build();
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      filler.fill(root);
      writer.write(root);
      writer.finish(out);
    }
    return Digests.hex(Digests.sha256(out));
  }

  private static byte[] withDigests(String visits, String accounts) {
    ObjectNode json = (ObjectNode) CanonicalJson.parse(exampleContract());
    for (var d : json.get("datasets")) {
      String id = d.get("id").asText();
      ((ObjectNode) d).put("sealedDigest", id.equals("visits") ? visits : accounts);
    }
    return json.toPrettyString().getBytes(StandardCharsets.UTF_8);
  }

  /** A DP query on the bank's accounts (only the bank's dataset is read). */
  public static final String DP_SQL =
      "select a.income_band, avg(a.balance) as avg_balance from accounts a group by a.income_band";

  /**
   * This data's contract with differential privacy on the bank's accounts: ε 0.5 per query, 1.0 in
   * total, balances clamped to [0, 1000].
   */
  public byte[] dpContract() {
    ObjectNode json = (ObjectNode) CanonicalJson.parse(contract);
    for (var d : json.get("datasets")) {
      if (d.get("id").asText().equals("accounts")) {
        ObjectNode dp = ((ObjectNode) d.get("analysisRule")).putObject("differentialPrivacy");
        dp.put("epsilonPerQuery", new BigDecimal("0.5"));
        dp.put("totalEpsilon", new BigDecimal("1.0"));
        dp.put("delta", new BigDecimal("0.00001"));
        dp.put("maxGroupsContributed", 1);
        dp.put("maxContributionsPerGroup", 1);
        dp.putObject("bounds").putObject("balance").put("lower", 0).put("upper", 1000);
      }
    }
    return json.toPrettyString().getBytes(StandardCharsets.UTF_8);
  }

  /** examples/hospital-bank/contract.json. */
  public static byte[] exampleContract() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("examples/hospital-bank/contract.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root");
    }
    try {
      return Files.readAllBytes(p.resolve("examples/hospital-bank/contract.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
