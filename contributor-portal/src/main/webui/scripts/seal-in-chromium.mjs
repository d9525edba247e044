#!/usr/bin/env node
// Seals a file inside headless Chromium with the browser sealing code, unbundled (src/sealing and apache-arrow as
// ES modules through an import map), for the Java interop test: same arguments and output as seal.mjs.
//   node scripts/seal-in-chromium.mjs <input> <output> <meta.json>
// A local server on 127.0.0.1 (a secure context, so WebCrypto is there) serves the page, the modules and the
// input; the page posts the sealed bytes back chunk by chunk. Chromium: $CHROMIUM or /usr/bin/chromium.
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { appendFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';

const [input, output, metaFile] = process.argv.slice(2);
if (!metaFile) {
  console.error('usage: node scripts/seal-in-chromium.mjs <input> <output> <meta.json>');
  process.exit(2);
}
const root = resolve(new URL('..', import.meta.url).pathname);
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const tmp = `${output}.part`;
await writeFile(tmp, new Uint8Array(0));

const IMPORTS = {
  'apache-arrow': '/node_modules/apache-arrow/Arrow.dom.mjs',
  tslib: '/node_modules/tslib/tslib.es6.mjs',
  flatbuffers: '/node_modules/flatbuffers/mjs/flatbuffers.js',
  'json-with-bigint': '/node_modules/json-with-bigint/json-with-bigint.js',
};
const PAGE = `<!doctype html><meta charset="utf-8"><title>seal</title>
<script type="importmap">${JSON.stringify({ imports: IMPORTS })}</script>
<script type="module">
import { sealFile } from '/src/sealing/index.js';
import { base64Url } from '/src/sealing/keys.js';
const post = (path, body) => fetch(path, { method: 'POST', body }).then((r) => { if (!r.ok) throw new Error(path + ' ' + r.status); });
try {
  const file = await (await fetch('/input')).blob();
  const meta = await (await fetch('/meta')).json();
  const r = await sealFile(file, meta, { batchRows: meta.batchRows, sink: (chunk) => post('/chunk', chunk) });
  await post('/done', JSON.stringify({ key: base64Url(r.dek), keyId: r.keyId, sha256: r.sha256, size: r.size }));
} catch (e) {
  await post('/error', String(e && e.message || e));
}
</script>`;

let settle;
const finished = new Promise((ok, fail) => {
  settle = { ok, fail };
});
const body = (req) =>
  new Promise((ok) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => ok(Buffer.concat(parts)));
  });
const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://127.0.0.1').pathname;
  if (req.method === 'GET' && path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  } else if (req.method === 'GET' && path === '/input') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    createReadStream(input).pipe(res);
  } else if (req.method === 'GET' && path === '/meta') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(await readFile(metaFile));
  } else if (req.method === 'GET' && /^\/(src|node_modules)\/.*\.m?js$/.test(path)) {
    const file = normalize(join(root, path));
    if (!file.startsWith(`${root}/`)) return void res.writeHead(403).end();
    readFile(file).then(
      (js) => res.writeHead(200, { 'content-type': 'text/javascript' }).end(js),
      () => res.writeHead(404).end(),
    );
  } else if (req.method === 'POST' && path === '/chunk') {
    await appendFile(tmp, await body(req));
    res.writeHead(204).end();
  } else if (req.method === 'POST' && path === '/done') {
    settle.ok(JSON.parse((await body(req)).toString('utf8')));
    res.writeHead(204).end();
  } else if (req.method === 'POST' && path === '/error') {
    settle.fail(new Error((await body(req)).toString('utf8')));
    res.writeHead(204).end();
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const profile = await mkdtemp(join(tmpdir(), 'seal-chromium-'));
const browser = spawn(
  chromium,
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
    `http://127.0.0.1:${server.address().port}/`,
  ],
  { stdio: 'ignore' },
);
browser.on('error', (e) => settle.fail(new Error(`cannot start ${chromium}: ${e.message}`)));
const timer = setTimeout(() => settle.fail(new Error('Chromium did not finish sealing within 5 minutes')), 300000);
let code = 0;
try {
  const result = await finished;
  await rename(tmp, output);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (e) {
  await rm(tmp, { force: true });
  console.error(`seal: ${e.message}`);
  code = 1;
} finally {
  clearTimeout(timer);
  browser.kill();
  server.close();
  server.closeAllConnections();
  await new Promise((ok) => (browser.exitCode !== null || browser.signalCode !== null ? ok() : browser.once('exit', ok)));
  await rm(profile, { recursive: true, force: true });
}
process.exit(code);
