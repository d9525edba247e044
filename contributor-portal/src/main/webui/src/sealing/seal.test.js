// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Dictionary, Int32, Int64, LargeBinary, LargeUtf8, Table, Utf8, makeVector, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import { sealFile } from './index.js';
import { canonical, openSealed } from './spec-reader.testkit.js';

const META = { datasetId: 'visits', ownerOrg: 'hospital', collaborationId: 'demo' };
const SCHEMA = {
  fields: [
    { name: 'id', nullable: false, type: { name: 'int', bitWidth: 64, isSigned: true }, children: [] },
    { name: 'name', nullable: true, type: { name: 'utf8' }, children: [] },
    { name: 'cost', nullable: true, type: { name: 'decimal', precision: 12, scale: 2, bitWidth: 128 }, children: [] },
    { name: 'day', nullable: false, type: { name: 'date', unit: 'DAY' }, children: [] },
    { name: 'ok', nullable: true, type: { name: 'bool' }, children: [] },
    { name: 'score', nullable: true, type: { name: 'floatingpoint', precision: 'DOUBLE' }, children: [] },
    { name: 'at', nullable: true, type: { name: 'timestamp', unit: 'MILLISECOND', timezone: 'UTC' }, children: [] },
  ],
};

/** Seals and collects the output. */
async function seal(blob, meta, options = {}) {
  const chunks = [];
  const result = await sealFile(blob, meta, { ...options, sink: (c) => void chunks.push(c.slice()) });
  return { ...result, bytes: Buffer.concat(chunks), chunks };
}

/** @param {import('apache-arrow').Table} t @param {string} name */
function values(t, name) {
  return t.getChild(name).toArray();
}

