package io.cleanroom.broker.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.broker.SimulatedTeeResource;
import io.cleanroom.broker.TestContracts;
import io.cleanroom.broker.approval.ApprovalRecord.Decision;
import io.cleanroom.broker.approval.ApprovalRecord.Kind;
import io.cleanroom.broker.approval.Approvals;
import io.cleanroom.broker.contract.Contracts;
import io.cleanroom.broker.custody.KeyCustody;
import io.cleanroom.crypto.dataset.DatasetKey;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.query.contract.Contract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bounded load test on loopback: many enclaves asking for keys at once, with simulated evidence.
 * It asserts behaviour only — every release succeeds, every key opens, no nonce is ever accepted
 * twice (also when two answers to one challenge race) — and prints throughput and latency
 * percentiles for docs/benchmarks.md; speed is never asserted here.
 *
 * <p>{@code -Dcleanroom.load.releases=N} (default 400) and {@code -Dcleanroom.load.concurrency=C}
 * (default 16) size the run.
 */
@QuarkusTest
@QuarkusTestResource(value = SimulatedTeeResource.class, restrictToAnnotatedClass = true)
class ReleaseLoadTest {

  static final int RELEASES = Integer.getInteger("cleanroom.load.releases", 400);
  static final int CONCURRENCY = Integer.getInteger("cleanroom.load.concurrency", 16);
  static final int WARMUP = Integer.getInteger("cleanroom.load.warmup", 100);

  @Inject Contracts contracts;
  @Inject KeyCustody custody;
  @Inject Approvals approvals;

