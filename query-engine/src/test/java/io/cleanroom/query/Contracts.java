package io.cleanroom.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Consumer;

/** Variants of the example contract for tests of rule features the example does not use. */
public final class Contracts {

  private Contracts() {}

  /** The example contract JSON, edited. */
  public static Contract exampleWith(Consumer<ObjectNode> edit) {
    try {
      ObjectNode c =
          (ObjectNode)
              CanonicalJson.parse(
                  Files.readAllBytes(
                      Fixtures.repoRoot().resolve("examples/hospital-bank/contract.json")));
      edit.accept(c);
      return ContractParser.parse(CanonicalJson.toBytes(c));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The analysis rule object of dataset {@code i} (0 visits, 1 accounts). */
  public static ObjectNode rule(ObjectNode contract, int i) {
    return (ObjectNode) contract.get("datasets").get(i).get("analysisRule");
  }

  /** The example with differential privacy on visits (epsilon 1 per query, 3 in total). */
  public static Contract withDpOnVisits() {
    return exampleWith(
        c -> {
          ObjectNode dp = rule(c, 0).putObject("differentialPrivacy");
          dp.put("epsilonPerQuery", 1.0)
              .put("totalEpsilon", 3.0)
              .put("delta", 1e-6)
              .put("maxGroupsContributed", 2)
              .put("maxContributionsPerGroup", 5);
          dp.putObject("bounds").putObject("cost").put("lower", 0).put("upper", 5000);
        });
  }
}
