package io.cleanroom.query;

import io.cleanroom.query.contract.Contract;
import io.cleanroom.query.contract.ContractParser;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared test inputs: the shipped example contract and helpers. */
public final class Fixtures {

  private Fixtures() {}

  /** The repository's root directory (tests run in the module directory). */
  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("examples"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the repository root from " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** The hospital/bank example contract as shipped. */
  public static Contract hospitalBank() {
    return ContractParser.read(repoRoot().resolve("examples/hospital-bank/contract.json"));
  }
}
