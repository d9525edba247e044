/**
 * Tink's AES-GCM-HKDF streaming AEAD, encryption side, exactly as docs/format.md section 4 fixes it (AES-256,
 * HKDF-SHA256, 1 MiB ciphertext segments, ciphertext offset 0), on WebCrypto:
 *
 * | part          | size        | content                                                         |
 * |---------------|-------------|-----------------------------------------------------------------|
 * | stream header | 40          | 0x28 ‖ salt (32) ‖ nonce prefix (7)                              |
 * | segment 0     | ≤ 1,048,536 | AES-256-GCM of ≤ 1,048,520 plaintext bytes ‖ tag (16)            |
 * | segment k ≥ 1 | ≤ 1,048,576 | AES-256-GCM of ≤ 1,048,560 plaintext bytes ‖ tag (16)            |
 *
 * Segment key = HKDF-SHA256(DEK, salt, info = associated data, 32); nonce of segment k = prefix ‖ uint32be(k) ‖
 * (01 if last else 00). A segment is encrypted as not-last only once more plaintext follows it, so the final
 * segment (possibly full) always carries the last-segment flag, as the Java writer does.
 * @module
 */
import { randomBytes, subtle, checkDek } from './keys.js';

/** Ciphertext segment size. */
export const SEGMENT_BYTES = 1 << 20;
/** Stream header size: length byte, salt, nonce prefix. */
export const STREAM_HEADER_BYTES = 40;
/** GCM tag size. */
export const TAG_BYTES = 16;
/** Plaintext bytes in segment 0. */
export const FIRST_SEGMENT_PLAINTEXT = SEGMENT_BYTES - TAG_BYTES - STREAM_HEADER_BYTES;
/** Plaintext bytes in every later segment. */
export const SEGMENT_PLAINTEXT = SEGMENT_BYTES - TAG_BYTES;

/**
 * The ciphertext length of a plaintext of `n` bytes.
 * @param {number} n
 * @returns {number}
 */
export function ciphertextLength(n) {
  const segments = n <= FIRST_SEGMENT_PLAINTEXT ? 1 : 1 + Math.ceil((n - FIRST_SEGMENT_PLAINTEXT) / SEGMENT_PLAINTEXT);
  return STREAM_HEADER_BYTES + n + segments * TAG_BYTES;
}

/** Encrypts one stream; ciphertext goes to `emit` in order. Holds one segment of plaintext at most. */
export class StreamEncrypter {
  /**
   * @param {CryptoKey} key the segment key
   * @param {Uint8Array} noncePrefix 7 bytes
   * @param {(chunk: Uint8Array) => Promise<void>} emit
   */
  constructor(key, noncePrefix, emit) {
    this.key = key;
    this.noncePrefix = noncePrefix;
    this.emit = emit;
    this.segment = 0;
    this.buffer = new Uint8Array(SEGMENT_PLAINTEXT);
    this.limit = FIRST_SEGMENT_PLAINTEXT;
    this.filled = 0;
    this.done = false;
  }

  /**
   * Starts a stream: derives the segment key and emits the stream header.
   * @param {Uint8Array} dek
   * @param {Uint8Array} associatedData
   * @param {(chunk: Uint8Array) => Promise<void>} emit
   * @returns {Promise<StreamEncrypter>}
   */
  static async start(dek, associatedData, emit) {
    checkDek(dek);
    const salt = randomBytes(32);
    const noncePrefix = randomBytes(7);
    const ikm = await subtle().importKey('raw', dek, 'HKDF', false, ['deriveKey']);
    const key = await subtle().deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt, info: associatedData },
      ikm,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt'],
    );
    const header = new Uint8Array(STREAM_HEADER_BYTES);
    header[0] = STREAM_HEADER_BYTES;
    header.set(salt, 1);
    header.set(noncePrefix, 33);
    await emit(header);
    return new StreamEncrypter(key, noncePrefix, emit);
  }

  /**
   * Adds plaintext.
   * @param {Uint8Array} bytes
   */
  async write(bytes) {
    if (this.done) throw new Error('the stream is finished');
    let at = 0;
    while (at < bytes.length) {
      if (this.filled === this.limit) {
        // Full, and more is coming: this segment is not the last.
        await this.encrypt(false);
      }
      const n = Math.min(bytes.length - at, this.limit - this.filled);
      this.buffer.set(bytes.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
    }
  }

  /** Encrypts the last segment. */
  async finish() {
    if (this.done) return;
    await this.encrypt(true);
    this.done = true;
    this.buffer.fill(0);
  }

  /** @param {boolean} last */
  async encrypt(last) {
    const nonce = new Uint8Array(12);
    nonce.set(this.noncePrefix);
    new DataView(nonce.buffer).setUint32(7, this.segment);
    nonce[11] = last ? 1 : 0;
    const ciphertext = await subtle().encrypt(
      { name: 'AES-GCM', iv: nonce, tagLength: 128 },
      this.key,
      this.buffer.subarray(0, this.filled),
    );
    this.segment++;
    this.filled = 0;
    this.limit = SEGMENT_PLAINTEXT;
    await this.emit(new Uint8Array(ciphertext));
  }
}
