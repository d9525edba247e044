// Test support, not shipped: an independent reader of docs/format.md written against the spec with Node's own
// crypto (node:crypto, not WebCrypto) and apache-arrow's IPC reader, used to check what sealFile writes.
import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { tableFromIPC } from 'apache-arrow';

const SEGMENT = 1 << 20;

/**
 * Decrypts one Tink AES-GCM-HKDF stream (docs/format.md section 4).
 * @param {Buffer} dek @param {Buffer} stream @param {Buffer} ad
 * @returns {{plaintext: Buffer, segments: number[]}}
 */
export function decryptStream(dek, stream, ad) {
  if (stream[0] !== 40) throw new Error('bad stream header length');
  const salt = stream.subarray(1, 33);
  const prefix = stream.subarray(33, 40);
  const key = Buffer.from(hkdfSync('sha256', dek, salt, ad, 32));
  const parts = [];
  const segments = [];
  let at = 40;
  for (let k = 0; at < stream.length || k === 0; k++) {
    const size = Math.min(k === 0 ? SEGMENT - 40 : SEGMENT, stream.length - at);
    const last = at + size === stream.length;
    const nonce = Buffer.alloc(12);
    prefix.copy(nonce);
    nonce.writeUInt32BE(k, 7);
    nonce[11] = last ? 1 : 0;
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAuthTag(stream.subarray(at + size - 16, at + size));
    parts.push(d.update(stream.subarray(at, at + size - 16)), d.final());
    segments.push(size);
    at += size;
  }
  return { plaintext: Buffer.concat(parts), segments };
}

/**
 * Opens a sealed file following the spec alone: checks magic, length, header tag and every column.
 * @param {Uint8Array} bytes @param {Uint8Array} dekBytes
 */
export function openSealed(bytes, dekBytes) {
  const file = Buffer.from(bytes);
  const dek = Buffer.from(dekBytes);
  if (file.subarray(0, 8).toString('latin1') !== 'CRSEALED') throw new Error('bad magic');
  const h = file.readUInt32BE(8);
  const headerBytes = file.subarray(12, 12 + h);
  const header = JSON.parse(headerBytes.toString('utf8'));
  const kHdr = Buffer.from(hkdfSync('sha256', dek, Buffer.alloc(0), 'cleanroom/sealed-dataset/v1/header-tag', 32));
  const tag = createHmac('sha256', kHdr).update(file.subarray(0, 12 + h)).digest();
  if (!timingSafeEqual(tag, file.subarray(12 + h, 44 + h))) throw new Error('header tag does not verify');
  const body = 44 + h;
  const last = header.layout.columns.at(-1);
  if (file.length !== body + last.offset + last.length) throw new Error('file length does not match the layout');
  const bindingDigest = createHash('sha256').update(canonical(header.dataset)).digest();
  const columns = header.layout.columns.map((/** @type {any} */ c) => {
    const index = Buffer.alloc(4);
    index.writeUInt32BE(c.index);
    const ad = Buffer.concat([bindingDigest, index, Buffer.from(c.name, 'utf8')]);
    const stream = file.subarray(body + c.offset, body + c.offset + c.length);
    const { plaintext, segments } = decryptStream(dek, stream, ad);
    if (!plaintext.subarray(-8).equals(Buffer.from([255, 255, 255, 255, 0, 0, 0, 0]))) {
      throw new Error('the column stream does not end with the end-of-stream marker');
    }
    const table = tableFromIPC(plaintext);
    return { name: c.name, table, segments, ipcBytes: plaintext.length };
  });
  return { header, headerBytes, columns };
}

/**
 * RFC 8785 for the objects a header holds (strings, integers, booleans), written independently.
 * @param {any} v
 * @returns {string}
 */
export function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
