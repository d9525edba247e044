package io.cleanroom.enclave.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.json.Digests;
import io.cleanroom.enclave.config.EnclaveConfig;
import io.cleanroom.enclave.run.EnclaveException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enclave's choice of evidence source, without Quarkus. */
class EnclaveIdentityTest {

  @TempDir Path dir;

  @Test
  void refusesToStartWithoutATeeWhenTheSimulatorIsNotEnabled() {
    EnclaveIdentity id = identity(false);

    assertThatThrownBy(id::start)
        .isInstanceOf(EnclaveException.class)
        .hasMessageContaining("no TEE")
        .hasMessageContaining("enclave.simulation.enabled=false")
        .extracting(e -> ((EnclaveException) e).code())
        .isEqualTo(EnclaveException.Code.NO_TEE);
  }

  @Test
  void onTheEnabledSimulatorItSaysSoAndItsEvidenceBindsBothKeys() {
    EnclaveIdentity id = identity(true);
    id.start();
    try {
      assertThat(id.simulated()).isTrue();
      assertThat(id.tee()).isEqualTo("sim");
      assertThat(id.collector().name()).isEqualTo("simulated");
      Map<String, Object> check = id.selfCheck();
      assertThat(check.get("verified")).isEqualTo(true);
      @SuppressWarnings("unchecked")
      Map<String, Object> claims = (Map<String, Object>) check.get("claims");
      assertThat(claims.get("reportData"))
          .isEqualTo(
              HexFormat.of()
                  .formatHex(Digests.sha512(CanonicalJson.toBytes(id.identityBinding()))));
    } finally {
      id.stop();
    }
    assertThatThrownBy(() -> id.signing().sign(new byte[1]))
        .isInstanceOf(IllegalStateException.class);
  }

  private EnclaveIdentity identity(boolean simulation) {
    EnclaveIdentity id = new EnclaveIdentity();
    id.config = config(simulation, dir.resolve("no-tsm"), dir.resolve("sim"));
    return id;
  }

  private static EnclaveConfig config(boolean simulation, Path tsm, Path simDir) {
    return new EnclaveConfig() {
      @Override
      public Path tsmRoot() {
        return tsm;
      }

      @Override
      public Simulation simulation() {
        return new Simulation() {
          @Override
          public boolean enabled() {
            return simulation;
          }

          @Override
          public Optional<Path> dir() {
            return Optional.of(simDir);
          }

          @Override
          public String measurement() {
            return "00".repeat(48);
          }
        };
      }

      @Override
      public Runs run() {
        return new Runs() {
          @Override
          public Duration timeLimit() {
            return Duration.ofMinutes(1);
          }

          @Override
          public long memoryMib() {
            return 64;
          }

          @Override
          public int concurrency() {
            return 1;
          }

          @Override
          public int retained() {
            return 10;
          }
        };
      }

      @Override
      public Optional<List<Path>> datasetRoots() {
        return Optional.empty();
      }
    };
  }
}
