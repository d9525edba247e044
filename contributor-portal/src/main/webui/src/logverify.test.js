import { describe, expect, it, beforeAll } from 'vitest';
import { hex, leafHash, rootOf, verifyExport } from './logverify.js';
import { base64Url } from './auth.js';

// RFC 9162 / Certificate Transparency test vectors (the same as crypto's MerkleTreeTest).
const CT_LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const fromHex = (h) => Uint8Array.from(h.match(/../g) || [], (b) => parseInt(b, 16));

// Canonical JSON for the test's own objects (sorted keys; strings and integers only).
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

async function signer() {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const pub = base64Url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  return {
    pub,
    async envelope(member, body) {
      const stmt = { ...body, signingKey: pub };
      const sig = await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(canonical(stmt)));
      return canonical({ [member]: stmt, signature: base64Url(new Uint8Array(sig)) });
    },
  };
}

let portal;
let broker;
async function exportOf(entryLines, { size = entryLines.length, logId = 'c1', key = portal } = {}) {
  const hashes = [];
  for (const l of entryLines) hashes.push(await leafHash(new TextEncoder().encode(l)));
  const root = hex(await rootOf(hashes));
  const head = await key.envelope('head', { format: 'cleanroom.signed-tree-head.v1', logId, rootHash: root, size, timestamp: 1 });
  return [canonical({ format: 'cleanroom.log-export.v1', logId: 'c1' }), ...entryLines, head].join('\n') + '\n';
}

let entries;
beforeAll(async () => {
  portal = await signer();
  broker = await signer();
  entries = [
    await portal.envelope('entry', { format: 'cleanroom.portal-log-entry.v1', event: 'collaboration.created', collaborationId: 'c1', time: 't' }),
    await portal.envelope('entry', { format: 'cleanroom.portal-log-entry.v1', event: 'dataset.uploaded', ownerOrg: 'hospital', time: 't' }),
    await broker.envelope('entry', { format: 'cleanroom.broker-log-entry.v1', event: 'contract.approved', sequence: 1 }),
  ];
});

describe('RFC 9162 Merkle tree', () => {
  it('gives the Certificate Transparency root for every size', async () => {
    for (let n = 0; n <= CT_LEAVES.length; n++) {
      const hashes = await Promise.all(CT_LEAVES.slice(0, n).map((l) => leafHash(fromHex(l))));
      expect(hex(await rootOf(hashes))).toBe(CT_ROOTS[n]);
    }
  });
});

describe('verifyExport', () => {
  it('verifies a well-formed export and counts events and signers', async () => {
    const r = await verifyExport(await exportOf(entries), { portalKey: portal.pub });
    expect(r.failure).toBeNull();
    expect(r.verified).toBe(true);
    expect(r.entries).toBe(3);
    expect(r.events.portal).toEqual({ 'collaboration.created': 1, 'dataset.uploaded': 1 });
    expect(r.signers.broker).toEqual({ [broker.pub]: 1 });
  });

  it('refuses an entry changed after it was signed', async () => {
    const text = (await exportOf(entries)).replace('"ownerOrg":"hospital"', '"ownerOrg":"bank"');
    const r = await verifyExport(text);
    expect(r.verified).toBe(false);
    expect(r.failure).toMatchObject({ line: 3, reason: "the portal log entry's signature does not verify" });
  });

  it('refuses reordered entries under the same head', async () => {
    const good = (await exportOf(entries)).split('\n');
    [good[1], good[2]] = [good[2], good[1]];
    const r = await verifyExport(good.join('\n'));
    expect(r.failure.reason).toBe("the entries do not hash to the tree head's root");
  });

  it('refuses a removed entry', async () => {
    const good = (await exportOf(entries)).split('\n');
    good.splice(2, 1);
    const r = await verifyExport(good.join('\n'));
    expect(r.failure.reason).toBe('the tree head is for 3 entries, the export has 2');
  });

  it('refuses a head signed by another key than the pinned portal key', async () => {
    const r = await verifyExport(await exportOf(entries.slice(2), { key: broker }), { portalKey: portal.pub });
    expect(r.failure.part).toBe('the tree head');
    expect(r.failure.reason).toContain('not the portal');
  });

  it('refuses a head of another log and a truncated file', async () => {
    expect((await verifyExport(await exportOf(entries, { logId: 'c2' }))).failure.reason).toBe('the tree head is for log c2, not c1');
    const text = await exportOf(entries);
    expect((await verifyExport(text.slice(0, -1))).failure.reason).toContain('truncated');
    expect((await verifyExport(text.split('\n').slice(0, 3).join('\n') + '\n')).failure.reason).toContain('no signed tree head');
  });
});
