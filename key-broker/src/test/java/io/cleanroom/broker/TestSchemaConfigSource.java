package io.cleanroom.broker;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The PostgreSQL schema of this checkout's tests, {@code key_broker_test_<hash of the module's
 * directory>}: two checkouts testing at once on one machine (a worktree beside the main one) would
 * otherwise empty and fill the same schema under each other's feet. Each checkout reuses its own
 * schema, which Flyway empties at start.
 */
public final class TestSchemaConfigSource implements ConfigSource {

  static final String NAME = "cleanroom.test.schema";

  private final String schema =
      "key_broker_test_"
          + Integer.toHexString(Path.of("").toAbsolutePath().normalize().toString().hashCode())
              .toLowerCase(Locale.ROOT);

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
