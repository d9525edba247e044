package io.cleanroom.portal.sealing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the browser sealing code ({@code src/main/webui/src/sealing}) under Node.js through {@code
 * scripts/seal.mjs}. Fails with a clear message when {@code node} or the npm dependencies are
 * missing: the build runs {@code npm ci} before the tests.
 */
final class NodeSealer {

  static final Path WEBUI = Path.of("src/main/webui").toAbsolutePath();

  /** What the script printed, or why it refused. */
  record Result(int exitCode, byte[] key, String keyId, String sha256, long size, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private NodeSealer() {}

  /** Fails unless node 20+ is on PATH and {@code node_modules} holds apache-arrow. */
  static void requireNode() throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "node is not on PATH: the browser sealing interop test needs Node.js 20+");
    }
    String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("node --version failed: " + version);
    }
    if (!Files.isDirectory(WEBUI.resolve("node_modules/apache-arrow"))) {
      throw new AssertionError(
          "node_modules is missing: run `npm ci` in "
              + WEBUI
              + " (the Maven build does this before the tests)");
    }
  }

  /** Seals {@code input} to {@code output} with the given meta JSON, under Node.js. */
  static Result seal(Path input, Path output, String metaJson)
      throws IOException, InterruptedException {
    return run("scripts/seal.mjs", input, output, metaJson);
  }

  /**
   * Seals {@code input} to {@code output} inside headless Chromium ({@code $CHROMIUM} or {@code
   * /usr/bin/chromium}, Debian's package, which the CI installs); fails if there is none.
   */
  static Result sealInChromium(Path input, Path output, String metaJson)
      throws IOException, InterruptedException {
    Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      throw new AssertionError(
          chromium + " is missing: the browser sealing test needs Chromium (Debian's chromium)");
    }
    return run("scripts/seal-in-chromium.mjs", input, output, metaJson);
  }

  private static Result run(String script, Path input, Path output, String metaJson)
      throws IOException, InterruptedException {
    Path meta = Files.createTempFile(output.getParent(), "meta-", ".json");
    Files.writeString(meta, metaJson);
    Path err = Files.createTempFile(output.getParent(), "stderr-", ".txt");
    Process p =
        new ProcessBuilder(
                List.of(
                    "node",
                    WEBUI.resolve(script).toString(),
                    input.toString(),
                    output.toString(),
                    meta.toString()))
            .directory(WEBUI.toFile())
            .redirectError(err.toFile())
            .start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("node " + script + " did not finish within 5 minutes");
    }
    String stderr = Files.readString(err);
    if (p.exitValue() != 0) {
      return new Result(p.exitValue(), null, null, null, -1, stderr);
    }
    JsonNode out = CanonicalJson.parse(stdout);
    return new Result(
        0,
        Base64.getUrlDecoder().decode(out.path("key").asText()),
        out.path("keyId").asText(),
        out.path("sha256").asText(),
        out.path("size").asLong(),
        stderr);
  }
}
