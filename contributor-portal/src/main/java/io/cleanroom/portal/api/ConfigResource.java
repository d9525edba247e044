package io.cleanroom.portal.api;

import io.cleanroom.portal.remote.ServiceUrls;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the web UI needs before anyone signs in: where to sign in, where each organization's key
 * broker is (the browser deposits data keys there itself, never through the portal) and whether
 * runs may happen on a simulated enclave.
 */
@Path("/v1/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "config", description = "The web UI's settings (no sign-in)")
public class ConfigResource {

  @Inject ServiceUrls urls;

  @ConfigProperty(name = "quarkus.oidc.auth-server-url")
  String authServerUrl;

  @ConfigProperty(name = "portal.web.authority")
  Optional<String> authority;

  @ConfigProperty(name = "portal.web.client-id", defaultValue = "cleanroom-web")
  String clientId;

  @ConfigProperty(name = "portal.attestation.simulated-root")
  Optional<String> simulatedRoot;

  /**
   * The web UI's settings.
   *
   * @param authority the Keycloak realm's URL as the browser reaches it
   * @param clientId the public client the browser signs in with (authorization code and PKCE)
   * @param keyBroker the key broker of organizations without one of their own, if any
   * @param keyBrokers the organizations' own key brokers
   * @param simulated whether the portal trusts the simulated TEE: runs are then NOT confidential
   */
  public record WebConfig(
      String authority,
      String clientId,
      String keyBroker,
      Map<String, String> keyBrokers,
      boolean simulated) {}

  @GET
  @Operation(
      summary =
          "The web UI's settings: the Keycloak realm and client, the key brokers per organization,"
              + " whether the enclave may be simulated")
  public WebConfig config() {
    Map<String, String> brokers = new TreeMap<>();
    urls.organizationKeyBrokers().forEach((org, url) -> brokers.put(org, url.toString()));
    return new WebConfig(
        strip(authority.orElse(authServerUrl)),
        clientId,
        urls.defaultKeyBroker().map(URI::toString).orElse(null),
        brokers,
        simulatedRoot.filter(s -> !s.isBlank()).isPresent());
  }

  private static String strip(String url) {
    String v = url.strip();
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }
}
