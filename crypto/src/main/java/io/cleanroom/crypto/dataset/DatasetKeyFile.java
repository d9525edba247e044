package io.cleanroom.crypto.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cleanroom.crypto.CryptoException;
import io.cleanroom.crypto.KeyAccess;
import io.cleanroom.crypto.json.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;

/**
 * The owner's key file: one JSON object {@code {"type", "keyId", "cipher", "key"}} with the key in
 * base64url, written with owner-only permissions (0600).
 *
 * <p><b>Security:</b> the file holds the raw data key. It is created with 0600 permissions before
 * any byte is written, never overwritten silently, and its key id is checked against the key on
 * reading so that a corrupted file is refused.
 */
public final class DatasetKeyFile {

  /** The {@code type} member of key files. */
  public static final String TYPE = "cleanroom.dataset-key/v1";

  private DatasetKeyFile() {}

  /** Writes {@code key} to a new file (refuses to overwrite an existing one). */
  public static void write(Path file, DatasetKey key) {
    byte[] raw = key.toBytes(KeyAccess.rawKeyMaterial());
    byte[] json = null;
    try {
      ObjectNode node = CanonicalJson.mapper().createObjectNode();
      node.put("type", TYPE);
      node.put("keyId", key.keyId());
      node.put("cipher", DatasetKey.CIPHER);
      node.put("key", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
      json = (CanonicalJson.toString(node) + "\n").getBytes(StandardCharsets.UTF_8);
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      Path tmp =
          Files.createTempFile(
              dir,
              ".key-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(tmp, json);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (FileAlreadyExistsException e) {
      throw new CryptoException(CryptoException.Code.IO, "key file already exists: " + file);
    } catch (IOException e) {
      throw new CryptoException(
          CryptoException.Code.IO, "cannot write key file " + file + ": " + e.getMessage(), e);
    } finally {
      Arrays.fill(raw, (byte) 0);
      if (json != null) {
        Arrays.fill(json, (byte) 0);
      }
    }
  }

  /** Reads a key file written by {@link #write}. */
  public static DatasetKey read(Path file) {
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CryptoException(
          CryptoException.Code.IO, "cannot read key file " + file + ": " + e.getMessage(), e);
    }
    byte[] raw = null;
    try {
      JsonNode node = CanonicalJson.parse(json);
      if (!TYPE.equals(node.path("type").asText())
          || !DatasetKey.CIPHER.equals(node.path("cipher").asText())) {
        throw malformed(file, "not a " + TYPE + " key file");
      }
      raw = Base64.getUrlDecoder().decode(node.path("key").asText());
      DatasetKey key = DatasetKey.fromBytes(raw, KeyAccess.rawKeyMaterial());
      if (!key.keyId().equals(node.path("keyId").asText())) {
        key.close();
        throw malformed(file, "key id does not match the key (corrupted key file)");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw malformed(file, "key is not valid base64url");
    } catch (CryptoException e) {
      if (e.code() == CryptoException.Code.MALFORMED_KEY) {
        throw e;
      }
      throw malformed(file, "not a key file");
    } finally {
      Arrays.fill(json, (byte) 0);
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  private static CryptoException malformed(Path file, String why) {
    return new CryptoException(CryptoException.Code.MALFORMED_KEY, file + ": " + why);
  }
}
