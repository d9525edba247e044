/**
 * Sealing a table in the exact format of docs/format.md, in bounded memory: a first pass over the input fixes
 * the batch boundaries and measures every column's IPC stream (nothing is kept), so the header — which comes
 * first and names each column's byte range — can be written before any column; then one pass per column
 * re-reads the input, encodes only that column and encrypts it segment by segment into the sink.
 * @module
 */
import { canonicalJsonBytes } from './canonical-json.js';
import { base64Url, concat, generateDek, headerTag, keyId, randomBytes, subtle } from './keys.js';
import { StreamEncrypter, ciphertextLength } from './streaming-aead.js';
import { ColumnIpc, byteLength } from './column-ipc.js';
import { binding, columnAssociatedData, header, prefix } from './header.js';
import { Sha256, toHex } from './sha256.js';
import { arrowField, columnsFromSchema } from './types.js';
import { csvToArrowBatches } from './csv.js';
import { arrowColumns, arrowRecordBatches, arrowSchema, plainColumn, sniff } from './arrow-input.js';

/**
 * A source of record batches that can be read again from the start.
 * @typedef {{
 *   columns: import('./types.js').ColumnSpec[],
 *   batches: (only: number[], boundaries: number[] | undefined, onBytes: (n: number) => void)
 *            => AsyncGenerator<{rows: number, data: import('apache-arrow').Data[]}>
 * }} Input
 */

/**
 * Opens a Blob as CSV (typed by `schema`) or Arrow (its own schema, checked against `schema` if given).
 * @param {Blob} file
 * @param {any} schema
 * @param {{batchRows?: number, batchBytes?: number, signal?: AbortSignal}} options
 * @returns {Promise<Input>}
 */
export async function openInput(file, schema, options) {
  if (file.size === 0) throw new Error('the file is empty');
  const given = schema ? columnsFromSchema(schema) : null;
  const kind = await sniff(file);
  if (kind === 'csv') {
    if (!given) throw new Error('a CSV file can be sealed only with the dataset schema from the contract');
    return {
      columns: given,
      async *batches(only, boundaries, onBytes) {
        const opts = { ...options, only, boundaries, onBytes };
        for await (const { batch, rows } of csvToArrowBatches(file, given, opts)) {
          yield { rows, data: batch.data.children };
        }
      },
    };
  }
  const columns = arrowColumns(await arrowSchema(file, kind), given);
  return {
    columns,
    async *batches(only, _boundaries, onBytes) {
      let n = 0;
      for await (const batch of arrowRecordBatches(file, kind, { signal: options.signal, onBytes })) {
        n++;
        yield { rows: batch.numRows, data: only.map((i) => plainColumn(batch, i, columns[i], n)) };
      }
    },
  };
}

/** @param {any} meta */
function checkMeta(meta) {
  for (const k of ['datasetId', 'ownerOrg', 'collaborationId']) {
    if (typeof meta?.[k] !== 'string' || meta[k].trim().length === 0) throw new Error(`meta.${k} is required`);
  }
}

/**
 * Seals `file` (a Blob/File holding CSV or an Arrow IPC file/stream) as dataset `meta.datasetId`.
 *
 * The sealed bytes go to `options.sink` in file order; nothing else leaves this function but the returned key,
 * which the caller hands only to the owner's key broker.
 *
 * @param {Blob} file
 * @param {{datasetId: string, ownerOrg: string, collaborationId: string, schema?: any}} meta `schema`: the
 *   dataset's schema as the contract JSON gives it; a CSV is typed by it; without it an Arrow input keeps its
 *   own schema and a CSV is refused
 * @param {{sink: (chunk: Uint8Array) => Promise<void> | void, onProgress?: (done: number, total: number) => void,
 *          onHeader?: (sealed: {size: number, header: any}) => Promise<void> | void,
 *          signal?: AbortSignal, batchRows?: number, batchBytes?: number}} options
 *   `onHeader` is called once the first pass knows the sealed file's size and header, before the sink gets
 *   any byte (an upload can announce its length).
 *   `batchRows` (default 65536) and `batchBytes` (default 16 MiB of CSV text) bound a CSV batch. If this
 *   throws, whatever the sink received is incomplete and must be discarded.
 * @returns {Promise<{dek: Uint8Array, keyId: string, sha256: string, size: number, header: any}>}
 */
