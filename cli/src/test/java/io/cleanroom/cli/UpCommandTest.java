package io.cleanroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {

  @TempDir Path dir;

  @Test
  void walksThroughSealingCheckingRefusingAndRunningLocally() {
    Cli r = Cli.run("up", "--dir", dir.toString(), "--rows", "1500");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("5. round trip verified")
        .contains("Allowed by the contract's analysis rules.")
        .contains("which is an identity/join column, not a dimension column")
        .contains("WARNING: run-local is NOT confidential")
        .contains("groups suppressed by the output rules");
    assertThat(r.out().lines().filter(l -> l.matches("\\s+(<25k|25k-50k|>=200k)\\s+\\d+\\s+.*")))
        .hasSize(3);
    assertThat(dir.resolve("hospital-bank/visits.sealed")).exists();
  }
}
