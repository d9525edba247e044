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

  /** The example contract with a text replaced (to make variants). */
  public static byte[] hospitalBankWith(String from, String to) {
    String json = new String(hospitalBank(), java.nio.charset.StandardCharsets.UTF_8);
    if (!json.contains(from)) {
      throw new IllegalArgumentException("the example contract has no '" + from + "'");
    }
    return json.replace(from, to).getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