  @TestHTTPResource("/v1/release/")
  URI release;

  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Test
  void concurrentReleasesAllSucceedAndNoNonceIsAcceptedTwice() throws Exception {
    Contract c = contracts.register(TestContracts.hospitalBank(), "load");
    try (DatasetKey v = DatasetKey.generate();
        DatasetKey a = DatasetKey.generate()) {
      custody.deposit("hospital", "visits", v, "hospital-owner");
      custody.deposit("bank", "accounts", a, "bank-owner");
    }
    String fp = ReleaseProtocolTest.fingerprint();
    for (String org : List.of("hospital", "bank")) {
      for (Kind kind : Kind.values()) {
        approvals.decide(
            c,
            new Approvals.Request(
                kind,
                c.id(),
                kind == Kind.QUERY ? Optional.of(fp) : Optional.empty(),
                Decision.APPROVED,
                Optional.empty()),
            org,
            org + "-owner",
            "jwt:load");
      }
    }
    // Warm up (JIT, connection pool), then the measured run.
    run(c, fp, WARMUP, CONCURRENCY);
    long cpu0 = processCpuNanos();
    long client0 = httpClientCpuNanos();
    long pg0 = postgresCpuNanos();
    java.util.Map<String, Long> threads0 = cpuByThreadGroup();
    // -Dcleanroom.load.jfr=FILE records a JFR profile of the measured run.
    String jfr = System.getProperty("cleanroom.load.jfr");
    jdk.jfr.Recording recording = null;
    if (jfr != null) {
      recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
      recording.start();
    }
    Result r = run(c, fp, RELEASES, CONCURRENCY);
    if (recording != null) {
      recording.dump(java.nio.file.Path.of(jfr));
      recording.close();
    }
    double cpuPerRelease = (processCpuNanos() - cpu0) / 1e6 / RELEASES;
    double clientPerRelease = (httpClientCpuNanos() - client0 + r.enclaveCpuNanos) / 1e6 / RELEASES;
    double pgPerRelease = (postgresCpuNanos() - pg0) / 1e6 / RELEASES;
    double brokerPerRelease = cpuPerRelease - clientPerRelease;
    java.util.Map<String, Long> threads1 = cpuByThreadGroup();
    long javaThreads = 0;
    StringBuilder byGroup = new StringBuilder();
    for (var e : threads1.entrySet()) {
      long d = e.getValue() - threads0.getOrDefault(e.getKey(), 0L);
      javaThreads += d;
      byGroup.append(String.format(" %s %.2f", e.getKey(), d / 1e6 / RELEASES));
    }
    System.out.printf(
        "release load: CPU ms per release by thread:%s; JVM-internal (JIT, GC) %.2f%n",
        byGroup, ((processCpuNanos() - cpu0) - javaThreads) / 1e6 / RELEASES);

    assertThat(r.failures).as("failed releases").isEmpty();
    assertThat(r.sessions).hasSize(RELEASES);
    // Every session, answered once already, refuses a second answer.
    List<String> sample = new ArrayList<>(r.sessions).subList(0, Math.min(50, RELEASES));
    for (String s : sample) {
      HttpResponse<String> again = post("attest", attestBody(s, r.lastEvidence, r.lastRuntime));
      assertThat(again.statusCode()).isEqualTo(401);
      assertThat(again.body()).isEqualTo("{\"error\":\"NONCE_REPLAYED\"}");
    }
    // Two answers racing for one challenge: exactly one is accepted.
    int races = 40;
    int accepted = race(c, fp, races);
    assertThat(accepted).isEqualTo(races);

    double seconds = r.nanos / 1e9;
    String line =
        String.format(
            "release load: %d releases (2 datasets each), %d concurrent enclaves, %.2f s:"
                + " %.0f releases/s; challenge+attest latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                + " attest alone p50 %.1f ms, p99 %.1f ms; %d errors; %d racing pairs, %d double"
                + " acceptances; CPU per release: %.1f ms in this JVM, of which the simulated enclaves"
                + " (evidence, HTTP client) %.1f ms and the broker %.1f ms; PostgreSQL %.1f ms;"
                + " so 2 cores serving only the broker and its database would sustain ~%.0f"
                + " releases/s",
            RELEASES,
            CONCURRENCY,
            seconds,
            RELEASES / seconds,
            pct(r.pairMillis, 50),
            pct(r.pairMillis, 99),
            pct(r.pairMillis, 100),
            pct(r.attestMillis, 50),
            pct(r.attestMillis, 99),
            r.failures.size(),
            races,
            accepted - races,
            cpuPerRelease,
            clientPerRelease,
            brokerPerRelease,
            pgPerRelease,
            2000 / (brokerPerRelease + pgPerRelease));
    System.out.println(line);
    java.nio.file.Files.writeString(
        java.nio.file.Path.of("target", "release-load.txt"), line + "\n");
  }

  record Result(
      Set<String> sessions,
      List<String> failures,
      List<Double> pairMillis,
      List<Double> attestMillis,
      long nanos,
      long enclaveCpuNanos,
      JsonNode lastEvidence,
      JsonNode lastRuntime) {}