export async function sealFile(file, meta, options) {
  checkMeta(meta);
  if (typeof options?.sink !== 'function') throw new Error('options.sink is required');
  subtle();
  const { signal } = options;
  const input = await openInput(file, meta.schema, options);
  const { columns } = input;
  const total = file.size * (1 + columns.length);
  let done = 0;
  const onBytes = (/** @type {number} */ n) => {
    done += n;
    options.onProgress?.(done, total);
  };
  const dek = generateDek();
  const dataset = binding({
    ...meta,
    createdAt: new Date(),
    keyId: await keyId(dek),
    sealId: base64Url(randomBytes(16)),
    columns,
  });

  // Pass 1: batch boundaries and each column's IPC stream length.
  const ipc = columns.map((c) => new ColumnIpc(arrowField(c)));
  const ipcLengths = ipc.map((w) => byteLength(w.start()));
  /** @type {number[]} */
  const batchRowCounts = [];
  const all = columns.map((_, i) => i);
  for await (const { rows, data } of input.batches(all, undefined, onBytes)) {
    signal?.throwIfAborted();
    data.forEach((d, i) => {
      ipcLengths[i] += byteLength(ipc[i].batch(d));
    });
    batchRowCounts.push(rows);
  }
  if (batchRowCounts.length === 0) throw new Error('the input has no rows');
  ipc.forEach((w, i) => {
    ipcLengths[i] += byteLength(w.end());
  });
  const lengths = ipcLengths.map(ciphertextLength);
  const head = header(dataset, batchRowCounts, lengths);

  // The prefix, header and header tag, then the column streams.
  const sha = new Sha256();
  let size = 0;
  const emit = async (/** @type {Uint8Array} */ chunk) => {
    sha.update(chunk);
    size += chunk.length;
    await options.sink(chunk);
  };
  const headerBytes = canonicalJsonBytes(head);
  const pre = prefix(headerBytes.length);
  const tag = await headerTag(dek, concat(pre, headerBytes));
  await options.onHeader?.({ size: pre.length + headerBytes.length + tag.length + lengths.reduce((a, b) => a + b, 0), header: head });
  await emit(concat(pre, headerBytes, tag));
  const bindingDigest = new Uint8Array(await subtle().digest('SHA-256', canonicalJsonBytes(dataset)));
  for (let i = 0; i < columns.length; i++) {
    const start = size;
    await sealColumn(input, i, dek, columnAssociatedData(bindingDigest, i, columns[i].name), batchRowCounts, emit, onBytes, signal);
    if (size - start !== lengths[i]) throw changed();
  }
  return { dek, keyId: dataset.keyId, sha256: toHex(sha.digest()), size, header: head };
}

/**
 * Pass 2, one column: re-reads the input, encodes column `i` and encrypts it.
 * @param {Input} input
 * @param {number} i
 * @param {Uint8Array} dek
 * @param {Uint8Array} ad
 * @param {number[]} batchRowCounts
 * @param {(chunk: Uint8Array) => Promise<void>} emit
 * @param {(n: number) => void} onBytes
 * @param {AbortSignal | undefined} signal
 */
async function sealColumn(input, i, dek, ad, batchRowCounts, emit, onBytes, signal) {
  const encrypter = await StreamEncrypter.start(dek, ad, emit);
  const writeAll = async (/** @type {Uint8Array[]} */ chunks) => {
    for (const c of chunks) await encrypter.write(c);
  };
  const ipc = new ColumnIpc(arrowField(input.columns[i]));
  await writeAll(ipc.start());
  let b = 0;
  for await (const { rows, data } of input.batches([i], batchRowCounts, onBytes)) {
    signal?.throwIfAborted();
    if (rows !== batchRowCounts[b++]) throw changed();
    await writeAll(ipc.batch(data[0]));
  }
  if (b !== batchRowCounts.length) throw changed();
  await writeAll(ipc.end());
  await encrypter.finish();
}

function changed() {
  return new Error('the input changed while it was being sealed');
}

