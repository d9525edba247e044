/**
 * Arrow IPC input (the stream format, or the file format read sequentially from its first message), read from a
 * Blob slice by slice with apache-arrow; only one record batch is in memory at a time. Dictionary-encoded
 * columns are decoded to plain values.
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
 * @param {number} start
 * @param {{signal?: AbortSignal, onBytes?: (n: number) => void}} options
 */
async function* slices(blob, start, options) {
  for (let at = start; at < blob.size; at += READ_BYTES) {
    options.signal?.throwIfAborted();
    const bytes = new Uint8Array(await blob.slice(at, Math.min(blob.size, at + READ_BYTES)).arrayBuffer());
    options.onBytes?.(bytes.length);
    yield bytes;
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
  // The file format is "ARROW1", two bytes of padding, then the stream format (ending in an end-of-stream
  // marker) and the footer; a sequential reader stops at the marker.
  let reader;
  try {
    reader = await RecordBatchReader.from(slices(blob, kind === 'arrow-file' ? 8 : 0, options));
    await reader.open();
  } catch (e) {
    throw malformed(e);
  }
  if (!reader.schema) throw new Error('the Arrow input is malformed: it has no schema');
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
  let reader;
  try {
    reader = await RecordBatchReader.from(slices(blob, kind === 'arrow-file' ? 8 : 0, {}));
    await reader.open();
  } catch (e) {
    throw malformed(e);
  }
  if (!reader.schema) throw new Error('the Arrow input is malformed: it has no schema');
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
  if (DataType.isDictionary(vector.type)) {
    return vectorFromArray(vector.toArray(), type).data[0];
  }
  return vector.data[0];
}
