package io.cleanroom.portal.log;

import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.cleanroom.testing.services.BrokerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real key broker for the portal's tests, from its packaged jar, with the test Keycloak; its
 * URL is the portal's only broker. Its base URL is also in the system property {@code
 * portal.test.broker} for the test.
 */
public class RealBroker implements QuarkusTestResourceLifecycleManager {

  private BrokerProcess broker;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "key-broker");
      broker = BrokerProcess.start(KeycloakTestResource.server().issuerUrl(), null, dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String url = broker.url().toString().replaceAll("/$", "");
    System.setProperty("portal.test.broker", url);
    return Map.of("portal.brokers", url, "portal.sync-interval", "off");
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
    }
  }
}
