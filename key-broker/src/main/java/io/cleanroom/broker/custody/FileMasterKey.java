package io.cleanroom.broker.custody;

import io.cleanroom.crypto.json.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded default master key: 32 random bytes in a file that only the broker's user may read
 * (created on first start with permissions 0600; a file others can read is refused).
 *
 * <p><b>Security:</b> whoever reads the file can open every deposited key: keep it on an encrypted
 * volume, back it up separately from the database, and prefer {@link Pkcs11MasterKey} in
 * production.
 */
public final class FileMasterKey implements MasterKey {

  static final int KEY_BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private final SecretKeySpec key;
  private final String id;

  private FileMasterKey(byte[] raw) {
    this.key = new SecretKeySpec(raw, "AES");
    MessageDigest md = Digests.newDigest("SHA-256");
    md.update("cleanroom/master-key-id/v1\0".getBytes(StandardCharsets.US_ASCII));
    md.update(raw);
    this.id = "file:" + Digests.hex(md.digest()).substring(0, 16);
    Arrays.fill(raw, (byte) 0);
  }

  /** Reads the key file, creating it (0600) with a fresh key when it does not exist. */
  public static FileMasterKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return load(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use master key file " + file, e);
    }
  }

  /** Reads an existing key file. */
  public static FileMasterKey load(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new IOException(
          "master key file "
              + file
              + " is readable by others ("
              + PosixFilePermissions.toString(perms)
              + "); chmod 600 it");
    }
    byte[] raw = Files.readAllBytes(file);
    if (raw.length != KEY_BYTES) {
      Arrays.fill(raw, (byte) 0);
      throw new IOException("master key file " + file + " does not hold " + KEY_BYTES + " bytes");
    }
    return new FileMasterKey(raw);
  }

  private static void create(Path file) throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    byte[] raw = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(raw);
    try (FileChannel ch =
        FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
      ch.write(ByteBuffer.wrap(raw));
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      // Another process created it first: use theirs.
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] seal(byte[] plaintext, byte[] associatedData) {
    return AesGcmSealing.seal(key, null, plaintext, associatedData);
  }

  @Override
  public byte[] open(byte[] sealed, byte[] associatedData) {
    return AesGcmSealing.open(key, null, sealed, associatedData);
  }

  @Override
  public String toString() {
    return "FileMasterKey[" + id + "]";
  }
}
