/**
 * The data key (DEK) and what docs/format.md section 3 derives from it with WebCrypto: the public key id and
 * the header tag. The same code runs in browsers and in Node.js (globalThis.crypto).
 * @module
 */

const ASCII = new TextEncoder();
const KEY_ID_LABEL = ASCII.encode('cleanroom/dataset-key-id/v1\0');
const HEADER_TAG_LABEL = ASCII.encode('cleanroom/sealed-dataset/v1/header-tag');

/** Key length in bytes (AES-256). */
export const KEY_BYTES = 32;

/** @returns {SubtleCrypto} */
export function subtle() {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available (a browser needs a secure context: https or localhost)');
  return s;
}

/**
 * `n` random bytes from the platform's CSPRNG.
 * @param {number} n
 * @returns {Uint8Array}
 */
export function randomBytes(n) {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** @returns {Uint8Array} a fresh 32-byte data key */
export function generateDek() {
  return randomBytes(KEY_BYTES);
}

/**
 * Base64url without padding.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function base64Url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * Concatenation of byte arrays.
 * @param {...Uint8Array} parts
 * @returns {Uint8Array}
 */
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The key id: base64url of the first 16 bytes of SHA-256("cleanroom/dataset-key-id/v1" ‖ 00 ‖ DEK).
 * @param {Uint8Array} dek
 * @returns {Promise<string>}
 */
export async function keyId(dek) {
  checkDek(dek);
  const digest = new Uint8Array(await subtle().digest('SHA-256', concat(KEY_ID_LABEL, dek)));
  return base64Url(digest.subarray(0, 16));
}

/**
 * HMAC-SHA256(K_hdr, bytes) with K_hdr = HKDF-SHA256(DEK, empty salt, "cleanroom/sealed-dataset/v1/header-tag").
 * @param {Uint8Array} dek
 * @param {Uint8Array} bytes magic ‖ header length ‖ header
 * @returns {Promise<Uint8Array>}
 */
export async function headerTag(dek, bytes) {
  checkDek(dek);
  const ikm = await subtle().importKey('raw', dek, 'HKDF', false, ['deriveKey']);
  const mac = await subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: HEADER_TAG_LABEL },
    ikm,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  return new Uint8Array(await subtle().sign('HMAC', mac, bytes));
}

/** @param {Uint8Array} dek */
export function checkDek(dek) {
  if (!(dek instanceof Uint8Array) || dek.length !== KEY_BYTES) {
    throw new Error(`a dataset key has ${KEY_BYTES} bytes`);
  }
}
