/**
 * CSV text to Arrow values, column by column, exactly as the Java CLI reads a CSV (io.cleanroom.cli.io.CsvValues):
 * an empty field is null; values other than utf8 and binary are trimmed of characters ≤ U+0020; integers are
 * `[+-]?\d{1,19}` within the type's range; floats `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`; booleans
 * true/false/1/0 in any case; decimals exact at the column's scale (no rounding) and within its precision;
 * dates `YYYY-MM-DD`; timestamps ISO-8601 local date-time (`T` or space), with an offset (`Z`, `+01:00`) exactly
 * when the column has a time zone, truncated toward zero to the column's unit; binary is standard base64.
 *
 * A builder's `append` throws an Error that says what was expected, never what the value was.
 * @module
 */
import { makeData } from 'apache-arrow';
import { parseType } from './types.js';

const INTEGER = /^[+-]?\d{1,19}$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?/;
const OFFSET = /^(?:Z|([+-])(\d{2})(?::(\d{2})(?::(\d{2}))?)?)$/;
const BASE64 = /^[A-Za-z0-9+/]*(={0,2})$/;
const UNIT_NANOS = { s: 1000000000n, ms: 1000000n, us: 1000n, ns: 1n };
const INT_RANGE = { 8: 2 ** 7, 16: 2 ** 15, 32: 2 ** 31 };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A value that does not fit its column's type. */
export class ValueError extends Error {}

/**
 * String.trim as Java defines it: strips code units ≤ U+0020 at both ends.
 * @param {string} s
 */
export function javaTrim(s) {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 0x20) a++;
  while (b > a && s.charCodeAt(b - 1) <= 0x20) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** @param {string} v @returns {bigint} */
export function parseInt64(v) {
  if (!INTEGER.test(v)) throw new ValueError('not an integer');
  const n = BigInt(v.charCodeAt(0) === 43 ? v.slice(1) : v);
  if (n < INT64_MIN || n > INT64_MAX) throw new ValueError('out of range');
  return n;
}

/** @param {string} v @param {number} bits 8, 16 or 32 @returns {number} */
export function parseSmallInt(v, bits) {
  if (!INTEGER.test(v)) throw new ValueError('not an integer');
  const n = Number(v);
  if (n < -INT_RANGE[bits] || n >= INT_RANGE[bits]) throw new ValueError('out of range');
  return n;
}

/** @param {string} v @returns {number} */
export function parseFloating(v) {
  if (!FLOAT.test(v)) throw new ValueError('not a number');
  return Number(v);
}

/** @param {string} v @returns {boolean} */
export function parseBool(v) {
  switch (v.toLowerCase()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      throw new ValueError('not a boolean');
  }
}

/**
 * The unscaled value of a decimal at `scale`, refusing rounding and more than `precision` digits.
 * @param {string} v
 * @param {number} precision
 * @param {number} scale
 * @returns {bigint}
 */
export function parseDecimal(v, precision, scale) {
  const m = FLOAT.exec(v);
  if (!m) throw new ValueError('not a number');
  const negative = v.charCodeAt(0) === 45;
  const mantissa = m[1];
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  const exponent = m[2] ? Number(m[2].slice(1)) : 0;
  let unscaled = BigInt(digits);
  if (unscaled !== 0n) {
    const shift = exponent - fraction + scale;
    if (shift > 2 * 38) throw new ValueError('too many digits');
    if (shift >= 0) {
      unscaled *= 10n ** BigInt(shift);
    } else {
      const divisor = 10n ** BigInt(Math.min(-shift, 2 * 38 + digits.length));
      if (unscaled % divisor !== 0n) throw new ValueError('more decimal places than the column has');
      unscaled /= divisor;
    }
    if (unscaled.toString().length > precision) throw new ValueError('too many digits');
  }
  return negative ? -unscaled : unscaled;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
 * @param {number} y @param {number} m @param {number} d
 */
function daysFromCivil(y, m, d) {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** @param {number} y @param {number} m @param {number} d */
function checkDate(y, m, d) {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= days)) throw new ValueError('not a valid date');
}

/** @param {string} v @returns {number} days since the epoch */
export function parseDate(v) {
  const m = DATE.exec(v);
  if (!m) throw new ValueError('not a date');
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  checkDate(y, mo, d);
  return daysFromCivil(y, mo, d);
}

/**
 * A timestamp in the given unit since the epoch, truncated toward zero.
 * @param {string} v
 * @param {'s'|'ms'|'us'|'ns'} unit
 * @param {boolean} zoned whether the column has a time zone (then the value must carry an offset)
 * @returns {bigint}
 */
export function parseTimestamp(v, unit, zoned) {
  const text = v.replaceAll(' ', 'T');
  const m = DATE_TIME.exec(text);
  if (!m) throw new ValueError('not a timestamp');
  const rest = text.slice(m[0].length);
  let offsetSeconds = 0;
  if (zoned) {
    const o = OFFSET.exec(rest);
    if (!o) throw new ValueError('not a timestamp with an offset');
    if (o[1]) {
      const [h, mi, s] = [Number(o[2]), Number(o[3] ?? 0), Number(o[4] ?? 0)];
      if (h > 18 || mi > 59 || s > 59 || h * 3600 + mi * 60 + s > 18 * 3600) throw new ValueError('not a valid offset');
      offsetSeconds = (o[1] === '-' ? -1 : 1) * (h * 3600 + mi * 60 + s);
    }
  } else if (rest.length > 0) {
    throw new ValueError('not a timestamp without offset');
  }
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  checkDate(y, mo, d);
  if (h > 23 || mi > 59 || s > 59) throw new ValueError('not a valid time');
  const seconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offsetSeconds;
  const nanos = BigInt((m[7] ?? '').padEnd(9, '0'));
  return (BigInt(seconds) * 1000000000n + nanos) / UNIT_NANOS[unit];
}

/** @param {string} v @returns {Uint8Array} */
export function parseBase64(v) {
  const m = BASE64.exec(v);
  if (!m || (m[1].length > 0 && v.length % 4 !== 0) || (v.length - m[1].length) % 4 === 1) {
    throw new ValueError('not base64');
  }
  const s = atob(v);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

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
    if (this.end + n > 0x7fffffff) throw new ValueError('a batch holds more than 2 GiB of this column');
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
