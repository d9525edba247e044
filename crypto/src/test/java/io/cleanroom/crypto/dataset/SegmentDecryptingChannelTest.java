package io.cleanroom.crypto.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader's segment decryption agrees with Tink's encryption at every segment boundary. */
class SegmentDecryptingChannelTest {

  private static final int FIRST = (1 << 20) - 40 - 16;
  private static final int NEXT = (1 << 20) - 16;

  /** Plaintext lengths around Tink's segment boundaries. */
  static int[] boundaryLengths() {
    return new int[] {
      0, 1, 4095, FIRST - 1, FIRST, FIRST + 1, FIRST + NEXT, FIRST + NEXT + 1, FIRST + 3 * NEXT - 7
    };
  }

  private final DatasetKey key = DatasetKey.generate();
  private final byte[] aad = "column-aad".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private byte[] encrypt(byte[] plaintext) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WritableByteChannel ch =
        key.streamingAead().newEncryptingChannel(Channels.newChannel(out), aad)) {
      ch.write(ByteBuffer.wrap(plaintext));
    }
    return out.toByteArray();
  }

  /** Encrypts with the writer's own channel, feeding it from off-heap buffers of 100,000 bytes. */
  private byte[] encryptOwn(byte[] plaintext) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SegmentEncryptingChannel ch =
        new SegmentEncryptingChannel(key.segmentCipher(), Channels.newChannel(out), aad)) {
      for (int off = 0; off < plaintext.length; off += 100_000) {
        int n = Math.min(100_000, plaintext.length - off);
        ch.write(ByteBuffer.allocateDirect(n).put(plaintext, off, n).flip());
      }
    }
    return out.toByteArray();
  }

  private byte[] decryptWithTink(byte[] ciphertext) throws Exception {
    try (var in =
        key.streamingAead()
            .newDecryptingStream(new java.io.ByteArrayInputStream(ciphertext), aad)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @MethodSource("boundaryLengths")
  void theWritersChannelProducesExactlyTinksFormat(int length) throws Exception {
    byte[] plaintext = new byte[length];
    new Random(length).nextBytes(plaintext);
    byte[] own = encryptOwn(plaintext);
    assertThat(own).hasSameSizeAs(encrypt(plaintext));
    assertThat(decryptWithTink(own)).isEqualTo(plaintext);
    assertThat(decrypt(own, 1 << 16)).isEqualTo(plaintext);
  }

  private byte[] decrypt(byte[] ciphertext, int readSize) throws IOException {
    AesGcmHkdfStreaming aead = key.segmentCipher();
    // Put the stream at an offset inside a larger source, as in a sealed file.
    byte[] file = new byte[ciphertext.length + 100];
    System.arraycopy(ciphertext, 0, file, 50, ciphertext.length);
    SegmentDecryptingChannel ch =
        new SegmentDecryptingChannel(
            aead, ByteSource.of(ByteBuffer.wrap(file)), 50, ciphertext.length, aad);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocateDirect(readSize);
    while (ch.read(buf.clear()) >= 0) {
      buf.flip();
      byte[] chunk = new byte[buf.remaining()];
      buf.get(chunk);
      out.write(chunk);
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @MethodSource("boundaryLengths")
  void decryptsWhatTinkEncrypts(int length) throws Exception {
    byte[] plaintext = new byte[length];
    new Random(length).nextBytes(plaintext);
    byte[] ciphertext = encrypt(plaintext);
    assertThat(decrypt(ciphertext, 1 << 16)).isEqualTo(plaintext);
    assertThat(decrypt(ciphertext, 3 << 20)).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @ValueSource(ints = {FIRST, FIRST + NEXT, FIRST + 2 * NEXT})
  void refusesAStreamCutAtASegmentBoundary(int length) throws Exception {
    byte[] plaintext = new byte[length + 1000];
    byte[] ciphertext = encrypt(plaintext);
    // Drop the final segment: what remains ends with a segment encrypted as not-last.
    byte[] cut = Arrays.copyOf(ciphertext, 40 + length + 16 * ((length - FIRST) / NEXT + 1));
    assertThatThrownBy(() -> decrypt(cut, 1 << 16))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("failed authentication");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 17, 40, 41, 1000})
  void refusesTruncatedHeadersAndShortSegments(int length) throws Exception {
    byte[] ciphertext = encrypt(new byte[5000]);
    assertThatThrownBy(() -> decrypt(Arrays.copyOf(ciphertext, length), 1 << 16))
        .isInstanceOf(IOException.class);
  }
}
