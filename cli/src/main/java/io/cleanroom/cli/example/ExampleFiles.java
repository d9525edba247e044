package io.cleanroom.cli.example;

import io.cleanroom.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shipped example files: from the working directory or the launcher's checkout. */
public final class ExampleFiles {

  private ExampleFiles() {}

  /** The example contract, {@code examples/hospital-bank/contract.json}. */
  public static Path contract() {
    String home = System.getenv("CLEANROOM_HOME");
    for (Path base :
        new Path[] {home == null ? null : Path.of(home), Path.of("").toAbsolutePath()}) {
      for (Path p = base; p != null; p = p.getParent()) {
        Path c = p.resolve("examples/hospital-bank/contract.json");
        if (Files.isRegularFile(c)) {
          return c;
        }
      }
    }
    throw new UserError(
        "cannot find examples/hospital-bank/contract.json: run from the checkout or give --contract");
  }
}
