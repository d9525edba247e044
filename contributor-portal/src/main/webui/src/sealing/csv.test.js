// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CsvTokenizer, csvRecords, csvToArrowBatches } from './csv.js';
import { columnsFromSchema } from './types.js';

/** Tokenizes `text` pushed in pieces of `step` characters. */
function records(text, step = text.length || 1) {
  const t = new CsvTokenizer();
  const out = [];
  for (let i = 0; i < text.length; i += step) t.push(text.slice(i, i + step), out);
  t.end(out);
  return out.map((r) => ({ fields: r.fields, line: r.line }));
}

describe('CsvTokenizer', () => {
  it('splits fields and records with LF, CRLF and a missing final line end', () => {
    expect(records('a,b\r\n1,2\n3,4')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, counting lines', () => {
    const text = 'a,b\n"x, y","say ""hi"""\n"two\nlines",z\nlast,"\r\n"\n';
    expect(records(text)).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x, y', 'say "hi"'], line: 2 },
      { fields: ['two\nlines', 'z'], line: 3 },
      { fields: ['last', '\r\n'], line: 5 },
    ]);
  });

  it('gives the same records whatever the pieces the text arrives in', () => {
    const text = 'a,b\r\n"q""uo\r\nted",\r\n,""\r\n"",x\r\n';
    const whole = records(text);
    for (const step of [1, 2, 3, 5, 7]) expect(records(text, step)).toEqual(whole);
    expect(whole.map((r) => r.fields)).toEqual([['a', 'b'], ['q"uo\r\nted', ''], ['', ''], ['', 'x']]);
  });

  it('fills in only the picked field after the header when asked, with the same field counts and lines', () => {
    const text = 'a,b,c\r\n1,2,3\r\n"4\n",5,"6"\n7,"8""\n9",x\n"y",z\n';
    const whole = records(text);
    for (const pick of [0, 1, 2]) {
      for (const step of [1, 4, text.length]) {
        const t = new CsvTokenizer(pick);
        const out = [];
        for (let i = 0; i < text.length; i += step) t.push(text.slice(i, i + step), out);
        t.end(out);
        expect(out[0].fields).toEqual(['a', 'b', 'c']);
        expect(out.map((r) => [r.fields.length, r.fields[pick], r.line])).toEqual(
          whole.map((r) => [r.fields.length, r.fields[pick], r.line]),
        );
        expect(out.slice(1).every((r) => r.fields.every((f, i) => i === pick || !f))).toBe(true);
      }
    }
  });

  it('takes a quote inside an unquoted field literally and keeps empty fields and lines', () => {
    expect(records('a"b,c\n\n,\n').map((r) => r.fields)).toEqual([['a"b', 'c'], [''], ['', '']]);
  });

  it('refuses a quoted field that is never closed and text after a closing quote', () => {
    expect(() => records('a\n"open\n')).toThrow('the quoted field opened on line 2 is never closed');
    expect(() => records('a,b\n"x"y,1\n')).toThrow('malformed CSV on line 2: a closing quote is followed by other characters');
  });
});

describe('csvRecords', () => {
  it('reads a Blob across slice boundaries, including a character split between slices', async () => {
    const row = 'é,"日本\n語"\n';
    const text = `a,b\n${row.repeat(500000)}`;
    let rows = 0;
    let wrong = 0;
    for await (const batch of csvRecords(new Blob([text]))) {
      for (const r of batch) {
        if (r.line === 1) continue;
        if (r.fields.length !== 2 || r.fields[0] !== 'é' || r.fields[1] !== '日本\n語') wrong++;
        rows++;
      }
    }
    expect(text.length).toBeGreaterThan(2 * (4 << 20) / 3);
    expect({ rows, wrong }).toEqual({ rows: 500000, wrong: 0 });
  }, 60000);

  it('skips a UTF-8 byte order mark', async () => {
    const gen = csvRecords(new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), 'id\n1\n']));
    expect((await gen.next()).value.map((r) => r.fields)).toEqual([['id'], ['1']]);
  });

  it('refuses text that is not UTF-8', async () => {
    const gen = csvRecords(new Blob([new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a])]));
    await expect(gen.next()).rejects.toThrow('the CSV is not valid UTF-8');
  });
});

describe('csvToArrowBatches', () => {
  const columns = columnsFromSchema({
    fields: [
      { name: 'id', type: 'int64', nullable: false },
      { name: 'name', type: 'utf8', nullable: true },
    ],
  });

  /** @param {string} text @param {any} [options] */
  async function collect(text, options) {
    const out = [];
    for await (const b of csvToArrowBatches(new Blob([text]), columns, options)) out.push(b);
    return out;
  }

  it('cuts batches by rows, by text size and at given boundaries', async () => {
    const text = `id,name\n${Array.from({ length: 10 }, (_, i) => `${i},n${i}`).join('\n')}\n`;
    expect((await collect(text, { batchRows: 4 })).map((b) => b.rows)).toEqual([4, 4, 2]);
    expect((await collect(text, { batchBytes: 12 })).map((b) => b.rows)).toEqual([3, 3, 3, 1]);
    expect((await collect(text, { boundaries: [1, 9] })).map((b) => b.rows)).toEqual([1, 9]);
    const [first] = await collect(text, { batchRows: 4 });
    expect(first.batch.getChild('id').toArray()).toEqual(new BigInt64Array([0n, 1n, 2n, 3n]));
    expect(first.batch.getChild('name').toArray()).toEqual(['n0', 'n1', 'n2', 'n3']);
  });

  it('converts only the columns asked for', async () => {
    const [b] = await collect('id,name\n1,x\n', { only: [1] });
    expect(b.batch.schema.fields.map((f) => f.name)).toEqual(['name']);
  });

  it('refuses an empty file, a header without rows, a header that does not match and a short row', async () => {
    await expect(collect('')).rejects.toThrow('the CSV is empty');
    await expect(collect('id,name\n')).rejects.toThrow('the CSV has a header but no rows');
    await expect(collect('id,CANARY\n1,x\n')).rejects.toThrow(`the CSV's first row must name the schema's columns ["id","name"] in order; field 2 differs`);
    await expect(collect('7,CANARY,x\n1,x\n')).rejects.toThrow(/^the CSV's first row must name the schema's columns \["id","name"\] in order; it has 3 fields$/);
    await expect(collect('id,name\n1,x\n2\n')).rejects.toThrow('line 3 has 1 fields, the header has 2');
  });

  it('names line and column of a value that does not fit, never the value', async () => {
    const canary = 'CANARY-91c2';
    const error = await collect(`id,name\n1,a\n"2\n",b\n${canary},c\n`).catch((e) => e);
    expect(error.message).toBe("line 5, column 'id': the value does not fit type int64 (not nullable)");
    expect(error.message).not.toContain(canary);
    await expect(collect('id,name\n,a\n')).rejects.toThrow("line 2, column 'id': the value does not fit type int64 (not nullable)");
  });
});
