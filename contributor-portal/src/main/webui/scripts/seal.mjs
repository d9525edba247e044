#!/usr/bin/env node
// Seals a CSV or Arrow file with the browser implementation (src/sealing), for the Java interop test and for
// trying the sealing out: node scripts/seal.mjs <input> <output> <meta.json>
// meta.json: {"datasetId","ownerOrg","collaborationId","schema"?,"batchRows"?}
// Prints {"key": base64url DEK, "keyId", "sha256", "size"} as JSON on stdout; the key goes nowhere else.
import { openAsBlob } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { sealFile } from '../src/sealing/index.js';

const [input, output, metaFile] = process.argv.slice(2);
if (!metaFile) {
  console.error('usage: node scripts/seal.mjs <input> <output> <meta.json>');
  process.exit(2);
}
const meta = JSON.parse(await readFile(metaFile, 'utf8'));
const tmp = `${output}.part`;
const out = await open(tmp, 'w');
try {
  const result = await sealFile(await openAsBlob(input), meta, {
    batchRows: meta.batchRows,
    sink: async (chunk) => {
      await out.write(chunk);
    },
  });
  await out.close();
  await rename(tmp, output);
  const key = Buffer.from(result.dek).toString('base64url');
  result.dek.fill(0);
  process.stdout.write(`${JSON.stringify({ key, keyId: result.keyId, sha256: result.sha256, size: result.size })}\n`);
} catch (e) {
  await out.close();
  await rm(tmp, { force: true });
  console.error(`seal: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
