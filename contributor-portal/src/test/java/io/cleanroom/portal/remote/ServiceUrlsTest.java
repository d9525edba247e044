package io.cleanroom.portal.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cleanroom.portal.api.ErrorCode;
import io.cleanroom.portal.api.PortalException;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceUrlsTest {

  private static ServiceUrls of(Map<String, String> values) {
    return new ServiceUrls(new SmallRyeConfigBuilder().withDefaultValues(values).build());
  }

  @Test
  void anOrganizationsOwnBrokerWinsOverTheDefaultWhichWinsOverTheFirstLogSource() {
    ServiceUrls urls =
        of(
            Map.of(
                "portal.brokers", "http://logs-only:1/, http://second:2",
                "portal.key-broker", "http://default:3/",
                "portal.key-broker.\"bank\"", "http://bank:4/",
                "portal.enclaves", "http://enclave:5/,http://other:6"));
    assertThat(urls.keyBroker("bank")).contains(URI.create("http://bank:4"));
    assertThat(urls.keyBroker("hospital")).contains(URI.create("http://default:3"));
    assertThat(urls.organizationKeyBrokers()).containsOnlyKeys("bank");
    assertThat(urls.enclave()).contains(URI.create("http://enclave:5"));
  }

  @Test
  void withoutAKeyBrokerTheOnlyLogSourceServesButOfSeveralNone() {
    assertThat(of(Map.of("portal.brokers", "http://only:1/")).keyBroker("x"))
        .contains(URI.create("http://only:1"));
    // An owner's token must never go to another party's broker: with several, none is guessed.
    assertThat(of(Map.of("portal.brokers", "http://first:1/,http://second:2")).keyBroker("x"))
        .isEmpty();
    ServiceUrls none = of(Map.of());
    assertThat(none.enclave()).isEmpty();
    assertThatThrownBy(() -> none.requireKeyBroker("hospital"))
        .isInstanceOfSatisfying(
            PortalException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
  }
}
