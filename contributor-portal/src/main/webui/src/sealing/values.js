/**
 * CSV text to Arrow values, column by column, exactly as the Java CLI reads a CSV (io.cleanroom.cli.io.CsvValues):
 * an empty field is null; values other than utf8 and binary are trimmed of characters ≤ U+0020; integers are
 * `[+-]?\d{1,19}` within the type's range; floats `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`; booleans
 * true/false/1/0 in any case; decimals exact at the column's scale (no rounding) and within its precision;
 * dates `YYYY-MM-DD`; timestamps ISO-8601 local date-time (`T` or space), with an offset (`Z`, `+01:00`) exactly
 * when the column has a time zone, truncated toward zero to the column's unit; binary is standard base64.
 *
 * Each parser throws a ValueError that says what was expected, never what the value was.
 * @module
 */
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
