/**
 * Arrow IPC input, read from a Blob with apache-arrow: the stream format slice by slice, the file format from its
 * footer and then block by block; only one record batch is in memory at a time. Dictionary-encoded columns are
 * decoded to plain values, and large/view strings and binaries become utf8 and binary.
 * @module
 */
import { DataType, RecordBatchReader, vectorFromArray } from 'apache-arrow';
import { columnsFromArrow, parseType } from './types.js';
import { READ_BYTES } from './csv.js';

const FILE_MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"

/**
 * What a Blob holds, from its first bytes.
 * @param {Blob} blob
 * @returns {Promise<'arrow-file'|'arrow-stream'|'csv'>}
 */
export async function sniff(blob) {
  const head = new Uint8Array(await blob.slice(0, 8).arrayBuffer());
  if (FILE_MAGIC.every((b, i) => head[i] === b)) return 'arrow-file';
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) {
    return 'arrow-stream';
  }
  return 'csv';
}

/**
 * The Blob's bytes from `start`, a slice at a time.
 * @param {Blob} blob
 * @param {{signal?: AbortSignal, onBytes?: (n: number) => void}} options
 */
async function* slices(blob, options) {
  for (let at = 0; at < blob.size; at += READ_BYTES) {
    options.signal?.throwIfAborted();
    const bytes = new Uint8Array(await blob.slice(at, Math.min(blob.size, at + READ_BYTES)).arrayBuffer());
    options.onBytes?.(bytes.length);
    yield bytes;
  }
}

/**
 * A Blob as the file handle apache-arrow's random-access reader takes (it asks for `fd`, `stat`, `read`,
 * `close`): the file format is read from its footer, then block by block.
 * @param {Blob} blob
 * @param {{signal?: AbortSignal, onBytes?: (n: number) => void}} options
 */
function blobHandle(blob, options) {
  return {
    fd: -1,
    stat: async () => ({ size: blob.size }),
    /** @param {Uint8Array} buffer @param {number} offset @param {number} length @param {number} position */
    read: async (buffer, offset, length, position) => {
      options.signal?.throwIfAborted();
      const bytes = new Uint8Array(await blob.slice(position, position + length).arrayBuffer());
      buffer.set(bytes, offset);
      options.onBytes?.(bytes.length);
      return { bytesRead: bytes.length, buffer };
    },
    close: async () => {},
  };
}

/**
 * An apache-arrow reader over a Blob, opened.
 * @param {Blob} blob
 * @param {'arrow-file'|'arrow-stream'} kind
 * @param {{signal?: AbortSignal, onBytes?: (n: number) => void}} options
 */
async function openReader(blob, kind, options) {
  try {
    const source = kind === 'arrow-file' ? blobHandle(blob, options) : slices(blob, options);
    // @ts-ignore: the Blob handle has what apache-arrow's file handle check asks for
    const reader = await RecordBatchReader.from(source);
    await reader.open();
    if (!reader.schema) throw new Error('it has no schema');
    return reader;
  } catch (e) {
    throw malformed(e);
  }
}

/**
 * An Arrow Blob's record batches (empty batches skipped).
 * @param {Blob} blob
 * @param {'arrow-file'|'arrow-stream'} kind
 * @param {{signal?: AbortSignal, onBytes?: (n: number) => void}} [options]
 * @returns {AsyncGenerator<import('apache-arrow').RecordBatch, import('apache-arrow').Schema>}
 */
export async function* arrowRecordBatches(blob, kind, options = {}) {
  const reader = await openReader(blob, kind, options);
  const iterator = reader[Symbol.asyncIterator]();
  for (;;) {
    let next;
    try {
      next = await iterator.next();
    } catch (e) {
      throw malformed(e);
    }
    if (next.done) return reader.schema;
    if (next.value.numRows > 0) yield next.value;
  }
}

/** @param {unknown} e */
function malformed(e) {
  if (e instanceof DOMException && e.name === 'AbortError') return e;
  return new Error(`the Arrow input is malformed (${e instanceof Error ? e.message : String(e)})`);
}

/**
 * The schema of an Arrow Blob.
 * @param {Blob} blob
 * @param {'arrow-file'|'arrow-stream'} kind
 * @returns {Promise<import('apache-arrow').Schema>}
 */
export async function arrowSchema(blob, kind) {
  const reader = await openReader(blob, kind, {});
  const schema = reader.schema;
  await reader.cancel();
  return schema;
}

/**
 * The columns to seal from an Arrow input: its own, checked against `given` (the contract's) if there is one.
 * @param {import('apache-arrow').Schema} schema
 * @param {import('./types.js').ColumnSpec[] | null} given
 * @returns {import('./types.js').ColumnSpec[]}
 */
export function arrowColumns(schema, given) {
  const own = columnsFromArrow(schema);
  if (!given) return own;
  const names = own.map((c) => c.name);
  const expected = given.map((c) => c.name);
  if (names.length !== expected.length || names.some((n, i) => n !== expected[i])) {
    throw new Error(`the Arrow input's columns ${JSON.stringify(names)} do not match the schema's ${JSON.stringify(expected)}`);
  }
  own.forEach((c, i) => {
    if (c.type !== given[i].type) {
      throw new Error(`column '${c.name}': the Arrow input has type ${c.type}, the schema says ${given[i].type}`);
    }
  });
  return given;
}

/**
 * Whether an input type is a 64-bit-offset or view string/binary type, sealed as utf8/binary.
 * @param {DataType} t
 */
export function isWideOrView(t) {
  return DataType.isLargeUtf8(t) || DataType.isUtf8View(t) || DataType.isLargeBinary(t) || DataType.isBinaryView(t);
}

/**
 * Column `index` of a batch as plain (not dictionary-encoded) data of the column's type; refuses nulls in a
 * column that is not nullable.
 * @param {import('apache-arrow').RecordBatch} batch
 * @param {number} index
 * @param {import('./types.js').ColumnSpec} column
 * @param {number} batchNumber
 * @returns {import('apache-arrow').Data}
 */
export function plainColumn(batch, index, column, batchNumber) {
  const vector = batch.getChildAt(index);
  if (!vector) throw new Error(`the Arrow input is malformed: batch ${batchNumber} lacks column '${column.name}'`);
  if (!column.nullable && vector.nullCount > 0) {
    throw new Error(`column '${column.name}' has nulls in record batch ${batchNumber} but is not nullable`);
  }
  const type = parseType(column.type).arrow;
  const t = vector.type;
  if (DataType.isDictionary(t) || isWideOrView(t)) {
    // Decoded to plain values of the sealed type (utf8 or binary, 32-bit offsets): one batch at a time.
    const values = DataType.isDictionary(t) ? vector.toArray() : Array.from(vector);
    return vectorFromArray(values, type).data[0];
  }
  return vector.data[0];
}
