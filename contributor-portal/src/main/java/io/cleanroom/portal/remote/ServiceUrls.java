package io.cleanroom.portal.remote;

import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where each organization's key broker is, and which enclave runs queries.
 *
 * <p>{@code portal.key-broker} is every organization's key broker unless {@code
 * portal.key-broker."<org>"} names another; without it, the first of {@code portal.brokers}. {@code
 * portal.enclave} is the enclave; without it, the first of {@code portal.enclaves}. The browser
 * learns the same brokers from {@code GET /v1/config} to deposit keys there itself.
 */
@ApplicationScoped
public class ServiceUrls {

  private static final String BROKER = "portal.key-broker";

  private final Optional<URI> defaultBroker;
  private final Map<String, URI> brokers;
  private final Optional<URI> enclave;

  public ServiceUrls() {
    this(ConfigProvider.getConfig());
  }

  ServiceUrls(Config config) {
    defaultBroker =
        config
            .getOptionalValue(BROKER, String.class)
            .or(() -> only(config, "portal.brokers"))
            .map(ServiceUrls::url);
    Map<String, URI> byOrg = new TreeMap<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith(BROKER + ".")) {
        String org = name.substring(BROKER.length() + 1);
        if (org.length() > 1 && org.startsWith("\"") && org.endsWith("\"")) {
          org = org.substring(1, org.length() - 1);
        }
        String o = org;
        config.getOptionalValue(name, String.class).ifPresent(v -> byOrg.put(o, url(v)));
      }
    }
    brokers = Map.copyOf(byOrg);
    enclave =
        config
            .getOptionalValue("portal.enclave", String.class)
            .or(() -> first(config, "portal.enclaves"))
            .map(ServiceUrls::url);
  }

  /** The key broker of {@code org}'s datasets. */
  public Optional<URI> keyBroker(String org) {
    return Optional.ofNullable(brokers.get(org)).or(() -> defaultBroker);
  }

  /** The key broker of {@code org}, or {@code SERVICE_UNAVAILABLE} when none is configured. */
  public URI requireKeyBroker(String org) {
    return keyBroker(org)
        .orElseThrow(
            () ->
                new PortalException(
                    ErrorCode.SERVICE_UNAVAILABLE,
                    "no key broker is configured for organization " + org));
  }

  /** The default key broker and the organizations' own, for the web UI. */
  public Optional<URI> defaultKeyBroker() {
    return defaultBroker;
  }

  /** The organizations with a key broker of their own. */
  public Map<String, URI> organizationKeyBrokers() {
    return brokers;
  }

  /** The enclave that runs approved queries. */
  public Optional<URI> enclave() {
    return enclave;
  }

  private static Optional<String> only(Config config, String name) {
    List<String> all =
        config
            .getOptionalValues(name, String.class)
            .map(l -> l.stream().map(String::strip).filter(s -> !s.isEmpty()).toList())
            .orElse(List.of());
    return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
  }

  private static Optional<String> first(Config config, String name) {
    return config
        .getOptionalValues(name, String.class)
        .flatMap(l -> l.stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst());
  }

  private static URI url(String s) {
    return URI.create(base(s.strip()));
  }

  /**
   * A base URL without its trailing slash, so that paths are appended as {@code base + "/v1/…"}.
   */
  public static String base(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
