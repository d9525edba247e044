package io.cleanroom.attestation;

import java.util.Arrays;

/**
 * A bounds-checked little-endian reader over untrusted bytes: every read past the end throws {@link
 * AttestationException} with {@link AttestationException.Code#MALFORMED_EVIDENCE}.
 */
public final class ByteReader {

  private final byte[] data;
  private final int limit;
  private int pos;

  /** A reader over the whole array. */
  public ByteReader(byte[] data) {
    this(data, 0, data.length);
  }

  /** A reader over {@code data[offset, offset + length)}. */
  public ByteReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw malformed("range " + offset + "+" + length + " outside " + data.length + " bytes");
    }
    this.data = data;
    this.pos = offset;
    this.limit = offset + length;
  }

  /** The current absolute offset. */
  public int position() {
    return pos;
  }

  /** Bytes left before the limit. */
  public int remaining() {
    return limit - pos;
  }

  /** Reads an unsigned 8-bit value. */
  public int u8() {
    need(1);
    return data[pos++] & 0xff;
  }

  /** Reads an unsigned little-endian 16-bit value. */
  public int u16() {
    need(2);
    int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  /** Reads an unsigned little-endian 32-bit value into a long. */
  public long u32() {
    need(4);
    long v = u32At(data, pos);
    pos += 4;
    return v;
  }

  /** Reads a little-endian 64-bit value. */
  public long u64() {
    need(8);
    long v = u64At(data, pos);
    pos += 8;
    return v;
  }

  /** Reads {@code n} bytes into a new array. */
  public byte[] bytes(int n) {
    if (n < 0) {
      throw malformed("negative length " + n);
    }
    need(n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  /** Reads a length that must fit the remaining bytes, as an int. */
  public int length32() {
    long n = u32();
    if (n > remaining()) {
      throw malformed("declared length " + n + " exceeds the " + remaining() + " bytes left");
    }
    return (int) n;
  }

  /** Skips {@code n} bytes. */
  public void skip(int n) {
    need(n);
    pos += n;
  }

  private void need(int n) {
    if (n > limit - pos) {
      throw malformed(
          "truncated: need " + n + " bytes at offset " + pos + ", have " + (limit - pos));
    }
  }

  /** Little-endian unsigned 32-bit value at an absolute offset (caller checks bounds). */
  public static long u32At(byte[] b, int off) {
    return (b[off] & 0xffL)
        | (b[off + 1] & 0xffL) << 8
        | (b[off + 2] & 0xffL) << 16
        | (b[off + 3] & 0xffL) << 24;
  }

  /** Little-endian 64-bit value at an absolute offset (caller checks bounds). */
  public static long u64At(byte[] b, int off) {
    return u32At(b, off) | u32At(b, off + 4) << 32;
  }

  private static AttestationException malformed(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_EVIDENCE, message);
  }
}
