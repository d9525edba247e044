package io.cleanroom.crypto.json;

import io.cleanroom.crypto.CryptoException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and SHA-512 digests, of bytes, canonical JSON and files, with hex helpers. */
public final class Digests {

  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  /** SHA-256 of the bytes. */
  public static byte[] sha256(byte[] data) {
    return newDigest("SHA-256").digest(data);
  }

  /** SHA-512 of the bytes. */
  public static byte[] sha512(byte[] data) {
    return newDigest("SHA-512").digest(data);
  }

  /** SHA-256 of the value's canonical JSON (RFC 8785). */
  public static byte[] sha256OfCanonicalJson(Object value) {
    return sha256(CanonicalJson.toBytes(value));
  }

  /** SHA-256 of a file's whole content, streamed. */
  public static byte[] sha256(Path file) {
    MessageDigest md = newDigest("SHA-256");
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    } catch (IOException e) {
      throw new CryptoException(
          CryptoException.Code.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return md.digest();
  }

  /** SHA-256 of a stream's remaining content. */
  public static byte[] sha256(InputStream in) throws IOException {
    MessageDigest md = newDigest("SHA-256");
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) >= 0) {
      md.update(buf, 0, n);
    }
    return md.digest();
  }

  /** Lower-case hex. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Parses hex (either case); throws {@link CryptoException} on bad input. */
  public static byte[] fromHex(String hex) {
    try {
      return HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CryptoException(CryptoException.Code.MALFORMED_JSON, "not a hex string");
    }
  }

  /** A fresh {@link MessageDigest}; the algorithms used here are mandatory in every JDK. */
  public static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is mandatory in every JDK", e);
    }
  }
}
