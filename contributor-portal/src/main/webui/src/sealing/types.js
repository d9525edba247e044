/**
 * The column types a sealed dataset may hold (docs/format.md section 2), by the names the header, `--schema`
 * files and contracts use, and their apache-arrow types. Mirrors io.cleanroom.crypto.dataset.ColumnTypes:
 * a name is normalised the way the Java writer prints it, so both write the same header.
 * @module
 */
import {
  Bool,
  Binary,
  DataType,
  DateDay,
  DateUnit,
  Decimal,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  Precision,
  Timestamp,
  TimeUnit,
  Utf8,
} from 'apache-arrow';

/**
 * One column as the header's `schema.fields` lists it.
 * @typedef {{name: string, type: string, nullable: boolean}} ColumnSpec
 */

const EXPECTED =
  'expected bool, int8|16|32|64, float32|64, decimal(P,S), utf8, binary, date32, timestamp[s|ms|us|ns] or timestamp[UNIT,ZONE]';
const UNITS = { s: TimeUnit.SECOND, ms: TimeUnit.MILLISECOND, us: TimeUnit.MICROSECOND, ns: TimeUnit.NANOSECOND };
const UNIT_NAMES = ['s', 'ms', 'us', 'ns'];
const JSON_UNITS = { SECOND: 's', MILLISECOND: 'ms', MICROSECOND: 'us', NANOSECOND: 'ns' };
const SIMPLE = {
  bool: () => new Bool(),
  int8: () => new Int8(),
  int16: () => new Int16(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  float32: () => new Float32(),
  float64: () => new Float64(),
  utf8: () => new Utf8(),
  binary: () => new Binary(),
  date32: () => new DateDay(),
};

/**
 * The canonical name and the arrow type of a type name; throws for unknown names.
 * @param {string} name
 * @returns {{name: string, arrow: DataType}}
 */
export function parseType(name) {
  if (typeof name !== 'string') throw new Error(`a column type must be a string (${EXPECTED})`);
  const compact = name.trim().replaceAll(' ', '');
  const lower = compact.toLowerCase();
  if (Object.hasOwn(SIMPLE, lower)) return { name: lower, arrow: SIMPLE[lower]() };
  let m = /^decimal\((\d{1,2}),(\d{1,2})\)$/.exec(lower);
  if (m) {
    const precision = Number(m[1]);
    const scale = Number(m[2]);
    if (precision >= 1 && precision <= 38 && scale <= precision) {
      return { name: `decimal(${precision},${scale})`, arrow: new Decimal(scale, precision, 128) };
    }
  }
  m = /^timestamp\[(s|ms|us|ns)(?:,([^\]]+))?\]$/.exec(compact);
  if (m) {
    const zone = m[2] ?? null;
    return { name: `timestamp[${m[1]}${zone === null ? '' : `,${zone}`}]`, arrow: new Timestamp(UNITS[m[1]], zone) };
  }
  throw new Error(`unknown column type '${name}' (${EXPECTED})`);
}

/**
 * The type name of an apache-arrow type; throws for types a sealed dataset does not hold.
 * @param {DataType} t
 * @returns {string}
 */
export function typeName(t) {
  if (DataType.isBool(t)) return 'bool';
  if (DataType.isInt(t) && t.isSigned && [8, 16, 32, 64].includes(t.bitWidth)) return `int${t.bitWidth}`;
  if (DataType.isFloat(t) && t.precision === Precision.SINGLE) return 'float32';
  if (DataType.isFloat(t) && t.precision === Precision.DOUBLE) return 'float64';
  if (DataType.isDecimal(t) && t.bitWidth === 128) return `decimal(${t.precision},${t.scale})`;
  if (DataType.isUtf8(t)) return 'utf8';
  if (DataType.isBinary(t)) return 'binary';
  if (DataType.isDate(t) && t.unit === DateUnit.DAY) return 'date32';
  if (DataType.isTimestamp(t)) return `timestamp[${UNIT_NAMES[t.unit]}${t.timezone ? `,${t.timezone}` : ''}]`;
  throw new Error(`column type ${t} is not supported (${EXPECTED})`);
}

