package io.cleanroom.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.portal.api.ErrorMapper;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the portal's tests share: demo users' requests, collaborations and the demo contract. */
public final class PortalTestSupport {

  public static final String HOSPITAL = "hospital-owner";
  public static final String BANK = "bank-owner";
  public static final String ANALYST = "research-analyst";
  public static final String AUDITOR = "auditor";
  public static final String ADMIN = "admin";

  private PortalTestSupport() {}

  /** A request as a demo user, with the organization scope. */
  public static RequestSpecification as(String user) {
    return given().auth().oauth2(KeycloakTestResource.token(user));
  }

  /** Asserts an RFC 9457 problem answer with this status and stable code. */
  public static void problem(Response r, int status, String code) {
    r.then().statusCode(status);
    assertThat(r.contentType()).startsWith(ErrorMapper.PROBLEM_JSON);
    assertThat(r.jsonPath().getString("code")).isEqualTo(code);
    assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
    assertThat(r.jsonPath().getString("type")).startsWith("urn:cleanroom:problem:");
  }

  /** A fresh collaboration id. */
  public static String newId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates the demo collaboration (hospital and bank own data, research analyses) as a user. */
  public static Response create(String user, String id, Map<String, List<String>> members) {
    return as(user)
        .contentType(ContentType.JSON)
        .body(Map.of("id", id, "name", "Demo " + id, "members", members))
        .post("/v1/collaborations");
  }

  /** The demo members: hospital and bank own data, research analyses and receives results. */
  public static Map<String, List<String>> demoMembers() {
    return Map.of(
        "hospital", List.of("data-owner"),
        "bank", List.of("data-owner"),
        "research", List.of("analyst", "result-recipient"));
  }

  /** A collaboration of the demo members with the demo contract proposed. */
  public record Collab(String id, String contractHash, byte[] contract) {}

  /**
   * Creates a demo collaboration (by the hospital's owner) whose contract {@code proposer}
   * proposed.
   */
  public static Collab withContract(String prefix, String proposer) {
    String id = newId(prefix);
    create(HOSPITAL, id, demoMembers()).then().statusCode(201);
    byte[] contract = demoContract(id);
    String hash =
        as(proposer)
            .contentType(ContentType.JSON)
            .body(contract)
            .post("/v1/collaborations/" + id + "/contracts")
            .then()
            .statusCode(201)
            .extract()
            .path("contractHash");
    return new Collab(id, hash, contract);
  }

  /** The demo contract (examples/hospital-bank) for collaboration {@code id}. */
  public static byte[] demoContract(String id) {
    try {
      ObjectNode c =
          (ObjectNode)
              CanonicalJson.mapper()
                  .readTree(Files.readAllBytes(Path.of("../examples/hospital-bank/contract.json")));
      c.put("collaborationId", id);
      return CanonicalJson.toBytes(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