  Result run(Contract c, String fp, int n, int concurrency) throws Exception {
    Set<String> sessions = ConcurrentHashMap.newKeySet();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<Double> pair = Collections.synchronizedList(new ArrayList<>());
    List<Double> attest = Collections.synchronizedList(new ArrayList<>());
    JsonNode[] last = new JsonNode[2];
    AtomicInteger next = new AtomicInteger();
    java.util.concurrent.atomic.AtomicLong enclaveCpu =
        new java.util.concurrent.atomic.AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      futures.add(
          pool.submit(
              () -> {
                long threadCpu0 = THREADS.getCurrentThreadCpuTime();
                EnclaveDriver enclave =
                    new EnclaveDriver(SimulatedTeeResource.tee(), ReleaseProtocolTest.MEASUREMENT);
                while (next.getAndIncrement() < n) {
                  try {
                    long t0 = System.nanoTime();
                    JsonNode ch =
                        CanonicalJson.parse(post("challenge", "{\"tee\":\"sim\"}").body());
                    String session = ch.get("sessionId").asText();
                    ObjectNode rd =
                        enclave.runtimeData(
                            ch.get("nonce").asText(), c.id(), fp, List.of("visits", "accounts"));
                    JsonNode evidence = enclave.evidence(rd);
                    String body = attestBody(session, evidence, rd);
                    long t1 = System.nanoTime();
                    HttpResponse<String> resp = post("attest", body);
                    long t2 = System.nanoTime();
                    if (resp.statusCode() != 200
                        || CanonicalJson.parse(resp.body()).get("keys").size() != 2) {
                      failures.add(resp.statusCode() + " " + resp.body());
                    } else if (!sessions.add(session)) {
                      failures.add("session answered twice: " + session);
                    }
                    pair.add((t2 - t0) / 1e6);
                    attest.add((t2 - t1) / 1e6);
                    last[0] = evidence;
                    last[1] = rd;
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
                enclaveCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - threadCpu0);
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    long nanos = System.nanoTime() - start;
    pool.shutdown();
    return new Result(sessions, failures, pair, attest, nanos, enclaveCpu.get(), last[0], last[1]);
  }

  /** Answers each of {@code races} challenges twice at the same moment; counts acceptances. */
  int race(Contract c, String fp, int races) throws Exception {
    EnclaveDriver enclave =
        new EnclaveDriver(SimulatedTeeResource.tee(), ReleaseProtocolTest.MEASUREMENT);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger replayed = new AtomicInteger();
    for (int i = 0; i < races; i++) {
      JsonNode ch = CanonicalJson.parse(post("challenge", "{\"tee\":\"sim\"}").body());
      ObjectNode rd = enclave.runtimeData(ch.get("nonce").asText(), c.id(), fp, List.of("visits"));
      String body = attestBody(ch.get("sessionId").asText(), enclave.evidence(rd), rd);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> both = new ArrayList<>();
      for (int k = 0; k < 2; k++) {
        both.add(
            pool.submit(
                () -> {
                  go.await();
                  return post("attest", body).statusCode();
                }));
      }
      go.countDown();
      for (Future<Integer> f : both) {
        int status = f.get();
        if (status == 200) {
          accepted.incrementAndGet();
        } else if (status == 401) {
          replayed.incrementAndGet();
        }
      }
    }
    pool.shutdown();
    assertThat(replayed.get()).as("the losing answers are refused as replays").isEqualTo(races);
    return accepted.get();
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(release.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String attestBody(String session, JsonNode evidence, JsonNode rd) {
    ObjectNode b = CanonicalJson.mapper().createObjectNode();
    b.put("sessionId", session);
    b.set("evidence", evidence);
    b.set("runtimeData", rd);
    return b.toString();
  }

  static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** CPU time of the live Java threads, by name without its trailing number. */
  static java.util.Map<String, Long> cpuByThreadGroup() {
    java.util.Map<String, Long> m = new java.util.TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      m.merge(
          t.getName().replaceAll("[-\\d]+$", ""),
          Math.max(0, THREADS.getThreadCpuTime(t.threadId())),
          Long::sum);
    }
    return m;
  }

  /** CPU time of the load generator's HTTP client threads (its selector manager). */
  static long httpClientCpuNanos() {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("HttpClient-")) {
        sum += Math.max(0, THREADS.getThreadCpuTime(t.threadId()));
      }
    }
    return sum;
  }

  /** CPU time of this machine's PostgreSQL processes, from /proc (0 where there is none). */
  static long postgresCpuNanos() {
    long ticks = 0;
    java.io.File[] procs = new java.io.File("/proc").listFiles((d, name) -> name.matches("\\d+"));
    for (java.io.File proc : procs == null ? new java.io.File[0] : procs) {
      try {
        String stat = java.nio.file.Files.readString(proc.toPath().resolve("stat"));
        int close = stat.lastIndexOf(')');
        if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
          continue;
        }
        String[] f = stat.substring(close + 2).split(" ");
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      } catch (java.io.IOException | RuntimeException e) {
        // the process ended meanwhile
      }
    }
    return ticks * 10_000_000L; // USER_HZ = 100
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double pct(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
  }
}
