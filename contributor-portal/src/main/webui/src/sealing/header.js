/**
 * The sealed file's header and the values derived from it (docs/format.md sections 1–4): the binding, the
 * layout, the canonical header bytes, the file prefix and each column's associated data.
 * @module
 */
import { concat } from './keys.js';

/** The file magic, ASCII "CRSEALED". */
export const MAGIC = new TextEncoder().encode('CRSEALED');
/** The cipher name in the header. */
export const CIPHER = 'AES256_GCM_HKDF_1MB';
/** The header's `format` member. */
export const FORMAT = 'cleanroom.sealed-dataset';
/** The format version written. */
export const VERSION = 1;
/** Largest header a reader accepts. */
export const MAX_HEADER_BYTES = 16 << 20;

/**
 * The instant as java.time.Instant prints it, to whole seconds: `2026-11-22T10:00:00Z`. (Java drops a zero
 * fraction, and a reader re-canonicalises the header, so a JavaScript `.000Z` would be refused.)
 * @param {Date} date
 */
export function instantText(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The header's `dataset` member: fixed before anything is encrypted.
 * @param {{datasetId: string, ownerOrg: string, collaborationId: string, createdAt: Date, keyId: string,
 *          sealId: string, columns: import('./types.js').ColumnSpec[]}} b
 */
export function binding(b) {
  return {
    cipher: CIPHER,
    collaborationId: b.collaborationId,
    createdAt: instantText(b.createdAt),
    datasetId: b.datasetId,
    keyId: b.keyId,
    ownerOrg: b.ownerOrg,
    schema: { fields: b.columns.map((c) => ({ name: c.name, nullable: c.nullable, type: c.type })) },
    sealId: b.sealId,
  };
}

/**
 * The whole header, once the column stream lengths are known.
 * @param {ReturnType<typeof binding>} dataset
 * @param {number[]} batchRowCounts
 * @param {number[]} columnLengths ciphertext length of each column stream
 */
export function header(dataset, batchRowCounts, columnLengths) {
  let offset = 0;
  const columns = columnLengths.map((length, index) => {
    const c = { index, length, name: dataset.schema.fields[index].name, offset };
    offset += length;
    return c;
  });
  return {
    dataset,
    format: FORMAT,
    layout: { batchRowCounts, columns, rowCount: batchRowCounts.reduce((a, b) => a + b, 0) },
    version: VERSION,
  };
}

/**
 * Magic and header length (uint32 be).
 * @param {number} headerLength
 */
export function prefix(headerLength) {
  if (headerLength > MAX_HEADER_BYTES) throw new Error(`the header would have ${headerLength} bytes, more than 16 MiB`);
  const p = new Uint8Array(12);
  p.set(MAGIC);
  new DataView(p.buffer).setUint32(8, headerLength);
  return p;
}

/**
 * AD_i = SHA-256(canonical JSON of the binding) ‖ uint32 be(i) ‖ UTF-8(name).
 * @param {Uint8Array} bindingDigest
 * @param {number} index
 * @param {string} name
 */
export function columnAssociatedData(bindingDigest, index, name) {
  const i = new Uint8Array(4);
  new DataView(i.buffer).setUint32(0, index);
  return concat(bindingDigest, i, new TextEncoder().encode(name));
}

