package io.cleanroom.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.cli.Cli;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.QueryChecker;
import io.cleanroom.query.contract.ContractParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cleanroom enclave run} against a stand-in enclave. */
class EnclaveRunCommandTest {

  static final Path CONTRACT = Path.of("../examples/hospital-bank/contract.json");
  static final String SQL =
      "select a.income_band, count(*) as n from visits v join accounts a"
          + " on v.person_id = a.person_id group by a.income_band";

  @TempDir Path dir;
  FakeServer enclave;

  @BeforeEach
  void start() throws IOException {
    enclave = new FakeServer();
    enclave.on("POST /v1/runs", 202, "{\"id\":\"r1\",\"status\":\"QUEUED\",\"simulated\":true}");
    Files.write(dir.resolve("visits.sealed"), new byte[] {1});
    Files.write(dir.resolve("accounts.sealed"), new byte[] {2});
  }

  @AfterEach
  void stop() {
    enclave.close();
  }

  private Cli run() {
    return Cli.run(
        "enclave",
        "run",
        "--enclave",
        enclave.uri().toString(),
        "--broker",
        "http://broker.example:8081",
        "--contract",
        CONTRACT.toString(),
        "--data",
        dir.toString(),
        "--sql",
        SQL,
        "--out",
        dir.resolve("result.json").toString(),
        "--receipt",
        dir.resolve("receipt.json").toString());
  }

  @Test
  void sendsTheQueryWithItsFingerprintAndLocationsAndWritesResultAndReceipt() throws IOException {
    enclave.on(
        "GET /v1/runs/r1",
        200,
        "{\"id\":\"r1\",\"status\":\"SUCCEEDED\",\"simulated\":true,"
            + "\"result\":{\"columns\":[{\"name\":\"income_band\",\"type\":\"varchar\"},"
            + "{\"name\":\"n\",\"type\":\"bigint\"}],\"rows\":[[\"low\",12]]},"
            + "\"receipt\":{\"receipt\":{\"suppressedGroups\":1,\"epsilonSpent\":\"0\","
            + "\"signingKey\":\"K\"},\"signature\":\"S\"}}");

    Cli r = run();

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(SimulateReleaseCommand.BANNER)
        .contains("income_band\tn\nlow\t12\n")
        .contains("1 group(s) suppressed; epsilon spent 0; receipt signed by K");
    JsonNode req = CanonicalJson.parse(enclave.requests.get(0).body());
    assertThat(req.path("query").path("fingerprint").asText())
        .isEqualTo(
            new QueryChecker(ContractParser.read(CONTRACT))
                .check(SQL)
                .report()
                .fingerprint()
                .orElseThrow());
    assertThat(req.path("datasets").findValuesAsText("location"))
        .containsExactlyInAnyOrder(
            dir.resolve("visits.sealed").toAbsolutePath().toString(),
            dir.resolve("accounts.sealed").toAbsolutePath().toString());
    assertThat(req.path("datasets").findValuesAsText("keyBroker"))
        .containsOnly("http://broker.example:8081");
    assertThat(Files.readString(dir.resolve("result.json"))).contains("\"rows\":[[\"low\",12]]");
    assertThat(Files.readString(dir.resolve("receipt.json"))).contains("\"signature\":\"S\"");
  }

  @Test
  void aFailedRunIsOneLineWithItsPhaseAndCode() {
    enclave.on(
        "GET /v1/runs/r1",
        200,
        "{\"id\":\"r1\",\"status\":\"FAILED\",\"phase\":\"RELEASING_KEYS\",\"simulated\":true,"
            + "\"error\":{\"code\":\"KEY_RELEASE_REFUSED\",\"message\":\"the key broker refused:"
            + " QUERY_NOT_APPROVED (HTTP 403)\"}}");

    Cli r = run();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "cleanroom: the run failed in RELEASING_KEYS: KEY_RELEASE_REFUSED: the key broker"
                + " refused: QUERY_NOT_APPROVED (HTTP 403)\n");
    assertThat(dir.resolve("result.json")).doesNotExist();
  }

  @Test
  void aRefusedRequestShowsTheEnclavesCode() {
    enclave.on(
        "POST /v1/runs",
        400,
        "{\"code\":\"MALFORMED_REQUEST\",\"detail\":\"query.sql is required\"}");

    Cli r = run();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("the enclave refused: MALFORMED_REQUEST (HTTP 400)");
  }
}
