/**
 * CSV (RFC 4180: comma-separated, fields optionally in double quotes with "" for a quote, CRLF or LF line ends,
 * a header row naming the columns) read from a Blob slice by slice, and turned into Arrow record batches typed by
 * a schema. Only one slice of text and one batch are in memory at a time.
 *
 * Errors name the line (1 is the header) and the column, never a value.
 * @module
 */
import { RecordBatch, Schema, Struct, makeData } from 'apache-arrow';
import { columnBuilder } from './builders.js';
import { ValueError } from './values.js';
import { arrowField } from './types.js';

/** Bytes read from the Blob at a time. */
export const READ_BYTES = 4 << 20;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;
const DELIMITER = /[,\r\n]/g;

/**
 * One CSV record.
 * @typedef {{fields: string[], line: number, chars: number}} CsvRecord
 */

/** A push tokenizer: text in, complete records out. */
export class CsvTokenizer {
  /**
   * @param {number} [pick] if ≥ 0, records after the first (the header) carry only this field's text; the
   *   others are empty strings or holes, so that the column passes allocate one string a row
   */
  constructor(pick = -1) {
    this.pick = pick;
    this.records = 0;
    this.state = FIELD_START;
    /** @type {string[]} */
    this.fields = [];
    this.field = '';
    this.line = 1;
    this.recordLine = 1;
    this.recordChars = 0;
    this.inRecord = false;
    this.skipLF = false;
    this.quoteLine = 1;
  }

  /**
   * Tokenizes more text.
   * @param {string} text
   * @param {CsvRecord[]} out receives the records completed
   */
  push(text, out) {
    const n = text.length;
    let i = 0;
    let { state, field, fields } = this;
    // Whether the current field's text is kept (see `pick`): all of the header, one field of the other records.
    let keep = this.pick < 0 || this.records === 0 || fields.length === this.pick;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.skipLF) {
        this.skipLF = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      if (!this.inRecord) {
        // Fast path: a whole record without quotes in this text is split natively.
        const nl = text.indexOf('\n', i);
        if (nl >= 0) {
          const end = nl > i && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
          const line = text.slice(i, end);
          if (line.indexOf('"') < 0 && line.indexOf('\r') < 0) {
            const fields = this.pick >= 0 && this.records > 0 ? pickField(line, this.pick) : line.split(',');
            out.push({ fields, line: this.line, chars: nl - i + 1 });
            this.records++;
            this.line++;
            i = nl + 1;
            keep = this.pick < 0 || this.pick === 0;
            continue;
          }
        }
        this.inRecord = true;
        this.recordLine = this.line;
        this.recordChars = 0;
      }
      if (state === QUOTED) {
        const j = text.indexOf('"', i);
        const end = j < 0 ? n : j;
        for (let k = text.indexOf('\n', i); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) this.line++;
        if (keep) field += text.slice(i, end);
        this.recordChars += end - i;
        i = j < 0 ? n : j + 1;
        if (j >= 0) state = QUOTE_SEEN;
        continue;
      }
      if (state === QUOTE_SEEN) {
        if (c === QUOTE) {
          if (keep) field += '"';
          state = QUOTED;
          i++;
          continue;
        }
        if (c !== COMMA && c !== LF && c !== CR) {
          throw new Error(`malformed CSV on line ${this.line}: a closing quote is followed by other characters`);
        }
      }
      if (state === FIELD_START && c === QUOTE) {
        state = QUOTED;
        this.quoteLine = this.line;
        i++;
        continue;
      }
      if (c === COMMA) {
        fields.push(field);
        this.recordChars++;
        field = '';
        state = FIELD_START;
        keep = this.pick < 0 || this.records === 0 || fields.length === this.pick;
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        fields.push(field);
        out.push({ fields, line: this.recordLine, chars: this.recordChars + 1 });
        this.records++;
        fields = [];
        field = '';
        state = FIELD_START;
        keep = this.pick < 0 || this.pick === 0;
        this.inRecord = false;
        this.line++;
        this.skipLF = c === CR;
        i++;
        continue;
      }
      // Unquoted text up to the next delimiter; a quote inside it is taken literally.
      DELIMITER.lastIndex = i;
      const j = DELIMITER.test(text) ? DELIMITER.lastIndex - 1 : n;
      if (keep) field += text.slice(i, j);
      this.recordChars += j - i;
      state = UNQUOTED;
      i = j;
    }
    this.state = state;
    this.field = field;
    this.fields = fields;
  }

  /**
   * Ends the input.
   * @param {CsvRecord[]} out receives the last record, if the text did not end with a line break
   */
  end(out) {
    if (this.state === QUOTED) throw new Error(`malformed CSV: the quoted field opened on line ${this.quoteLine} is never closed`);
    if (this.inRecord) {
      this.endField();
      out.push({ fields: this.fields, line: this.recordLine, chars: this.recordChars });
      this.fields = [];
      this.inRecord = false;
    }
  }

  endField() {
    this.fields.push(this.field);
    this.recordChars++;
    this.field = '';
    this.state = FIELD_START;
  }
}

/**
 * The fields of a quote-free line as an array with only field `pick` filled in.
 * @param {string} line
 * @param {number} pick
 * @returns {string[]}
 */
