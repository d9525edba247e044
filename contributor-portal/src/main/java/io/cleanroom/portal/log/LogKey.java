package io.cleanroom.portal.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.json.CanonicalJson;
import io.cleanroom.crypto.receipt.ReceiptSigningKey;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The portal's log key: the Ed25519 key that signs the portal's own log entries and every tree
 * head. Kept in an owner-only file ({@code portal.log-key.file}, created on first start), so that
 * verifiers can pin one key across restarts; its public half is served at {@code GET /v1/log/key}.
 *
 * <p><b>Security:</b> whoever reads the file can sign heads in the portal's name, which lets them
 * present a forked log to someone who has not seen the real one; verifiers detect it with a head
 * they saw before ({@code cleanroom verify log --previous-head}). Production keeps the file on a
 * secret volume (docs/portal.md).
 */
@Startup
@ApplicationScoped
public class LogKey {

  private static final Logger LOG = Logger.getLogger(LogKey.class);
  private static final String FORMAT = "cleanroom.log-key.v1";

  private final ReceiptSigningKey key;

  LogKey(@ConfigProperty(name = "portal.log-key.file") Path file) {
    this.key = loadOrCreate(file);
    LOG.infof("log key %s (%s)", key.publicKeyBase64Url(), file);
  }

  /** The signing key. */
  public ReceiptSigningKey key() {
    return key;
  }

  /** The raw public key. */
  public byte[] publicKey() {
    return key.publicKey();
  }

  @PreDestroy
  void close() {
    key.close();
  }

  static ReceiptSigningKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      ReceiptSigningKey fresh = ReceiptSigningKey.generate();
      byte[] seed = fresh.toBytes(KeyAccess.rawKeyMaterial());
      ObjectNode doc = CanonicalJson.mapper().createObjectNode();
      doc.put("format", FORMAT);
      doc.put("privateKey", Base64.getUrlEncoder().withoutPadding().encodeToString(seed));
      doc.put("publicKey", fresh.publicKeyBase64Url());
      byte[] bytes = CanonicalJson.toBytes(doc);
      Path tmp =
          Files.createTempFile(
              file.toAbsolutePath().getParent(),
              ".log-key",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(tmp, bytes);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
          // Another process created it first: use that one.
          fresh.close();
          return load(file);
        }
      } finally {
        Files.deleteIfExists(tmp);
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(bytes, (byte) 0);
      }
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log key " + file, e);
    }
  }

  private static ReceiptSigningKey load(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      JsonNode doc = CanonicalJson.parse(bytes);
      if (!FORMAT.equals(doc.path("format").textValue())) {
        throw new IllegalStateException("not a portal log key file: " + file);
      }
      byte[] seed = Base64.getUrlDecoder().decode(doc.path("privateKey").asText());
      try {
        ReceiptSigningKey key = ReceiptSigningKey.fromBytes(seed, KeyAccess.rawKeyMaterial());
        if (!key.publicKeyBase64Url().equals(doc.path("publicKey").asText())) {
          key.close();
          throw new IllegalStateException("its public key does not belong to its private key");
        }
        return key;
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("the log key file " + file + " is damaged", e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
