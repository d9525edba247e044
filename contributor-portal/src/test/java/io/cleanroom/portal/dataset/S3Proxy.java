package io.cleanroom.portal.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: S3Proxy (its all-in-one jar from Maven Central, {@code
 * -Ds3proxy.jar}) started as a process with its filesystem backend in a fresh directory, SigV2/V4
 * authentication with a fixed test key pair, one bucket created. Its log is {@code s3proxy.log}
 * there.
 */
public final class S3Proxy implements AutoCloseable {

  public static final String ACCESS_KEY = "portal-test-access";
  public static final String SECRET_KEY = "portal-test-secret";
  public static final String BUCKET = "sealed";

  private final Process process;
  private final URI endpoint;
  private final Path dir;

  private S3Proxy(Process process, URI endpoint, Path dir) {
    this.process = process;
    this.endpoint = endpoint;
    this.dir = dir;
  }

  /** Starts S3Proxy and creates {@link #BUCKET}. */
  public static S3Proxy start() {
    Path jar = Path.of(System.getProperty("s3proxy.jar", "s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no S3Proxy jar at " + jar + ": fetch org.gaul:s3proxy:jar:jar-with-dependencies");
    }
    try {
      Path dir = Files.createTempDirectory("portal-s3proxy");
      Path data = Files.createDirectories(dir.resolve("data"));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      Path conf = dir.resolve("s3proxy.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=filesystem",
              "jclouds.filesystem.basedir=" + data,
              ""));
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-jar",
                  jar.toAbsolutePath().toString(),
                  "--properties",
                  conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("s3proxy.log").toFile())
              .start();
      S3Proxy proxy = new S3Proxy(p, endpoint, dir);
      proxy.awaitListening(port, Duration.ofSeconds(60));
      try (S3Client s3 = proxy.client()) {
        s3.createBucket(b -> b.bucket(BUCKET));
      }
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The server's URL. */
  public URI endpoint() {
    return endpoint;
  }

  /** A client of this server, configured as the portal's (path-style, the test key). */
  public S3Client client() {
    return BlobStores.client(
        endpoint,
        "us-east-1",
        java.util.Optional.of(ACCESS_KEY),
        java.util.Optional.of(SECRET_KEY),
        true);
  }

  private void awaitListening(int port, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited; see " + dir.resolve("s3proxy.log"));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
    close();
    throw new IllegalStateException("S3Proxy did not start; see " + dir.resolve("s3proxy.log"));
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing depends on it
    }
  }
}