function pickField(line, pick) {
  let count = 0;
  let from = 0;
  let picked = '';
  for (;;) {
    const comma = line.indexOf(',', from);
    const to = comma < 0 ? line.length : comma;
    if (count === pick) picked = line.slice(from, to);
    count++;
    if (comma < 0) break;
    from = comma + 1;
  }
  const fields = new Array(count);
  if (pick < count) fields[pick] = picked;
  return fields;
}

/**
 * The records of a CSV Blob, a slice's worth at a time.
 * @param {Blob} blob
 * @param {{signal?: AbortSignal, onBytes?: (n: number) => void, pick?: number}} [options] `pick`: see CsvTokenizer
 * @returns {AsyncGenerator<CsvRecord[]>}
 */
export async function* csvRecords(blob, options = {}) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const tokenizer = new CsvTokenizer(options.pick);
  for (let at = 0; at < blob.size; at += READ_BYTES) {
    options.signal?.throwIfAborted();
    const bytes = new Uint8Array(await blob.slice(at, Math.min(blob.size, at + READ_BYTES)).arrayBuffer());
    const out = [];
    tokenizer.push(decode(decoder, bytes, true, at), out);
    options.onBytes?.(bytes.length);
    if (out.length > 0) yield out;
  }
  const out = [];
  tokenizer.push(decode(decoder, new Uint8Array(0), false, blob.size), out);
  tokenizer.end(out);
  if (out.length > 0) yield out;
}

/** @param {TextDecoder} d @param {Uint8Array} b @param {boolean} stream @param {number} at */
function decode(d, b, stream, at) {
  try {
    return d.decode(b, { stream });
  } catch {
    throw new Error(`the CSV is not valid UTF-8 (in the bytes from offset ${at})`);
  }
}

/**
 * Checks a CSV header row against the columns.
 * @param {string[]} header
 * @param {import('./types.js').ColumnSpec[]} columns
 */
export function checkCsvHeader(header, columns) {
  // The row is not echoed: a file without a header row would put data values into the message.
  const names = columns.map((c) => c.name);
  const expected = `the CSV's first row must name the schema's columns ${JSON.stringify(names)} in order`;
  if (header.length !== names.length) {
    throw new Error(`${expected}; it has ${header.length} fields`);
  }
  const differs = header.findIndex((h, i) => h !== names[i]);
  if (differs >= 0) throw new Error(`${expected}; field ${differs + 1} differs`);
}

/**
 * The record batches of a CSV Blob typed by `columns`: a batch ends after `batchRows` rows or once its text
 * reaches `batchBytes`, or where `boundaries` (row counts of an earlier pass) say. Only the columns listed in
 * `only` are converted (the others are null-typed placeholders and never read); all by default.
 *
 * @param {Blob} blob
 * @param {import('./types.js').ColumnSpec[]} columns
 * @param {{batchRows?: number, batchBytes?: number, boundaries?: number[], only?: number[],
 *          signal?: AbortSignal, onBytes?: (n: number) => void}} [options]
 * @returns {AsyncGenerator<{batch: RecordBatch, rows: number}>}
 */
export async function* csvToArrowBatches(blob, columns, options = {}) {
  const batchRows = options.batchRows ?? 65536;
  const batchBytes = options.batchBytes ?? 16 << 20;
  const only = options.only ?? columns.map((_, i) => i);
  const fields = columns.map(arrowField);
  const builders = only.map((i) => columnBuilder(columns[i]));
  const schema = new Schema(only.map((i) => fields[i]));
  const boundaries = options.boundaries;
  let header = null;
  let rows = 0;
  let chars = 0;
  let batchIndex = 0;
  const flush = () => {
    const data = builders.map((b) => b.finish());
    const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, nullCount: 0, children: data }));
    builders.forEach((b) => b.reset());
    const result = { batch, rows };
    rows = 0;
    chars = 0;
    batchIndex++;
    return result;
  };
  const pick = only.length === 1 ? only[0] : -1;
  for await (const records of csvRecords(blob, { ...options, pick })) {
    for (const r of records) {
      if (header === null) {
        header = r.fields;
        checkCsvHeader(header, columns);
        continue;
      }
      if (r.fields.length !== columns.length) {
        throw new Error(`line ${r.line} has ${r.fields.length} fields, the header has ${columns.length}`);
      }
      for (let k = 0; k < only.length; k++) {
        const c = only[k];
        try {
          builders[k].append(r.fields[c]);
        } catch (e) {
          if (!(e instanceof ValueError)) throw e;
          const col = columns[c];
          throw new Error(
            `line ${r.line}, column '${col.name}': the value does not fit type ${col.type}${col.nullable ? '' : ' (not nullable)'}`,
          );
        }
      }
      rows++;
      chars += r.chars;
      const full = boundaries
        ? rows === boundaries[batchIndex]
        : rows >= batchRows || chars >= batchBytes;
      if (full) yield flush();
    }
  }
  if (header === null) throw new Error('the CSV is empty');
  if (rows > 0) yield flush();
  else if (batchIndex === 0) throw new Error('the CSV has a header but no rows');
}
