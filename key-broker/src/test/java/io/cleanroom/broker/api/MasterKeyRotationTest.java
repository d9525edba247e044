package io.cleanroom.broker.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.broker.custody.DatasetKeyRecord;
import io.cleanroom.broker.custody.FileMasterKey;
import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.broker.log.BrokerLogKey;
import io.cleanroom.broker.log.LogKeyRecord;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.testing.quarkus.KeycloakTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Master key rotation as docs/key-broker.md describes it: a new current key, the old one listed as
 * previous, then an admin re-seals every record (dataset keys and the log key); keys still open
 * afterwards.
 */
@QuarkusTest
@TestProfile(MasterKeyRotationTest.Rotated.class)
@QuarkusTestResource(KeycloakTestResource.class)
class MasterKeyRotationTest {

  static final Path DIR = Path.of("target", "rotation-" + ProcessHandle.current().pid());
  static final Path OLD = DIR.resolve("old.key").toAbsolutePath();
  static final Path NEW = DIR.resolve("new.key").toAbsolutePath();

  /** The broker after step 1 of a rotation: new.key current, old.key still read. */
  public static class Rotated implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "broker.master-key.file", NEW.toString(),
          "broker.master-key.previous-files", OLD.toString());
    }
  }

  @Inject KeyCustody custody;
  @Inject BrokerLogKey logKey;

  @Test
  void anAdminReSealsRecordsOfTheOldMasterKeyUnderTheNewOne() {
    // A record written before the rotation, sealed under the old key.
    FileMasterKey old = FileMasterKey.loadOrCreate(OLD);
    byte[] raw;
    String keyId;
    try (DatasetKey k = DatasetKey.generate()) {
      raw = k.toBytes(KeyAccess.rawKeyMaterial());
      keyId = k.keyId();
    }
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              DatasetKeyRecord.deleteById(new DatasetKeyRecord.Id("bank", "accounts_v0"));
              DatasetKeyRecord r = new DatasetKeyRecord();
              r.id = new DatasetKeyRecord.Id("bank", "accounts_v0");
              r.keyId = keyId;
              r.masterKeyId = old.id();
              r.wrappedKey =
                  old.seal(
                      raw,
                      io.cleanroom.broker.custody.KeyCustody.aad("bank", "accounts_v0", keyId));
              r.depositedBy = "bank-owner";
              r.depositedAt = java.time.Instant.now();
              r.persist();
            });

    // The log key too, as a broker started before the rotation sealed it.
    String logPublicKey = logKey.publicKeyBase64Url();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              LogKeyRecord r = LogKeyRecord.findById(LogKeyRecord.ID);
              byte[] aad = BrokerLogKey.aad(r.publicKey);
              byte[] seed = FileMasterKey.loadOrCreate(NEW).open(r.sealedPrivateKey, aad);
              r.sealedPrivateKey = old.seal(seed, aad);
              r.masterKeyId = old.id();
              java.util.Arrays.fill(seed, (byte) 0);
            });
    assertThat(logKey.countByMasterKey()).containsOnlyKeys(old.id());

    KeyBrokerApiTest.error(
        KeyBrokerApiTest.as("hospital-owner").post("/v1/admin/master-key/reseal"),
        403,
        "ROLE_REQUIRED");
    Response status = KeyBrokerApiTest.as("admin").get("/v1/admin/master-key");
    status.then().statusCode(200);
    String current = status.jsonPath().getString("current");
    assertThat(current).isEqualTo(FileMasterKey.loadOrCreate(NEW).id()).isNotEqualTo(old.id());
    assertThat(status.jsonPath().getMap("recordsByMasterKey")).containsKey(old.id());

    Response resealed = KeyBrokerApiTest.as("admin").post("/v1/admin/master-key/reseal");
    resealed.then().statusCode(200);
    assertThat(resealed.jsonPath().getInt("resealed")).isGreaterThanOrEqualTo(1);
    assertThat(resealed.jsonPath().getMap("status.recordsByMasterKey")).containsOnlyKeys(current);

    try (DatasetKey k = custody.open("bank", "accounts_v0").orElseThrow()) {
      assertThat(k.toBytes(KeyAccess.rawKeyMaterial())).isEqualTo(raw);
    }
    // The re-sealed log key opens at the next start, the same key.
    logKey.stop();
    logKey.start();
    assertThat(logKey.publicKeyBase64Url()).isEqualTo(logPublicKey);
    given().post("/v1/admin/master-key/reseal").then().statusCode(401);
  }
}
