// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import { binding, columnAssociatedData, header, instantText, prefix } from './header.js';
import { headerTag, keyId } from './keys.js';
import { StreamEncrypter, ciphertextLength, FIRST_SEGMENT_PLAINTEXT, SEGMENT_PLAINTEXT } from './streaming-aead.js';
import { Sha256, toHex } from './sha256.js';
import { canonical, decryptStream } from './spec-reader.testkit.js';
import { columnsFromSchema, parseType } from './types.js';

const FORMAT_MD = new URL('../../../../../../docs/format.md', import.meta.url);

describe('canonical JSON (RFC 8785)', () => {
  it('sorts members by UTF-16 code units (RFC 8785 section 3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      1: 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('escapes minimally and prints numbers as ECMAScript does', () => {
    expect(canonicalJson({ s: '\u000f\n"\\/€' })).toBe('{"s":"\\u000f\\n\\"\\\\/€"}');
    expect(canonicalJson([1e-7, 0.000001, -0, 333333333.3333333, 4.5e-300])).toBe('[1e-7,0.000001,0,333333333.3333333,4.5e-300]');
    expect(() => canonicalJson(2 ** 53 + 2)).toThrow('±2^53');
    expect(() => canonicalJson(NaN)).toThrow('NaN');
  });
});

describe('the header', () => {
  it('is byte for byte the example of docs/format.md for the same metadata', () => {
    const md = readFileSync(FORMAT_MD, 'utf8');
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(md)[1]);
    const d = example.dataset;
    const ours = header(
      binding({
        datasetId: d.datasetId,
        ownerOrg: d.ownerOrg,
        collaborationId: d.collaborationId,
        createdAt: new Date(d.createdAt),
        keyId: d.keyId,
        sealId: d.sealId,
        columns: columnsFromSchema(d.schema),
      }),
      example.layout.batchRowCounts,
      example.layout.columns.map((/** @type {any} */ c) => c.length),
    );
    expect(canonicalJson(ours)).toBe(canonical(example));
  });

  it('writes createdAt as java.time.Instant does, without a zero fraction', () => {
    expect(instantText(new Date('2026-11-22T10:00:00.000Z'))).toBe('2026-11-22T10:00:00Z');
  });

  it('names types as the Java writer does, from contract or header form', () => {
    const cols = columnsFromSchema({
      fields: [
        { name: 'a', nullable: false, type: { name: 'decimal', precision: 9, scale: 2, bitWidth: 128 } },
        { name: 'b', nullable: true, type: { name: 'timestamp', unit: 'MICROSECOND', timezone: 'UTC' } },
        { name: 'c', type: ' Decimal( 09 ,2) ' },
        { name: 'd', type: { name: 'floatingpoint', precision: 'SINGLE' } },
      ],
    });
    expect(cols.map((c) => c.type)).toEqual(['decimal(9,2)', 'timestamp[us,UTC]', 'decimal(9,2)', 'float32']);
    expect(cols.map((c) => c.nullable)).toEqual([false, true, false, false]);
    expect(() => columnsFromSchema({ fields: [{ name: 'x', type: { name: 'int', bitWidth: 32, isSigned: false } }] })).toThrow(
      "unknown column type",
    );
    expect(() => parseType('decimal(39,2)')).toThrow("unknown column type 'decimal(39,2)'");
    expect(() => columnsFromSchema({ fields: [{ name: 'x', type: 'int64' }, { name: 'x', type: 'utf8' }] })).toThrow(
      'column names must be unique',
    );
  });

  it('has the prefix, key id, tag and associated data of docs/format.md section 3 and 4', async () => {
    const dek = new Uint8Array(32).map((_, i) => i * 7);
    const expectedId = createHash('sha256')
      .update(Buffer.concat([Buffer.from('cleanroom/dataset-key-id/v1\0', 'ascii'), dek]))
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    expect(await keyId(dek)).toBe(expectedId);
    const bytes = new TextEncoder().encode('CRSEALED....{"x":1}');
    const kHdr = Buffer.from(hkdfSync('sha256', dek, Buffer.alloc(0), 'cleanroom/sealed-dataset/v1/header-tag', 32));
    expect(Buffer.from(await headerTag(dek, bytes))).toEqual(createHmac('sha256', kHdr).update(bytes).digest());
    expect([...prefix(258)]).toEqual([0x43, 0x52, 0x53, 0x45, 0x41, 0x4c, 0x45, 0x44, 0, 0, 1, 2]);
    const ad = columnAssociatedData(new Uint8Array(32).fill(9), 258, 'né');
    expect([...ad.subarray(32)]).toEqual([0, 0, 1, 2, 0x6e, 0xc3, 0xa9]);
  });
});

