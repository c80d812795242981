// First-load size (issue 15, point 5): loads each page of the app once in a fresh headless
// Chromium (empty cache, no service worker yet), waits until the page is ready and the service
// worker has kept the build (or, without one, until the network has been quiet for 2 s), and
// sums what the server sent: every answer with a body, as gzip -9 of the file (what any static
// server with gzip sends) and as the brotli the test server actually sent. Optionally the same
// for a baseline copy of www/ in the same run, and the solver's fixed-work speed of the
// size-minded wasm build against the speed-minded one. Writes the `first-load` section of
// BENCHMARKS.md.
//   node scripts/bench-size.mjs [--baseline DIR --baseline-label TEXT] [--solver [--no-build]] [--no-write]
// Needs a built www/ (scripts/build.sh) and chromium; --solver builds two wasm modules
// (scripts/bench-wasm.sh release|web) and needs ../shared/bench.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';
import { CHROMIUM_ARGS } from '../tests/browser/harness.mjs';
import { machine, today, writeSection } from './bench-common.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : dflt;
};
const TARGETS = { 'index.html': 1_000_000, 'team.html': 600_000 };
const kb = (n) => (n / 1000).toFixed(1);

/** Loads `page` of `folder` once; resolves to {files: [{path, raw, gzip, sent}], ms, sw}. */
async function firstVisit(folder, page) {
  const answers = [];
  const server = await startServer(folder, 0, '127.0.0.1', {
    onResponse: (a) => {
      if (a.status === 200) answers.push(a);
    },
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const tab = await context.newPage();
    const t0 = Date.now();
    await tab.goto(`http://127.0.0.1:${server.address().port}/${page}`);
    await tab.waitForFunction(() => document.body.dataset.ready, null, { timeout: 120_000 });
    const ms = Date.now() - t0;
    const readyCount = answers.length;
    // the service worker's copy of the build is part of the first visit
    const sw = await tab.evaluate(async () => {
      if (!navigator.serviceWorker || !(await navigator.serviceWorker.getRegistration())) return false;
      await navigator.serviceWorker.ready;
      return true;
    });
    // then wait until nothing more arrives for 2 s
    for (let last = -1; last !== answers.length; ) {
      last = answers.length;
      await new Promise((r) => setTimeout(r, 2000));
    }
    await context.close();
    const base = resolve(folder);
    const gz = new Map();
    const files = answers.map((a, i) => {
      const path = relative(base, a.file);
      if (!gz.has(path)) {
        const body = readFileSync(a.file);
        gz.set(path, { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
      }
      return { path, ...gz.get(path), sent: a.bytes, beforeReady: i < readyCount };
    });
    return { files, ms, sw };
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
}

function sum(files, key) {
  return files.reduce((s, f) => s + f[key], 0);
}

function sizeRows(label, folder, results) {
  const rows = [];
  for (const [page, r] of results) {
    const ready = r.files.filter((f) => f.beforeReady);
    const gzip = sum(r.files, 'gzip');
    const target = TARGETS[page];
    rows.push(
      `| ${label} | ${page} | ${r.files.length} | ${new Set(r.files.map((f) => f.path)).size} | ${kb(sum(r.files, 'raw'))} | ` +
        `**${kb(gzip)}** | ${kb(sum(ready, 'gzip'))} | ${kb(sum(r.files, 'sent'))} | ${r.sw ? 'yes' : 'no'} | ` +
        `${target ? `≤ ${kb(target)}: ${gzip <= target ? 'met' : 'not met'}` : ''} |`,
    );
  }
  return rows;
}

function biggest(results) {
  const out = [];
  for (const [page, r] of results) {
    const by = new Map();
    for (const f of r.files) {
      const x = by.get(f.path) || { path: f.path, gzip: 0, count: 0, raw: f.raw };
      x.gzip += f.gzip;
      x.count += 1;
      by.set(f.path, x);
    }
    const top = [...by.values()].sort((a, b) => b.gzip - a.gzip).slice(0, 6);
    out.push(`${page}: ${top.map((x) => `${x.path} ${kb(x.gzip)}${x.count > 1 ? ` (×${x.count})` : ''}`).join(', ')}`);
  }
  return out;
}

async function measure(folder) {
  const results = [];
  for (const page of Object.keys(TARGETS)) {
    if (!existsSync(join(folder, page))) continue;
    results.push([page, await firstVisit(folder, page)]);
  }
  return results;
}

// --- solver speed: the size-minded build (profile web, wasm-opt -Oz) against the speed-minded
// one (profile release, wasm-opt -O2: the settings the app was built with before), same work.
const RATIO = [
  ['tsplib', 'kroA100', 'tsp'],
  ['solomon', 'C101', 'txt'],
];
const REPEATS = 3;

function solverRun(dir, path, format, iterations, seed) {
  const text = readFileSync(path, 'utf8');
  const out = execFileSync('node', ['scripts/bench-wasm.mjs', 'benchSolver', JSON.stringify([text, format, iterations, seed])], {
    env: { ...process.env, BENCH_WASM_DIR: dir },
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.toString());
}

function solverSection() {
  const iterations = Number(opt('--iterations', 20000));
  const seed = 1;
  const builds = [
    ['release', 'target/bench-wasm-release'],
    ['web', 'target/bench-wasm-web'],
  ];
  // --no-build: use the modules already built by `scripts/bench-wasm.sh release|web DIR`
  for (const [profile, dir] of builds) {
    if (!args.includes('--no-build') || !existsSync(join(dir, 'zouhang_bg.wasm'))) {
      execFileSync('scripts/bench-wasm.sh', [profile, dir], { stdio: 'inherit' });
    }
  }
  const wasmKb = (dir) => kb(gzipSync(readFileSync(join(dir, 'zouhang_bg.wasm')), { level: 9 }).length);
  let md =
    `### Solver speed of the two wasm builds, fixed work: ${iterations} iterations, seed ${seed}\n\n` +
    `\`release\` = the speed-minded settings the app was built with before (opt-level 3, thin LTO, wasm-opt -O2; ` +
    `bench module ${wasmKb(builds[0][1])} KB gzip); \`web\` = the app's build now (opt-level "s", fat LTO, wasm-opt -Oz; ` +
    `bench module ${wasmKb(builds[1][1])} KB gzip). Runs alternate, ${REPEATS} of each; the fastest of each is shown ` +
    `(the machine is shared).\n\n` +
    `| instance | release cost | release (ms) | web cost | web (ms) | web / release | same cost |\n|---|---:|---:|---:|---:|---:|---|\n`;
  const root = opt('--dir', '../shared/bench');
  for (const [format, name, ext] of RATIO) {
    const path = join(root, format, `${name}.${ext}`);
    if (!existsSync(path)) {
      md += `| ${name} | — | — | — | — | — | skipped: ${path} not found |\n`;
      continue;
    }
    const best = {};
    solverRun(builds[0][1], path, format, iterations / 10, seed); // warm-up
    for (let i = 0; i < REPEATS; i++) {
      for (const [profile, dir] of builds) {
        const r = solverRun(dir, path, format, iterations, seed);
        if (!best[profile] || r.elapsed_ms < best[profile].elapsed_ms) best[profile] = r;
      }
    }
    const a = best.release;
    const b = best.web;
    md += `| ${name} | ${a.cost.toFixed(2)} | ${a.elapsed_ms.toFixed(0)} | ${b.cost.toFixed(2)} | ${b.elapsed_ms.toFixed(0)} | ${(b.elapsed_ms / a.elapsed_ms).toFixed(2)}× | ${Math.abs(a.cost - b.cost) < 1e-6 ? 'yes' : 'NO'} |\n`;
  }
  return md;
}

const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const sets = [];
const baseline = opt('--baseline', null);
if (baseline) sets.push([opt('--baseline-label', 'baseline'), baseline]);
sets.push(['this build', 'www']);
const rows = [];
const notes = [];
for (const [label, folder] of sets) {
  if (!statSync(join(folder, 'index.html'), { throwIfNoEntry: false })) throw new Error(`${folder}/index.html not found`);
  const results = await measure(folder);
  rows.push(...sizeRows(label, folder, results));
  notes.push(...biggest(results).map((l) => `- ${label}, ${l}`));
  for (const [page, r] of results) console.error(`${label} ${page}: ${kb(sum(r.files, 'gzip'))} KB gzip in ${r.files.length} answers, ready in ${r.ms} ms`);
}
let md =
  `## First load (issue 15)\n\n` +
  `Command: \`node scripts/bench-size.mjs${args.map((a) => (/\s/.test(a) ? ` '${a}'` : ` ${a}`)).join('')}\` · machine: ${machine()} · date: ${today()} · load average at start: ${load}\n\n` +
  `A fresh headless Chromium (empty cache) opens the page once from \`scripts/serve.mjs\`; counted is every answer ` +
  `with a body until the page is ready and the service worker has kept the build (its copy of every file is part ` +
  `of the first visit), then 2 s without traffic. gzip = gzip -9 of each file sent (what a static server with gzip ` +
  `sends); sent = the brotli bytes \`serve.mjs\` actually sent; KB = 1000 bytes.` +
  (baseline
    ? ` The baseline folder is that commit's \`www/\` (\`git archive\`) with its own build: the wasm of ` +
      `\`cargo build --release\` (the profile it used), wasm-bindgen and \`wasm-opt -O2\`, and Leaflet's whole \`dist/\`.`
    : '') +
  `\n\n` +
  `| build | page | answers | files | raw KB | gzip KB | gzip KB until ready | sent (br) KB | service worker | target |\n` +
  `|---|---|---:|---:|---:|---:|---:|---:|---|---|\n` +
  `${rows.join('\n')}\n\nLargest files (gzip KB):\n${notes.join('\n')}\n`;
if (args.includes('--solver')) md += `\n${solverSection()}`;
console.log(md);
if (!args.includes('--no-write')) writeSection('first-load', md);
