package io.cleanroom.broker;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The production defaults' database for a test: db-kind h2, a new file under target. */
public class EmbeddedH2Profile implements QuarkusTestProfile {
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