describe('sealFile', () => {
  it('seals a CSV that an independent reader of docs/format.md opens value for value', async () => {
    const rows = ['id,name,cost,day,ok,score,at'];
    for (let i = 0; i < 250; i++) {
      rows.push(`${i - 100},"n ""${i}"", x",${i % 5 === 0 ? '' : `${i}.5`},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 3 === 0 ? '' : i % 2 ? 'true' : '0'},${i / 4},${i % 7 === 0 ? '' : `2024-05-01T10:00:00.${String(i).padStart(3, '0')}+02:00`}`);
    }
    const progress = [];
    let announced;
    const csv = new Blob([`${rows.join('\r\n')}\r\n`]);
    const sealed = await seal(csv, { ...META, schema: SCHEMA }, {
      batchRows: 100,
      onProgress: (done, total) => progress.push([done, total]),
      onHeader: (h) => {
        announced = h;
      },
    });
    expect(announced).toEqual({ size: sealed.size, header: sealed.header });

    expect(sealed.size).toBe(sealed.bytes.length);
    expect(sealed.sha256).toBe(createHash('sha256').update(sealed.bytes).digest('hex'));
    const { header, headerBytes, columns } = openSealed(sealed.bytes, sealed.dek);
    expect(headerBytes.toString('utf8')).toBe(canonical(header));
    expect(header).toEqual(sealed.header);
    expect(header.dataset.keyId).toBe(sealed.keyId);
    expect(header.layout.batchRowCounts).toEqual([100, 100, 50]);
    expect(header.dataset.schema.fields.map((f) => f.type)).toEqual(['int64', 'utf8', 'decimal(12,2)', 'date32', 'bool', 'float64', 'timestamp[ms,UTC]']);
    const t = Object.fromEntries(columns.map((c) => [c.name, c.table]));
    expect(t.id.batches.map((b) => b.numRows)).toEqual([100, 100, 50]);
    expect([...values(t.id, 'id')].map(Number)).toEqual(Array.from({ length: 250 }, (_, i) => i - 100));
    expect(values(t.name, 'name')[7]).toBe('n "7", x');
    expect(t.cost.getChild('cost').get(5)).toBeNull();
    expect(t.cost.getChild('cost').get(6)[0]).toBe(650);
    expect(values(t.day, 'day')[0]).toBe(Date.UTC(2024, 0, 1));
    expect([0, 1, 2].map((i) => t.ok.getChild('ok').get(i))).toEqual([null, true, false]);
    expect(values(t.score, 'score')[3]).toBe(0.75);
    expect(t.at.getChild('at').get(1)).toBe(Date.UTC(2024, 4, 1, 8, 0, 0, 1));
    expect(t.at.getChild('at').get(0)).toBeNull();
    expect(progress.at(-1)).toEqual([csv.size * 8, csv.size * 8]);
  });

  it('streams a column of several 1 MiB segments in segment-sized chunks', async () => {
    const line = (i) => `${i},${'x'.repeat(1000)}${i}`;
    const text = `id,text\n${Array.from({ length: 3000 }, (_, i) => line(i)).join('\n')}`;
    const schema = { fields: [{ name: 'id', type: 'int32', nullable: false }, { name: 'text', type: 'utf8', nullable: false }] };
    const sealed = await seal(new Blob([text]), { ...META, schema });

    const { columns } = openSealed(sealed.bytes, sealed.dek);
    expect(columns[1].segments.length).toBe(3);
    expect(values(columns[1].table, 'text')[2999]).toBe(`${'x'.repeat(1000)}2999`);
    expect(Math.max(...sealed.chunks.slice(1).map((c) => c.length))).toBe(1 << 20);
  }, 30000);

  it('seals Arrow streams and files with their own schema, decoding dictionary columns', async () => {
    const city = vectorFromArray(['Basel', 'Bern', 'Basel', 'Chur'], new Dictionary(new Utf8(), new Int32()));
    const table = new Table({ id: vectorFromArray([1n, 2n, 3n, 4n], new Int64()), city });
    for (const format of ['stream', 'file']) {
      const sealed = await seal(new Blob([tableToIPC(table, format)]), META);
      const { header, columns } = openSealed(sealed.bytes, sealed.dek);
      expect(header.dataset.schema.fields.map((f) => f.type)).toEqual(['int64', 'utf8']);
      expect(values(columns[1].table, 'city')).toEqual(['Basel', 'Bern', 'Basel', 'Chur']);
    }
  });

  it('seals large and view strings and binaries as utf8 and binary', async () => {
    const table = new Table({
      s: vectorFromArray(['a', null, 'ccc'], new LargeUtf8()),
      b: vectorFromArray([new Uint8Array([1, 2]), new Uint8Array([]), null], new LargeBinary()),
    });
    const sealed = await seal(new Blob([tableToIPC(table)]), META);
    const { header, columns } = openSealed(sealed.bytes, sealed.dek);
    expect(header.dataset.schema.fields.map((f) => f.type)).toEqual(['utf8', 'binary']);
    expect(values(columns[0].table, 's')).toEqual(['a', null, 'ccc']);
    expect(columns[1].table.getChild('b').get(0)).toEqual(new Uint8Array([1, 2]));
    expect(columns[1].table.getChild('b').get(2)).toBeNull();
  });

  it('checks an Arrow input against the contract schema', async () => {
    const ipc = tableToIPC(tableFromArrays({ id: new Int32Array([1, 2]) }));
    const blob = new Blob([ipc]);
    const int64 = { fields: [{ name: 'id', type: 'int64', nullable: false }] };
    await expect(seal(blob, { ...META, schema: int64 })).rejects.toThrow("column 'id': the Arrow input has type int32, the schema says int64");
    const other = { fields: [{ name: 'key', type: 'int32', nullable: false }] };
    await expect(seal(blob, { ...META, schema: other })).rejects.toThrow(`the Arrow input's columns ["id"] do not match the schema's ["key"]`);
    const withNull = new Blob([tableToIPC(tableFromArrays({ id: vectorFromArray([1, null], new Int32()) }))]);
    const strict = { fields: [{ name: 'id', type: 'int32', nullable: false }] };
    await expect(seal(withNull, { ...META, schema: strict })).rejects.toThrow("column 'id' has nulls in record batch 1 but is not nullable");
  });

  it('refuses what it cannot seal, with a plain message', async () => {
    const schema = { fields: [{ name: 'id', type: 'int64' }] };
    await expect(seal(new Blob([]), { ...META, schema })).rejects.toThrow('the file is empty');
    await expect(seal(new Blob(['id\n1\n']), META)).rejects.toThrow('a CSV file can be sealed only with the dataset schema');
    await expect(seal(new Blob(['id\n1\n']), { ...META, schema: { fields: [{ name: 'id', type: 'uint64' }] } })).rejects.toThrow(
      "column 'id': unknown column type 'uint64'",
    );
    await expect(seal(new Blob(['id\n1\n']), { ...META, datasetId: ' ', schema })).rejects.toThrow('meta.datasetId is required');
    const garbage = new Uint8Array([255, 255, 255, 255, 16, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await expect(seal(new Blob([garbage]), META)).rejects.toThrow('the Arrow input is malformed');
    const file = new TextEncoder().encode('ARROW1\0\0garbage that is no stream');
    await expect(seal(new Blob([file]), META)).rejects.toThrow('the Arrow input is malformed');
    const time = new Blob([tableToIPC(new Table({ t: makeVector(new Uint8Array([1, 2])) }))]);
    await expect(seal(time, META)).rejects.toThrow("column 't': column type Uint8 is not supported");
  });

  it('stops when the file changes between its passes', async () => {
    const blobs = [new Blob(['id\n1\n2\n']), new Blob(['id\n1\n'])];
    let reads = 0;
    const changing = {
      size: blobs[0].size,
      slice: (a, b) => blobs[reads++ < 2 ? 0 : 1].slice(a, b),
    };
    const schema = { fields: [{ name: 'id', type: 'int64' }] };
    // @ts-ignore: only size and slice are used
    await expect(seal(changing, { ...META, schema })).rejects.toThrow('the input changed while it was being sealed');
  });

  it('stops when aborted, before writing anything', async () => {
    const controller = new AbortController();
    controller.abort();
    const chunks = [];
    const run = sealFile(new Blob(['id\n1\n']), { ...META, schema: { fields: [{ name: 'id', type: 'int64' }] } }, {
      sink: (c) => void chunks.push(c),
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow();
    expect(chunks).toEqual([]);
  });
});
