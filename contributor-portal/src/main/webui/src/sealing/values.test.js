// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { columnBuilder } from './builders.js';
import {
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

describe('CSV values, as the Java CLI reads them', () => {
  it('trims like Java: only characters up to U+0020', () => {
    expect(javaTrim(' \t 12 \r')).toBe('12');
    expect(javaTrim('\u00a012')).toBe('\u00a012');
  });

  it('reads integers within the type', () => {
    expect(parseInt64('+9223372036854775807')).toBe(9223372036854775807n);
    expect(parseInt64('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(() => parseInt64('9223372036854775808')).toThrow('out of range');
    expect(() => parseInt64('12345678901234567890')).toThrow('not an integer');
    expect(() => parseInt64('1.0')).toThrow('not an integer');
    expect(parseSmallInt('-128', 8)).toBe(-128);
    expect(() => parseSmallInt('128', 8)).toThrow('out of range');
    expect(parseSmallInt('32767', 16)).toBe(32767);
    expect(() => parseSmallInt('2147483648', 32)).toThrow('out of range');
  });

  it('reads floats and booleans', () => {
    expect(parseFloating('1.')).toBe(1);
    expect(parseFloating('-.5e3')).toBe(-500);
    expect(() => parseFloating('NaN')).toThrow('not a number');
    expect(() => parseFloating('0x10')).toThrow('not a number');
    expect(['TRUE', 'true', '1', 'False', '0'].map(parseBool)).toEqual([true, true, true, false, false]);
    expect(() => parseBool('yes')).toThrow('not a boolean');
  });

  it('reads decimals exactly at the scale, refusing rounding and excess digits', () => {
    expect(parseDecimal('12.5', 12, 2)).toBe(1250n);
    expect(parseDecimal('-0.10', 12, 1)).toBe(-1n);
    expect(parseDecimal('1.25e3', 12, 2)).toBe(125000n);
    expect(parseDecimal('0e999', 4, 2)).toBe(0n);
    expect(() => parseDecimal('1.005', 12, 2)).toThrow('more decimal places than the column has');
    expect(parseDecimal('9999999999.99', 12, 2)).toBe(999999999999n);
    expect(() => parseDecimal('10000000000', 12, 2)).toThrow('too many digits');
    expect(() => parseDecimal('1e9999999', 38, 0)).toThrow('too many digits');
  });

  it('reads dates and refuses impossible ones', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(parseDate('2024-02-29')).toBe(19782);
    expect(parseDate('1969-12-31')).toBe(-1);
    expect(parseDate('0001-01-01')).toBe(-719162);
    expect(() => parseDate('2023-02-29')).toThrow('not a valid date');
    expect(() => parseDate('2023-1-01')).toThrow('not a date');
  });

  it('reads timestamps, truncating toward zero like java.time', () => {
    expect(parseTimestamp('1970-01-01T00:00:01.5', 's', false)).toBe(1n);
    expect(parseTimestamp('1969-12-31 23:59:59.5', 's', false)).toBe(0n);
    expect(parseTimestamp('1969-12-31T23:59:59.9999995', 'us', false)).toBe(0n);
    expect(parseTimestamp('1969-12-31T23:59:59.5', 'ms', false)).toBe(-500n);
    expect(parseTimestamp('2024-01-01T10:00', 'ns', false)).toBe(1704103200000000000n);
    expect(parseTimestamp('2024-01-01T10:00+01:00', 'ms', true)).toBe(1704099600000n);
    expect(parseTimestamp('2024-01-01T10:00:00.123Z', 'ms', true)).toBe(1704103200123n);
    expect(parseTimestamp('2024-01-01T10:00-05', 's', true)).toBe(1704121200n);
    expect(() => parseTimestamp('2024-01-01T10:00', 'ms', true)).toThrow('not a timestamp with an offset');
    expect(() => parseTimestamp('2024-01-01T10:00Z', 'ms', false)).toThrow('not a timestamp without offset');
    expect(() => parseTimestamp('2024-01-01T24:00', 'ms', false)).toThrow('not a valid time');
  });

  it('reads standard base64 with or without padding, and nothing else', () => {
    expect([...parseBase64('AQID')]).toEqual([1, 2, 3]);
    expect([...parseBase64('AQI=')]).toEqual([1, 2]);
    expect([...parseBase64('AQI')]).toEqual([1, 2]);
    expect(() => parseBase64('AQ-_')).toThrow('not base64');
    expect(() => parseBase64('AQIDB')).toThrow('not base64');
    expect(() => parseBase64('AQ=')).toThrow('not base64');
    expect(() => parseBase64(' AQID')).toThrow('not base64');
  });

  it('builds Arrow data with nulls, and refuses an empty value where nulls are not allowed', () => {
    const b = columnBuilder({ name: 'cost', type: 'decimal(12,2)', nullable: true });
    for (const v of ['1.5', '', '-2']) b.append(v);
    const data = b.finish();
    expect(data.length).toBe(3);
    expect(data.nullCount).toBe(1);
    expect([...data.values.subarray(0, 4)]).toEqual([150, 0, 0, 0]);
    expect(data.values[8]).toBe(2 ** 32 - 200);
    expect(data.values[11]).toBe(2 ** 32 - 1);
    const strict = columnBuilder({ name: 'ok', type: 'bool', nullable: false });
    expect(() => strict.append('')).toThrow('an empty value in a column that is not nullable');
    const text = columnBuilder({ name: 's', type: 'utf8', nullable: false });
    for (let i = 0; i < 1000; i++) text.append(` é${i} `);
    const utf8 = text.finish();
    expect(utf8.valueOffsets[1]).toBe(' é0 '.length + 1);
    expect(new TextDecoder().decode(utf8.values.subarray(utf8.valueOffsets[999], utf8.valueOffsets[1000]))).toBe(' é999 ');
  });
});
