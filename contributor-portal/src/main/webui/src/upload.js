// Seals a file in the browser and uploads only the sealed bytes; the data key goes only to the
// owner's key broker.
//
// Security: the plaintext file is read only by sealFile in this tab; what leaves the tab is the
// sealed file (to the portal) and the DEK (to the organization's own key broker, over its API with
// the owner's token). Nothing is kept: the DEK is handed back to the caller for the deposit and
// dropped with the page.

import { ApiError, call, problemOf } from './api.js';
import { accessToken, base64Url } from './auth.js';

const CHUNK = 8 * 1024 * 1024;

// The sealing library (src/sealing, docs/format.md) is loaded when first used.
const sealing = import.meta.glob('./sealing/index.js');

/** Whether this build can seal in the browser. */
export const sealingAvailable = Object.keys(sealing).length > 0;

async function sealFile(...args) {
  const load = sealing['./sealing/index.js'];
  if (!load) throw new Error('In-browser sealing is not part of this build of the portal');
  return (await load()).sealFile(...args);
}

/** Opens a resumable upload, or null when the portal has none (then the one-shot PUT is used). */
async function openUpload(base) {
  try {
    return await call(`${base}/uploads`, { method: 'POST', json: {} });
  } catch (e) {
    // 404/405 from a portal without the resumable API (not a refusal of this caller).
    if (e instanceof ApiError && (e.status === 405 || (e.status === 404 && e.code !== 'NOT_FOUND'))) return null;
    throw e;
  }
}

/**
 * A sink that sends the sealed bytes in chunks with PATCH (resumable uploads, docs/portal.md),
 * resending from the portal's offset after a refused or failed chunk.
 */
function resumableSink(base, upload) {
  const url = `${base}/uploads/${encodeURIComponent(upload.uploadId)}`;
  const limit = Math.min(CHUNK, upload.maxChunkBytes || CHUNK);
  let pending = [];
  let pendingBytes = 0;
  let offset = 0;

  async function send(bytes) {
    let start = offset;
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(url, {
        method: 'PATCH',
        headers: {
          Authorization: `Bearer ${await accessToken()}`,
          'Content-Type': 'application/offset+octet-stream',
          'Upload-Offset': String(start),
        },
        body: bytes.subarray(start - offset),
      }).catch((err) => ({ ok: false, status: 0, err }));
      if (res.ok) {
        offset += bytes.length;
        return;
      }
      if (attempt >= 4) throw res.status ? await problemOf(res) : new Error(`Upload failed: ${res.err.message}`);
      // Ask where the portal is, and resend from there if it is within this chunk.
      const at = await call(url).catch(() => null);
      const current = at ? at.offset : start;
      if (current < offset || current > offset + bytes.length) {
        throw new Error('Upload failed: the portal lost part of the upload; start it again');
      }
      if (current === offset + bytes.length) {
        offset = current;
        return;
      }
      start = current;
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
  }

  async function flush() {
    if (pendingBytes === 0) return;
    const bytes = new Uint8Array(pendingBytes);
    let at = 0;
    for (const p of pending) {
      bytes.set(p, at);
      at += p.length;
    }
    pending = [];
    pendingBytes = 0;
    await send(bytes);
  }

  return {
    async write(chunk) {
      let rest = chunk;
      while (rest.length > 0) {
        const take = Math.min(rest.length, limit - pendingBytes);
        pending.push(rest.slice(0, take));
        pendingBytes += take;
        rest = rest.subarray(take);
        if (pendingBytes >= limit) await flush();
      }
    },
    async finish() {
      await flush();
      return call(`${url}/complete`, { method: 'POST' });
    },
    async abandon() {
      await call(url, { method: 'DELETE' }).catch(() => {});
    },
  };
}

/** A sink that gathers the sealed bytes in a Blob and sends them with one PUT. */
function oneShotSink(base) {
  const parts = [];
  return {
    async write(chunk) {
      parts.push(chunk.slice());
    },
    async finish() {
      return call(base, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: new Blob(parts),
      });
    },
    async abandon() {},
  };
}

/**
 * Seals `file` as `dataset` of the contract and uploads it. `onProgress(phase, done, total)`.
 * Answers {version (the portal's dataset view), dek, keyId, sha256}.
 */
export async function sealAndUpload({ collaborationId, dataset, ownerOrg, file, onProgress, signal }) {
  const base = `/v1/collaborations/${encodeURIComponent(collaborationId)}/datasets/${encodeURIComponent(dataset.id)}`;
  const upload = await openUpload(base);
  const sink = upload ? resumableSink(base, upload) : oneShotSink(base);
  let sealed;
  try {
    sealed = await sealFile(
      file,
      { datasetId: dataset.id, ownerOrg, collaborationId, schema: dataset.schema },
      {
        sink: (chunk) => sink.write(chunk),
        onProgress: (done, total) => onProgress && onProgress('sealing', done, total),
        signal,
      },
    );
    onProgress && onProgress('finishing', 1, 1);
    const version = await sink.finish();
    return { version, dek: sealed.dek, keyId: sealed.keyId, sha256: sealed.sha256 };
  } catch (e) {
    await sink.abandon();
    if (sealed) sealed.dek.fill(0);
    throw e;
  }
}

/** Deposits the DEK at the owner's key broker: `PUT {broker}/v1/keys/{datasetId}`. */
export async function depositKey(brokerUrl, datasetId, dek, keyId) {
  if (!brokerUrl) throw new Error('No key broker is configured for your organization');
  return call(`${brokerUrl}/v1/keys/${encodeURIComponent(datasetId)}`, {
    method: 'PUT',
    json: { key: base64Url(dek), keyId },
  });
}
