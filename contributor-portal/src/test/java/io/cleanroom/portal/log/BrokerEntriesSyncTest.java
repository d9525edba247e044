package io.cleanroom.portal.log;

import static io.cleanroom.portal.PortalTestSupport.AUDITOR;
import static io.cleanroom.portal.PortalTestSupport.BANK;
import static io.cleanroom.portal.PortalTestSupport.HOSPITAL;
import static io.cleanroom.portal.PortalTestSupport.as;
import static io.cleanroom.portal.PortalTestSupport.withContract;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.LogEntries;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.cleanroom.testing.services.BrokerApi;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real key broker's signed approvals join the collaboration's log through the portal's own
 * client-credentials token, verified with the broker's key, once; a broker whose key changed gets
 * nothing more in.
 */
@QuarkusTest
@QuarkusTestResource(KeycloakTestResource.class)
@QuarkusTestResource(value = RealBroker.class, restrictToAnnotatedClass = true)
class BrokerEntriesSyncTest {

  private static String broker() {
    return System.getProperty("portal.test.broker");
  }

  private static JsonNode sync(String id) {
    return CanonicalJson.parse(
        as(AUDITOR)
            .post("/v1/collaborations/" + id + "/log/sync")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  /** The broker entries of the log, each verified with the broker's published key. */
  private static List<JsonNode> brokerEntries(String id) {
    byte[] key =
        Base64.getUrlDecoder()
            .decode(
                given()
                    .get(broker() + "/v1/log/key")
                    .then()
                    .statusCode(200)
                    .extract()
                    .<String>path("signingKey"));
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e :
        CanonicalJson.parse(
            as(AUDITOR).get("/v1/collaborations/" + id + "/log/entries?start=0").asString())) {
      byte[] bytes = CanonicalJson.toBytes(e.get("entry"));
      if (LogEntries.kindOf(bytes).orElseThrow() == LogEntries.BROKER) {
        out.add(LogEntries.BROKER.verify(bytes, key).receipt());
      }
    }
    return out;
  }

  @Test
  void theOwnersApprovalsAtTheBrokerJoinTheLogOnce() {
    var c = withContract("broker", HOSPITAL);
    String id = c.id();
    byte[] contract = c.contract();
    String hash = c.contractHash();
    BrokerApi api = new BrokerApi(URI.create(broker() + "/"), KeycloakTestResource::token);
    assertThat(api.register(HOSPITAL, contract)).isEqualTo(hash);
    api.approveContract(HOSPITAL, hash);
    api.approveContract(BANK, hash);
    api.approveQuery(HOSPITAL, hash, "ab".repeat(32));

    JsonNode r = sync(id);
    assertThat(r.get("problems")).isEmpty();
    List<JsonNode> entries = brokerEntries(id);
    assertThat(r.get("appended").asInt()).as(entries.toString()).isEqualTo(3);
    assertThat(entries)
        .extracting(e -> e.get("event").asText() + " " + e.get("org").asText())
        .containsExactly(
            "contract.approved hospital", "contract.approved bank", "query.approved hospital");
    assertThat(entries).allSatisfy(e -> assertThat(e.get("contractHash").asText()).isEqualTo(hash));

    assertThat(sync(id).get("appended").asInt()).isZero();
    api.approveQuery(BANK, hash, "ab".repeat(32));
    assertThat(sync(id).get("appended").asInt()).isEqualTo(1);
    assertThat(brokerEntries(id)).hasSize(4);
  }

  @Test
  void aBrokerWhoseKeyChangedGetsNothingMoreIn() {
    var c = withContract("rekeyed", HOSPITAL);
    String id = c.id();
    byte[] contract = c.contract();
    String hash = c.contractHash();
    BrokerApi api = new BrokerApi(URI.create(broker() + "/"), KeycloakTestResource::token);
    api.register(HOSPITAL, contract);
    sync(id); // pins the broker's key
    // The portal remembers another key for this broker, as if the broker had been replaced.
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              BrokerKey k = BrokerKey.findById(broker());
              k.signingKey = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
            });
    api.approveContract(BANK, hash);
    JsonNode r = sync(id);
    assertThat(r.get("problems").toString()).contains("log key changed");
    assertThat(r.get("appended").asInt()).isZero();
    assertThat(brokerEntries(id)).isEmpty();
  }
}
