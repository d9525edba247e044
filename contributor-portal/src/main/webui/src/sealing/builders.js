/**
 * Arrow column builders fed with CSV fields (values.js parses them): growable typed arrays, validity bits and
 * null counts, turned into apache-arrow Data once a batch is complete.
 * @module
 */
import { makeData } from 'apache-arrow';
import { parseType } from './types.js';
import {
  ValueError,
  javaTrim,
  parseBase64,
  parseBool,
  parseDate,
  parseDecimal,
  parseFloating,
  parseInt64,
  parseSmallInt,
  parseTimestamp,
} from './values.js';

/** Validity bits and null count, shared by every builder. */
class Builder {
  /** @param {import('apache-arrow').DataType} type @param {boolean} nullable */
  constructor(type, nullable) {
    this.type = type;
    this.nullable = nullable;
    this.reset();
  }

  reset() {
    this.length = 0;
    this.nullCount = 0;
    this.validity = new Uint8Array(64);
    this.resetValues();
  }

  /**
   * Appends one raw CSV field.
   * @param {string} raw
   */
  append(raw) {
    if (this.length >> 3 >= this.validity.length) this.validity = grow(this.validity, this.validity.length * 2);
    if (raw.length === 0) {
      if (!this.nullable) throw new ValueError('an empty value in a column that is not nullable');
      this.nullCount++;
      this.appendNull();
    } else {
      this.appendValue(raw);
      this.validity[this.length >> 3] |= 1 << (this.length & 7);
    }
    this.length++;
  }

  /** @returns {import('apache-arrow').Data} the values since the last reset */
  finish() {
    const common = {
      type: this.type,
      length: this.length,
      nullCount: this.nullCount,
      nullBitmap: this.nullCount > 0 ? this.validity.subarray(0, (this.length + 7) >> 3) : new Uint8Array(0),
    };
    return makeData({ ...common, ...this.buffers() });
  }
}

/** Fixed-width values in a typed array. */
class FixedBuilder extends Builder {
  /**
   * @param {any} type
   * @param {boolean} nullable
   * @param {number} stride elements per value
   * @param {(raw: string, values: any, at: number) => void} set
   */
  constructor(type, nullable, stride, set) {
    super(type, nullable);
    this.stride = stride;
    this.set = set;
  }

  resetValues() {
    this.values = new this.type.ArrayType(64 * (this.stride ?? 1));
  }

  appendNull() {
    this.ensure();
  }

  /** @param {string} raw */
  appendValue(raw) {
    this.ensure();
    this.set(raw, this.values, this.length * this.stride);
  }

  ensure() {
    if ((this.length + 1) * this.stride > this.values.length) this.values = grow(this.values, this.values.length * 2);
  }

  buffers() {
    return { data: this.values.subarray(0, this.length * this.stride) };
  }
}

/** Booleans, bit-packed. */
class BoolBuilder extends Builder {
  resetValues() {
    this.bits = new Uint8Array(64);
  }

  appendNull() {
    this.ensure();
  }

  /** @param {string} raw */
  appendValue(raw) {
    this.ensure();
    if (parseBool(javaTrim(raw))) this.bits[this.length >> 3] |= 1 << (this.length & 7);
  }

  ensure() {
    if (this.length >> 3 >= this.bits.length) this.bits = grow(this.bits, this.bits.length * 2);
  }

  buffers() {
    return { data: this.bits.subarray(0, (this.length + 7) >> 3) };
  }
}

/** Variable-length values (utf8, binary): offsets and bytes. */
class VarBuilder extends Builder {
  /** @param {any} type @param {boolean} nullable @param {boolean} utf8 */
  constructor(type, nullable, utf8) {
    super(type, nullable);
    this.utf8 = utf8;
    this.encoder = new TextEncoder();
  }

  resetValues() {
    this.offsets = new Int32Array(65);
    this.bytes = new Uint8Array(1024);
    this.end = 0;
  }

  appendNull() {
    this.push(0);
  }

  /** @param {string} raw */
  appendValue(raw) {
    if (this.utf8) {
      // A UTF-16 code unit takes at most 3 UTF-8 bytes.
      this.reserve(raw.length * 3);
      const { written } = this.encoder.encodeInto(raw, this.bytes.subarray(this.end));
      this.push(written);
    } else {
      const b = parseBase64(raw);
      this.reserve(b.length);
      this.bytes.set(b, this.end);
      this.push(b.length);
    }
  }

  /** @param {number} n */
  reserve(n) {
    if (this.end + n > this.bytes.length) this.bytes = grow(this.bytes, Math.max(this.bytes.length * 2, this.end + n));
  }

  /** @param {number} n */
  push(n) {
    if (this.end + n > 0x7fffffff) throw new Error('a batch holds more than 2 GiB of one column: lower batchBytes');
    this.end += n;
    if (this.length + 2 > this.offsets.length) this.offsets = grow(this.offsets, this.offsets.length * 2);
    this.offsets[this.length + 1] = this.end;
  }

  buffers() {
    return { valueOffsets: this.offsets.subarray(0, this.length + 1), data: this.bytes.subarray(0, this.end) };
  }
}

/**
 * @template {Uint8Array|Int32Array|BigInt64Array|Float32Array|Float64Array|Uint32Array|Int8Array|Int16Array} T
 * @param {T} a
 * @param {number} n
 * @returns {T}
 */
function grow(a, n) {
  // @ts-ignore: every typed array has this constructor
  const b = new a.constructor(n);
  b.set(a);
  return b;
}

/** @param {bigint} v @param {Uint32Array} out @param {number} at */
function setInt128(v, out, at) {
  let x = BigInt.asUintN(128, v);
  for (let i = 0; i < 4; i++) {
    out[at + i] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
}

/**
 * A builder for a column of the given type name.
 * @param {import('./types.js').ColumnSpec} column
 * @returns {{type: any, length: number, append(raw: string): void, finish(): import('apache-arrow').Data, reset(): void}}
 */
export function columnBuilder(column) {
  const { name, arrow } = parseType(column.type);
  const n = column.nullable;
  const trimmed = (/** @type {(v: string) => any} */ f) => (/** @type {string} */ raw, /** @type {any} */ values, /** @type {number} */ at) => {
    values[at] = f(javaTrim(raw));
  };
  switch (name) {
    case 'bool':
      return new BoolBuilder(arrow, n);
    case 'int8':
    case 'int16':
    case 'int32':
      return new FixedBuilder(arrow, n, 1, trimmed((v) => parseSmallInt(v, arrow.bitWidth)));
    case 'int64':
      return new FixedBuilder(arrow, n, 1, trimmed(parseInt64));
    case 'float32':
    case 'float64':
      return new FixedBuilder(arrow, n, 1, trimmed(parseFloating));
    case 'date32':
      return new FixedBuilder(arrow, n, 1, trimmed(parseDate));
    case 'utf8':
      return new VarBuilder(arrow, n, true);
    case 'binary':
      return new VarBuilder(arrow, n, false);
    default:
      break;
  }
  if (name.startsWith('decimal')) {
    return new FixedBuilder(arrow, n, 4, (raw, values, at) =>
      setInt128(parseDecimal(javaTrim(raw), arrow.precision, arrow.scale), values, at),
    );
  }
  const m = /^timestamp\[(s|ms|us|ns)(,.*)?\]$/.exec(name);
  if (m) {
    const unit = /** @type {'s'|'ms'|'us'|'ns'} */ (m[1]);
    return new FixedBuilder(arrow, n, 1, trimmed((v) => parseTimestamp(v, unit, m[2] !== undefined)));
  }
  throw new Error(`no CSV reader for type ${name}`);
}
