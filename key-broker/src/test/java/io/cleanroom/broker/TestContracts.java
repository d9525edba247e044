package io.cleanroom.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example contract of the repository (hospital visits, bank accounts, a simulated enclave). */
public final class TestContracts {

  private TestContracts() {}

  /** examples/hospital-bank/contract.json as bytes. */
  public static byte[] hospitalBank() {
    try {
      return Files.readAllBytes(root().resolve("examples/hospital-bank/contract.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The example contract with texts replaced (to make variants): pairs of from, to. */
  public static byte[] hospitalBankWith(String... fromTo) {
    if (fromTo.length % 2 != 0) {
      throw new IllegalArgumentException("replacements come in pairs of from, to");
    }
    String json = new String(hospitalBank(), java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < fromTo.length; i += 2) {
      if (!json.contains(fromTo[i])) {
        throw new IllegalArgumentException("the example contract has no '" + fromTo[i] + "'");
      }
      json = json.replace(fromTo[i], fromTo[i + 1]);
    }
    return json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The example contract under another collaboration id, with differential privacy on the
   * hospital's visits ({@code {epsilonPerQuery, totalEpsilon}}) and, when {@code accounts} is not
   * null, on the bank's accounts.
   */
  public static byte[] hospitalBankWithDp(
      String collaborationId, double[] visits, double[] accounts) {
    String id = "\"collaborationId\": \"hospital-bank-demo\"";
    String newId = "\"collaborationId\": \"" + collaborationId + "\"";
    String visitsRule = "\"functions\": [\"COUNT\", \"SUM\", \"AVG\"]}\n        },";
    String accountsRule = "\"functions\": [\"SUM\", \"AVG\"]}\n        },";
    String visitsDp = visitsRule + dp(visits, "cost", 0, 10000);
    if (accounts == null) {
      return hospitalBankWith(id, newId, visitsRule, visitsDp);
    }
    return hospitalBankWith(
        id,
        newId,
        visitsRule,
        visitsDp,
        accountsRule,
        accountsRule + dp(accounts, "balance", 0, 100000));
  }

  private static String dp(double[] epsilons, String column, int lower, int upper) {
    return "\"differentialPrivacy\": {\"epsilonPerQuery\": "
        + epsilons[0]
        + ", \"totalEpsilon\": "
        + epsilons[1]
        + ", \"delta\": 1e-6, \"maxGroupsContributed\": 1, \"maxContributionsPerGroup\": 1,"
        + " \"bounds\": {\""
        + column
        + "\": {\"lower\": "
        + lower
        + ", \"upper\": "
        + upper
        + "}}},";
  }

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("examples/hospital-bank/contract.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root from " + Path.of(""));
    }
    return p;
  }
}
