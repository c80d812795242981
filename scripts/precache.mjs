// Writes www/sw-build.js for the service worker (www/sw.js): the list of every file under www/
// that the app may load, and a build id (the first 16 hex digits of a SHA-256 over each file's
// path and bytes, and sw.js), so that a change to any file is a new build. Run by
// scripts/build.sh after the wasm and Leaflet are in place; new pages and modules under www/
// are covered without editing anything.
//   node scripts/precache.mjs [folder=www]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Files under www/ that are not part of the app a visitor needs. */
export function excluded(rel) {
  const name = rel.split('/').pop();
  return (
    name.startsWith('.') ||
    rel === 'sw.js' ||
    rel === 'sw-build.js' ||
    /\.(map|gz|br|md|d\.ts)$/.test(name) ||
    name === 'package.json'
  );
}

/** The app's files, relative to `root`, '/'-separated, sorted. */
export function appFiles(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const rel = relative(root, full).split(sep).join('/');
        if (!excluded(rel)) out.push(rel);
      }
    }
  };
  walk(root);
  return out.sort();
}

/** {version, files, bytes} of the app under `root`. */
export function buildInfo(root) {
  const files = appFiles(root);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const rel of [...files, 'sw.js']) {
    let body;
    try {
      body = readFileSync(join(root, rel));
    } catch {
      continue;
    }
    bytes += body.length;
    hash.update(rel).update('\0').update(body).update('\0');
  }
  return { version: hash.digest('hex').slice(0, 16), files, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] || 'www';
  if (!statSync(join(root, 'sw.js'), { throwIfNoEntry: false })) {
    console.error(`${root}/sw.js not found`);
    process.exit(1);
  }
  const { version, files, bytes } = buildInfo(root);
  const text =
    '// Written by scripts/precache.mjs (scripts/build.sh): the build id and the files the service\n' +
    '// worker keeps for offline use. Do not edit; do not commit.\n' +
    `self.ZOUHANG_BUILD = ${JSON.stringify({ version, files }, null, 1)};\n`;
  writeFileSync(join(root, 'sw-build.js'), text);
  console.error(`sw-build.js: build ${version}, ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB`);
}