/**
 * The type name of a type in Arrow's JSON schema form, as contracts write it
 * (`{"name":"int","bitWidth":64,"isSigned":true}`, `{"name":"decimal","precision":12,"scale":2}` …).
 * @param {any} t
 * @returns {string}
 */
function jsonTypeName(t) {
  switch (t?.name) {
    case 'bool':
    case 'utf8':
    case 'binary':
      return t.name;
    case 'int':
      if (t.isSigned === true && [8, 16, 32, 64].includes(t.bitWidth)) return `int${t.bitWidth}`;
      break;
    case 'floatingpoint':
      if (t.precision === 'SINGLE') return 'float32';
      if (t.precision === 'DOUBLE') return 'float64';
      break;
    case 'decimal':
      if ((t.bitWidth ?? 128) === 128) return `decimal(${t.precision},${t.scale})`;
      break;
    case 'date':
      if (t.unit === 'DAY') return 'date32';
      break;
    case 'timestamp':
      if (Object.hasOwn(JSON_UNITS, t.unit)) return `timestamp[${JSON_UNITS[t.unit]}${t.timezone ? `,${t.timezone}` : ''}]`;
      break;
    default:
      break;
  }
  throw new Error(`unknown column type ${JSON.stringify(t)} (${EXPECTED})`);
}

/**
 * The columns of a schema as the contract JSON gives it (Arrow's JSON form) or as a sealed header lists them
 * (`{"name","type":"int64","nullable"}`). Names must be unique and non-empty; a field without `nullable` is not
 * nullable, as Arrow Java (the contract parser) reads it.
 * @param {any} schema
 * @returns {ColumnSpec[]}
 */
export function columnsFromSchema(schema) {
  const fields = schema?.fields;
  if (!Array.isArray(fields) || fields.length === 0) throw new Error('the schema has no fields');
  return checkColumns(
    fields.map((f, i) => {
      if (typeof f?.name !== 'string') throw new Error(`schema field ${i} has no name`);
      if (f.children?.length) throw new Error(`column '${f.name}': nested types are not supported`);
      const type = typeof f.type === 'string' ? f.type : jsonTypeName(f.type);
      return { name: f.name, type: parseColumnType(f.name, type), nullable: f.nullable === true };
    }),
  );
}

/**
 * The columns of an apache-arrow schema; dictionary-encoded columns are their values' type, large and view
 * strings and binaries are utf8 and binary.
 * @param {import('apache-arrow').Schema} schema
 * @returns {ColumnSpec[]}
 */
export function columnsFromArrow(schema) {
  if (schema.fields.length === 0) throw new Error('the Arrow input has no columns');
  return checkColumns(
    schema.fields.map((f) => {
      let t = DataType.isDictionary(f.type) ? f.type.dictionary : f.type;
      if (DataType.isLargeUtf8(t) || DataType.isUtf8View(t)) t = new Utf8();
      if (DataType.isLargeBinary(t) || DataType.isBinaryView(t)) t = new Binary();
      let type;
      try {
        type = typeName(t);
      } catch (e) {
        throw new Error(`column '${f.name}': ${e.message}`);
      }
      return { name: f.name, type, nullable: f.nullable };
    }),
  );
}

/**
 * The apache-arrow field of a column.
 * @param {ColumnSpec} c
 * @returns {Field}
 */
export function arrowField(c) {
  return new Field(c.name, parseType(c.type).arrow, c.nullable);
}

/** @param {string} column @param {string} type */
function parseColumnType(column, type) {
  try {
    return parseType(type).name;
  } catch (e) {
    throw new Error(`column '${column}': ${e.message}`);
  }
}

/** @param {ColumnSpec[]} columns */
function checkColumns(columns) {
  const seen = new Set();
  for (const c of columns) {
    if (c.name.length === 0 || seen.has(c.name)) {
      throw new Error(`column names must be unique and non-empty ('${c.name}' is empty or repeated)`);
    }
    seen.add(c.name);
  }
  return columns;
}
