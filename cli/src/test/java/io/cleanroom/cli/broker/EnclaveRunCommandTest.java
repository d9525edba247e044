package io.cleanroom.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cleanroom.cli.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanroom enclave run} against a stand-in enclave: its refusals (problem details with a
 * {@code code}), an unreachable enclave, a run that fails, and the result table (the walk-through's
 * successful run is in {@link UpWithBrokerTest}).
 */
class EnclaveRunCommandTest {

  static final Path CONTRACT = Path.of("../examples/hospital-bank/contract.json");

  @TempDir Path dir;
  FakeServer enclave;

  @BeforeEach
  void start() throws IOException {
    enclave = new FakeServer();
    Files.write(dir.resolve("visits.sealed"), new byte[] {1, 2, 3});
  }

  @AfterEach
  void stop() {
    enclave.close();
  }

  Cli run(String enclaveUrl) {
    return Cli.run(
        "enclave",
        "run",
        "--enclave",
        enclaveUrl,
        "--broker",
        "http://127.0.0.1:8081",
        "--contract",
        CONTRACT.toString(),
        "--data",
        dir.toString(),
        "--sql",
        "select diagnosis, count(*) as n from visits group by diagnosis",
        "--fingerprint",
        "ab".repeat(32),
        "--receipt-out",
        dir.resolve("receipt.json").toString());
  }

  @Test
  void aRefusedRequestNamesTheEnclavesCodeAndDetail() {
    enclave.on(
        "POST /v1/runs",
        400,
        "{\"type\":\"urn:cleanroom:enclave:malformed-request\",\"title\":\"MALFORMED_REQUEST\","
            + "\"status\":400,\"code\":\"MALFORMED_REQUEST\",\"detail\":\"query.sql is required\"}");
    Cli r = run(enclave.uri().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("the enclave refused: MALFORMED_REQUEST (HTTP 400): query.sql is required");
    // only the datasets whose sealed file is there, by absolute path
    assertThat(enclave.requests.get(0).body())
        .contains("\"location\":\"" + dir.resolve("visits.sealed").toAbsolutePath() + "\"")
        .doesNotContain("accounts.sealed");
  }

  @Test
  void aFailedRunExitsWithOneAndSavesNoReceipt() {
    enclave.on(
        "POST /v1/runs",
        202,
        "{\"id\":\"r1\",\"status\":\"QUEUED\",\"phase\":\"LOCATING_INPUTS\",\"simulated\":true,"
            + "\"notice\":\"SIMULATED — NOT CONFIDENTIAL: test\"}");
    enclave.on(
        "GET /v1/runs/r1",
        200,
        "{\"id\":\"r1\",\"status\":\"FAILED\",\"phase\":\"VERIFYING_INPUTS\",\"simulated\":true,"
            + "\"error\":{\"code\":\"DIGEST_MISMATCH\",\"message\":\"visits: digest differs\"}}");
    Cli r = run(enclave.uri().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("SIMULATED — NOT CONFIDENTIAL: test").contains("QUEUED → FAILED");
    assertThat(r.err())
        .contains("run FAILED in VERIFYING_INPUTS: DIGEST_MISMATCH: visits: digest differs");
    assertThat(dir.resolve("receipt.json")).doesNotExist();
  }

  @Test
  void aRunOverItsWaitIsCancelled() {
    enclave.on(
        "POST /v1/runs",
        202,
        "{\"id\":\"r2\",\"status\":\"QUEUED\",\"phase\":\"LOCATING_INPUTS\",\"simulated\":false}");
    enclave.on(
        "GET /v1/runs/r2",
        200,
        "{\"id\":\"r2\",\"status\":\"RUNNING\",\"phase\":\"EXECUTING\",\"simulated\":false}");
    enclave.on(
        "DELETE /v1/runs/r2",
        200,
        "{\"id\":\"r2\",\"status\":\"CANCELLED\",\"phase\":\"EXECUTING\",\"simulated\":false}");
    Cli r =
        Cli.run(
            "enclave",
            "run",
            "--enclave",
            enclave.uri().toString(),
            "--contract",
            CONTRACT.toString(),
            "--data",
            dir.toString(),
            "--sql",
            "select 1",
            "--fingerprint",
            "ab".repeat(32),
            "--wait",
            "PT0.6S");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("run r2: QUEUED → EXECUTING").doesNotContain("SIMULATED");
    assertThat(r.err()).contains("the run r2 did not end within PT0.6S; cancelled it");
    assertThat(enclave.requests).anyMatch(q -> q.method().equals("DELETE"));
  }

  @Test
  void anUnreachableEnclaveIsSaidSo() {
    Cli r = run("http://127.0.0.1:1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("the enclave is not reachable at http://127.0.0.1:1");
  }

  @Test
  void noSealedFileInTheDataDirectory() throws IOException {
    Files.delete(dir.resolve("visits.sealed"));
    Cli r = run(enclave.uri().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no sealed file of the contract's datasets in " + dir);
    assertThat(enclave.requests).isEmpty();
  }

  @Test
  void theTableAlignsNumbersRight() {
    var result =
        io.cleanroom.crypto.json.CanonicalJson.parse(
            "{\"columns\":[{\"name\":\"band\",\"type\":\"utf8\"},{\"name\":\"n\",\"type\":\"int64\"}],"
                + "\"rows\":[[\"<25k\",120],[\">=200k\",7]]}");
    assertThat(EnclaveRunCommand.table(result))
        .isEqualTo("  band     n\n  <25k   120\n  >=200k   7\n(2 rows)\n");
  }
}