describe('the streaming AEAD (Tink AES-GCM-HKDF, 1 MiB segments)', () => {
  /** @param {Uint8Array} plaintext @param {number[]} pieces */
  async function encrypt(dek, ad, plaintext, pieces) {
    const chunks = [];
    const enc = await StreamEncrypter.start(dek, ad, async (c) => {
      chunks.push(c);
    });
    let at = 0;
    for (const n of pieces) {
      await enc.write(plaintext.subarray(at, at + n));
      at += n;
    }
    await enc.write(plaintext.subarray(at));
    await enc.finish();
    return Buffer.concat(chunks);
  }

  it('writes Tink segments that an independent decrypter opens, for a stream of several segments', async () => {
    const dek = crypto.getRandomValues(new Uint8Array(32));
    const ad = new TextEncoder().encode('column ad');
    const plaintext = new Uint8Array(FIRST_SEGMENT_PLAINTEXT + SEGMENT_PLAINTEXT + 12345).map((_, i) => i % 251);
    const stream = await encrypt(dek, ad, plaintext, [10, 1 << 20, 3]);
    expect(stream.length).toBe(ciphertextLength(plaintext.length));
    const { plaintext: back, segments } = decryptStream(Buffer.from(dek), stream, Buffer.from(ad));
    expect(segments).toEqual([(1 << 20) - 40, 1 << 20, 12345 + 16]);
    expect(Buffer.compare(back, Buffer.from(plaintext))).toBe(0);
    expect(() => decryptStream(Buffer.from(dek), stream, Buffer.from('other ad'))).toThrow();
    // Cut at a segment boundary: the new last segment was not encrypted as last.
    expect(() => decryptStream(Buffer.from(dek), stream.subarray(0, 2 << 20), Buffer.from(ad))).toThrow();
  });

  it('ends a stream whose plaintext fills its segments exactly with a full last segment', async () => {
    const dek = crypto.getRandomValues(new Uint8Array(32));
    for (const n of [0, 1, FIRST_SEGMENT_PLAINTEXT, FIRST_SEGMENT_PLAINTEXT + 1, FIRST_SEGMENT_PLAINTEXT + SEGMENT_PLAINTEXT]) {
      const plaintext = crypto.getRandomValues(new Uint8Array(Math.min(n, 65536))).slice(0, 0);
      const full = new Uint8Array(n).fill(7);
      full.set(plaintext);
      const stream = await encrypt(dek, new Uint8Array(0), full, []);
      expect(stream.length).toBe(ciphertextLength(n));
      const { plaintext: back, segments } = decryptStream(Buffer.from(dek), stream, Buffer.alloc(0));
      expect(back.length).toBe(n);
      expect(segments.length).toBe(n <= FIRST_SEGMENT_PLAINTEXT ? 1 : n <= FIRST_SEGMENT_PLAINTEXT + SEGMENT_PLAINTEXT ? 2 : 3);
    }
  });
});

describe('Sha256', () => {
  it('equals WebCrypto digest for every length around the block size and any chunking', async () => {
    const data = crypto.getRandomValues(new Uint8Array(1 << 16)).map((b, i) => (i < 65536 ? b : 0));
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 65536]) {
      const want = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data.subarray(0, n))));
      const h = new Sha256();
      for (let at = 0; at < n; at += 17 + (at % 50)) h.update(data.subarray(at, Math.min(n, at + 17 + (at % 50))));
      expect(toHex(h.digest())).toBe(want);
    }
  });
});
