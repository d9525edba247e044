package io.cleanroom.testing.quarkus;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The PostgreSQL schema of this checkout's tests of one service, {@code <module>_test_<hash of the
 * module's directory>} (for example {@code contributor_portal_test_1a2b}), as the property {@code
 * cleanroom.test.schema}: two checkouts testing at once on one machine (a worktree beside the main
 * one) would otherwise empty and fill the same schema under each other's feet. Each checkout reuses
 * its own schema, which Flyway empties at start. A service registers it in its test resources'
 * {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}.
 */
public final class TestSchemaConfigSource implements ConfigSource {

  static final String NAME = "cleanroom.test.schema";

  private final String schema;

  public TestSchemaConfigSource() {
    Path dir = Path.of("").toAbsolutePath().normalize();
    String module = dir.getFileName() == null ? "cleanroom" : dir.getFileName().toString();
    schema =
        (module.replaceAll("[^A-Za-z0-9]", "_")
                + "_test_"
                + Integer.toHexString(dir.toString().hashCode()))
            .toLowerCase(Locale.ROOT);
  }

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(NAME);
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.of(NAME, schema);
  }

  @Override
  public String getValue(String propertyName) {
    return NAME.equals(propertyName) ? schema : null;
  }

  @Override
  public String getName() {
    return "cleanroom-test-schema";
  }

  @Override
  public int getOrdinal() {
    return 50;
  }
}
