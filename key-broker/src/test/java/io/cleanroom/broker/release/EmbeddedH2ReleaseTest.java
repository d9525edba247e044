package io.cleanroom.broker.release;

import io.cleanroom.broker.SimulatedTeeResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * The whole release protocol suite again on the embedded default database (an H2 file, migrated by
 * the same Flyway scripts as PostgreSQL).
 */
@QuarkusTest
@TestProfile(EmbeddedH2ReleaseTest.EmbeddedH2.class)
@QuarkusTestResource(value = SimulatedTeeResource.class, restrictToAnnotatedClass = true)
class EmbeddedH2ReleaseTest extends ReleaseProtocolTest {

  /** The production defaults' database: db-kind h2, a file under target. */
  public static class EmbeddedH2 implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      String dir = "target/h2-" + System.nanoTime();
      return Map.of(
          "quarkus.datasource.db-kind", "h2",
          "quarkus.datasource.jdbc.url", "jdbc:h2:file:./" + dir + "/key-broker",
          "quarkus.datasource.username", "sa",
          "quarkus.flyway.schemas", "",
          "quarkus.flyway.clean-at-start", "false");
    }
  }
}
