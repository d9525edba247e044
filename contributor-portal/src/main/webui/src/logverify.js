// Verifies a collaboration's log export (docs/audit.md, cleanroom.log-export.v1) in the browser with
// WebCrypto: every entry's Ed25519 signature, the RFC 9162 Merkle root recomputed from the entries
// (docs/log.md) and the portal's signed tree head. The same checks as `cleanroom verify log`, minus
// the trusted-keys file: the page pins only the portal key it is given and names every other signer.

const ENTRY_FORMATS = {
  'cleanroom.portal-log-entry.v1': 'portal',
  'cleanroom.broker-log-entry.v1': 'broker',
  'cleanroom.enclave-log-entry.v1': 'enclave',
};
const HEAD_FORMAT = 'cleanroom.signed-tree-head.v1';
const EXPORT_FORMAT = 'cleanroom.log-export.v1';

const enc = new TextEncoder();

/** Lower-case hex of bytes. */
export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromBase64Url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

async function sha256(...parts) {
  const len = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

/** RFC 9162 leaf hash: SHA-256(0x00 ‖ leaf). */
export function leafHash(leaf) {
  return sha256(Uint8Array.of(0), leaf);
}

/** RFC 9162 root of the leaf hashes (k = the largest power of two smaller than n). */
export async function rootOf(leafHashes) {
  const n = leafHashes.length;
  if (n === 0) return sha256(new Uint8Array(0));
  if (n === 1) return leafHashes[0];
  let k = 1;
  while (k * 2 < n) k *= 2;
  const [left, right] = await Promise.all([rootOf(leafHashes.slice(0, k)), rootOf(leafHashes.slice(k))]);
  return sha256(Uint8Array.of(1), left, right);
}

/**
 * Splits a signed envelope `{"<member>":{…},"signature":"…"}` in canonical form into the member's
 * exact bytes (what was signed), the parsed member and the signature.
 */
function envelope(line, member) {
  const prefix = `{"${member}":`;
  const marker = line.lastIndexOf(',"signature":"');
  if (!line.startsWith(prefix) || marker < 0 || !line.endsWith('"}')) {
    throw new Error(`not a signed ${member} in canonical form`);
  }
  const memberText = line.slice(prefix.length, marker);
  let body;
  try {
    body = JSON.parse(memberText);
  } catch {
    throw new Error('malformed JSON');
  }
  const signature = fromBase64Url(line.slice(marker + ',"signature":"'.length, -2));
  return { bytes: enc.encode(memberText), body, signature };
}

async function verifySignature(keyText, signature, bytes) {
  let raw;
  try {
    raw = fromBase64Url(keyText);
  } catch {
    return false;
  }
  if (raw.length !== 32 || signature.length !== 64) return false;
  const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, bytes);
}

/**
 * Verifies an export's text. `portalKey` (base64url), when given, must be the key of the portal's
 * entries and of the tree head. Answers {verified, logId, entries, computedRoot, head, events,
 * signers, failure: {line, part, reason} | null}.
 */
export async function verifyExport(text, { portalKey } = {}) {
  const report = { verified: false, logId: null, entries: 0, computedRoot: null, head: null, events: {}, signers: {}, failure: null };
  const fail = (line, part, reason) => {
    report.failure = { line, part, reason };
    return report;
  };
  if (!text) return fail(1, 'the header', 'the export is empty');
  if (!text.endsWith('\n')) return fail(1, 'the export', 'the last line does not end in a newline: the export is truncated');
  const lines = text.slice(0, -1).split('\n');
  let header;
  try {
    header = JSON.parse(lines[0]);
  } catch {
    header = null;
  }
  if (!header || header.format !== EXPORT_FORMAT || typeof header.logId !== 'string'
      || lines[0] !== JSON.stringify({ format: EXPORT_FORMAT, logId: header.logId })) {
    return fail(1, 'the header', `not a ${EXPORT_FORMAT} header`);
  }
  report.logId = header.logId;
  if (lines.length < 2 || !lines[lines.length - 1].startsWith('{"head":')) {
    return fail(lines.length, 'the tree head', 'no signed tree head at the end: the export is truncated');
  }
  const hashes = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const line = lines[i];
    const part = `entry ${i - 1}`;
    if (line.length === 0 || line.endsWith('\r')) return fail(i + 1, part, 'an empty line or a CR LF line ending');
    let e;
    try {
      e = envelope(line, 'entry');
    } catch (err) {
      return fail(i + 1, part, err.message);
    }
    const kind = ENTRY_FORMATS[e.body.format];
    if (!kind) return fail(i + 1, part, 'not a log entry of a known kind');
    if (!(await verifySignature(e.body.signingKey, e.signature, e.bytes))) {
      return fail(i + 1, part, `the ${kind} log entry's signature does not verify`);
    }
    if (kind === 'portal' && portalKey && e.body.signingKey !== portalKey) {
      return fail(i + 1, part, `signed by ${e.body.signingKey}, which is not the portal's key`);
    }
    hashes.push(await leafHash(enc.encode(line)));
    report.entries++;
    const events = (report.events[kind] ||= {});
    events[e.body.event] = (events[e.body.event] || 0) + 1;
    const signers = (report.signers[kind] ||= {});
    signers[e.body.signingKey] = (signers[e.body.signingKey] || 0) + 1;
  }
  const headLine = lines.length;
  let h;
  try {
    h = envelope(lines[lines.length - 1], 'head');
  } catch (err) {
    return fail(headLine, 'the tree head', err.message);
  }
  report.head = h.body;
  if (h.body.format !== HEAD_FORMAT) return fail(headLine, 'the tree head', 'not a signed tree head');
  if (!(await verifySignature(h.body.signingKey, h.signature, h.bytes))) {
    return fail(headLine, 'the tree head', "the tree head's signature does not verify");
  }
  if (portalKey && h.body.signingKey !== portalKey) {
    return fail(headLine, 'the tree head', `the tree head is signed by ${h.body.signingKey}, which is not the portal's key`);
  }
  if (h.body.logId !== report.logId) {
    return fail(headLine, 'the tree head', `the tree head is for log ${h.body.logId}, not ${report.logId}`);
  }
  if (h.body.size !== report.entries) {
    return fail(headLine, 'the tree head', `the tree head is for ${h.body.size} entries, the export has ${report.entries}`);
  }
  report.computedRoot = hex(await rootOf(hashes));
  if (report.computedRoot !== h.body.rootHash) {
    return fail(headLine, 'the tree head', "the entries do not hash to the tree head's root");
  }
  report.verified = true;
  return report;
}
