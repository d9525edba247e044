/**
 * JSON Canonicalization Scheme (RFC 8785), as the Java side writes it (io.cleanroom.crypto.json.CanonicalJson):
 * members sorted by their names' UTF-16 code units, minimal string escaping, numbers as ECMAScript prints them.
 * Integers beyond ±2^53 and non-finite numbers are refused, as in Java.
 * @module
 */

/**
 * The canonical text of a JSON value (objects, arrays, strings, finite numbers, booleans, null).
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error('NaN and infinity have no JSON form');
      if (Number.isInteger(value) && Math.abs(value) > 2 ** 53) {
        throw new Error('an integer is outside the exactly representable range ±2^53');
      }
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
      if (!value.isWellFormed()) throw new Error('a JSON string holds a lone surrogate');
      // JSON.stringify escapes exactly as RFC 8785 asks: \b \f \n \r \t \" \\, other controls as \u00xx.
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const names = Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort();
      return `{${names.map((k) => `${canonicalJson(k)}:${canonicalJson(value[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`a ${typeof value} has no JSON form`);
  }
}

/**
 * The canonical UTF-8 bytes of a JSON value.
 * @param {unknown} value
 * @returns {Uint8Array}
 */
export function canonicalJsonBytes(value) {
  return new TextEncoder().encode(canonicalJson(value));
}
