package io.cleanroom.attestation.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.EvidenceJson;
import io.cleanroom.attestation.Verifiers;
import io.cleanroom.attestation.collect.SimulatedCollector;
import io.cleanroom.attestation.sim.SimulatedTee;
import io.cleanroom.attestation.verify.TrustConfig;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.hpke.EnclaveKeyPair;
import io.cleanroom.crypto.hpke.EnclavePublicKey;
import io.cleanroom.crypto.hpke.KeyWrap;
import io.cleanroom.crypto.hpke.ReleaseBinding;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The enclave side of the release against a scripted broker on a local socket. */
class KeyReleaseClientTest {

  private static final String HASH = "ab".repeat(32);
  private static final String FP = "cd".repeat(32);
  private static final SimulatedTee TEE = SimulatedTee.generate();

  private final EnclaveKeyPair keys = EnclaveKeyPair.generate();
  private final SimulatedCollector collector = new SimulatedCollector(TEE, new byte[48]);
  private final DatasetKey visits = DatasetKey.generate();
  private final DatasetKey other = DatasetKey.generate();
  private HttpServer server;
  private Function<JsonNode, Object[]> attest;
  private JsonNode lastAttest;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/release/challenge",
        x -> answer(x, 200, "{\"sessionId\":\"s1\",\"nonce\":\"bm9uY2U\",\"expiresAt\":\"x\"}"));
    server.createContext(
        "/v1/release/attest",
        x -> {
          lastAttest = CanonicalJson.parse(x.getRequestBody().readAllBytes());
          Object[] a = attest.apply(lastAttest);
          answer(x, (Integer) a[0], (String) a[1]);
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    keys.close();
    visits.close();
    other.close();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange x, int status, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    try (var out = x.getResponseBody()) {
      out.write(b);
    }
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private ReleasedKeys release(List<String> datasets) {
    return new KeyReleaseClient()
        .release(url(), collector, "sim", keys, new ReleaseRequest(HASH, FP, datasets));
  }

  /** A broker answer releasing {@code key} as {@code datasetId} with {@code keyId}. */
  private static Object[] released(JsonNode req, String datasetId, DatasetKey key, String keyId) {
    JsonNode rd = req.get("runtimeData");
    byte[] sealed =
        KeyWrap.seal(
            EnclavePublicKey.fromBase64Url(rd.get("enclavePublicKey").asText()),
            key,
            ReleaseBinding.associatedData(rd, datasetId, keyId));
    ObjectNode ans = CanonicalJson.mapper().createObjectNode().put("simulated", true);
    ArrayNode ks = ans.putArray("keys");
    ks.addObject()
        .put("datasetId", datasetId)
        .put("keyId", keyId)
        .put("sealedKey", Base64.getUrlEncoder().withoutPadding().encodeToString(sealed));
    return new Object[] {200, ans.toString()};
  }

  @Test
  void opensTheKeySealedToItsRuntimeDataAndBindsTheRuntimeDataInTheEvidence() {
    attest = req -> released(req, "visits", visits, visits.keyId());

    DatasetKey opened;
    try (ReleasedKeys r = release(List.of("visits"))) {
      assertThat(r.simulated()).isTrue();
      assertThat(r.sessionId()).isEqualTo("s1");
      opened = r.keys().get("visits");
      assertThat(opened.keyId()).isEqualTo(visits.keyId());
      assertThat(opened.toBytes(KeyAccess.rawKeyMaterial()))
          .isEqualTo(visits.toBytes(KeyAccess.rawKeyMaterial()));
      assertThat(r.toString()).contains(visits.keyId()).contains("SIMULATED");
    }
    // Closing the release wipes the key.
    assertThatThrownBy(() -> opened.toBytes(KeyAccess.rawKeyMaterial()))
        .isInstanceOf(IllegalStateException.class);
    JsonNode rd = lastAttest.get("runtimeData");
    assertThat(rd.get("nonce").asText()).isEqualTo("bm9uY2U");
    assertThat(rd.get("contractHash").asText()).isEqualTo(HASH);
    assertThat(rd.get("queryFingerprint").asText()).isEqualTo(FP);
    var result =
        new Verifiers(TrustConfig.defaults().withSimulatedRoot(TEE.rootCertificate()))
            .verify(EvidenceJson.read(lastAttest.get("evidence")), Instant.now());
    assertThat(result.verified()).isTrue();
    assertThat(result.toJson().get("claims").toString())
        .contains(HexFormat.of().formatHex(ReleaseBinding.reportData(rd)));
  }

  @Test
  void aRefusalCarriesTheBrokersCode() {
    attest = req -> new Object[] {403, "{\"error\":\"QUERY_NOT_APPROVED\"}"};

    assertThatThrownBy(() -> release(List.of("visits")))
        .isInstanceOf(AttestationException.class)
        .hasMessage("the key broker refused: QUERY_NOT_APPROVED (HTTP 403)")
        .extracting(e -> ((AttestationException) e).code())
        .isEqualTo(AttestationException.Code.RELEASE_REFUSED);

    attest = req -> new Object[] {403, "{\"error\":\"BUDGET_EXHAUSTED\"}"};
    AttestationException refused =
        catchThrowableOfType(AttestationException.class, () -> release(List.of("visits")));
    assertThat(KeyReleaseClient.refusalCode(refused)).contains("BUDGET_EXHAUSTED");
    assertThat(
            KeyReleaseClient.refusalCode(
                new AttestationException(
                    AttestationException.Code.RELEASE_INVALID, "the key broker refused: X")))
        .isEmpty();
  }

  @Test
  void refusesAKeyForADatasetNotAskedForOrUnderAnotherKeyId() {
    attest = req -> released(req, "accounts", visits, visits.keyId());
    assertThatThrownBy(() -> release(List.of("visits")))
        .hasMessageContaining("not asked for")
        .extracting(e -> ((AttestationException) e).code())
        .isEqualTo(AttestationException.Code.RELEASE_INVALID);

    attest = req -> released(req, "visits", other, visits.keyId());
    assertThatThrownBy(() -> release(List.of("visits")))
        .hasMessageContaining("is not key " + visits.keyId());
  }

  @Test
  void anUnreachableBrokerSaysWhere() {
    server.stop(0);

    assertThatThrownBy(() -> release(List.of("visits")))
        .hasMessageContaining("not reachable at http://127.0.0.1:")
        .extracting(e -> ((AttestationException) e).code())
        .isEqualTo(AttestationException.Code.BROKER_UNREACHABLE);
  }
}
