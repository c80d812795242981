// A small static file server for the app (no dependencies): correct MIME types for .wasm, .mjs
// and the web app manifest, only files under the served folder, and what the service worker
// (www/sw.js) needs from the HTTP layer:
// - `Cache-Control: no-cache` with an ETag: the browser may keep a copy but asks every time
//   (an unchanged file costs a 304), so sw.js and sw-build.js are never stale and a new build
//   is seen on the next online visit;
// - gzip or brotli when the browser accepts it (compressed once per file version, in memory);
// - the page's Content-Security-Policy (the `<meta http-equiv>` of www/index.html) as a header
//   on every HTML page, so a page served here without its own meta tag gets the same policy.
//   node scripts/serve.mjs [--host 127.0.0.1] [--port 8080] [folder=www]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const host = opt('--host', '127.0.0.1');
const port = Number(opt('--port', '8080'));
const root = resolve(args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] || '').startsWith('--'))[0] || 'www');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.webmanifest', '.geojson', '.csv', '.svg', '.ico']);

/** The Content-Security-Policy of `folder`/index.html's meta tag, or null. */
export function pagePolicy(folder) {
  try {
    const html = readFileSync(join(folder, 'index.html'), 'utf8');
    const m = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i);
    return m ? m[1].replace(/\s+/g, ' ').trim() : null;
  } catch {
    return null;
  }
}

/** Serves `folder`. `onResponse({path, status, bytes, encoding})`, when given, hears of every
 *  answer (the size benchmark counts what the browser downloaded). */
export function startServer(folder = root, listenPort = port, listenHost = host, { onResponse } = {}) {
  const base = resolve(folder);
  const policy = pagePolicy(base);
  const compressed = new Map(); // `${path}|${etag}|${encoding}` -> Buffer
  const server = createServer(async (req, res) => {
    const tell = (info) => onResponse && onResponse({ url: req.url, ...info });
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = normalize(join(base, decodeURIComponent(url.pathname)));
      if (path !== base && !path.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        tell({ status: 403, bytes: 0 });
        return;
      }
      let s = await stat(path).catch(() => null);
      if (s && s.isDirectory()) {
        path = join(path, 'index.html');
        s = await stat(path).catch(() => null);
      }
      if (!s || !s.isFile()) throw new Error('not found');
      const ext = extname(path);
      const etag = `"${s.size.toString(16)}-${Math.floor(s.mtimeMs).toString(16)}"`;
      const headers = {
        'Content-Type': types[ext] || 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ETag: etag,
        Vary: 'Accept-Encoding',
      };
      if (policy && ext === '.html') headers['Content-Security-Policy'] = policy;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        tell({ status: 304, bytes: 0 });
        return;
      }
      let body = await readFile(path);
      const accept = String(req.headers['accept-encoding'] || '');
      const encoding = !COMPRESSIBLE.has(ext) ? null : /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
      if (encoding) {
        const key = `${path}|${etag}|${encoding}`;
        if (!compressed.has(key)) {
          compressed.set(
            key,
            encoding === 'br'
              ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })
              : gzipSync(body, { level: 9 }),
          );
        }
        body = compressed.get(key);
        headers['Content-Encoding'] = encoding;
      }
      headers['Content-Length'] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      tell({ status: 200, bytes: body.length, encoding, file: path });
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' }).end('not found');
      tell({ status: 404, bytes: 0 });
    }
  });
  return new Promise((ok) => server.listen(listenPort, listenHost, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startServer();
  const a = server.address();
  console.log(`走航 zouhang: http://${a.address}:${a.port}/  (serving ${root}; Ctrl+C to stop)`);
}
