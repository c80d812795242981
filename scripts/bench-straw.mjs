// Straw-burning benchmark (issue 7), in headless Chromium through the real panel, plus the
// command line for comparison. Writes the `straw` section of BENCHMARKS.md.
//
//   scripts/build.sh && cargo build --release --bin zouhang && node scripts/bench-straw.mjs [--runs 5]
//
// 1. The global FIRMS MODIS file (../shared, 52,377 rows): read in the worker, then filtered to
//    the demo jurisdiction, merged into incidents and scored; median of the runs.
// 2. Dispatch with the demo day teams of seeded synthetic fire points (NOT real detections:
//    uniform over the Suzhou demo box, first seen 06:00–16:00 on 31 May 2022), to show how the
//    dispatch (the route solver, started from the priority-first greedy) scales.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { openApp } from '../tests/browser/harness.mjs';
import { machine, today, writeSection } from './bench-common.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const RUNS = arg('--runs', 5);
const SEED = 20260607;
const GLOBAL = '../shared/data/firms/modis_c61_nrt_20220528-0604_global.csv';
const CLI = existsSync('target/release/zouhang') ? 'target/release/zouhang' : 'target/debug/zouhang';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tid = (id) => `[data-testid=straw-${id}]`;

/** mulberry32: a small seeded generator, so the synthetic points are the same every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(n, seed) {
  const r = rng(seed);
  const rows = ['lon,lat,time,source,note'];
  for (let i = 0; i < n; i++) {
    const lon = 119.9 + r() * 1.5;
    const lat = 30.7 + r() * 1.4;
    const min = 6 * 60 + Math.floor(r() * 600);
    const hh = String(Math.floor(min / 60)).padStart(2, '0');
    const mm = String(min % 60).padStart(2, '0');
    rows.push(`${lon.toFixed(5)},${lat.toFixed(5)},2022-05-31 ${hh}:${mm},演示合成,benchmark synthetic ${i}`);
  }
  return rows.join('\n') + '\n';
}

async function runIncidents(page) {
  const before = await page.getAttribute(tid('incidents-summary'), 'data-ms');
  await page.click(tid('run'));
  await page.waitForFunction((b) => {
    const e = document.querySelector('[data-testid=straw-incidents-summary]');
    return e && e.dataset.ms && e.dataset.ms !== b;
  }, before, { timeout: 120_000 });
  return Number(await page.getAttribute(tid('incidents-summary'), 'data-ms'));
}

async function clearFires(page) {
  await page.click('text=清空已加载火点');
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-files]').textContent === '');
}

async function load(page, file) {
  const before = await page.getAttribute(tid('files'), 'data-load-ms');
  await page.setInputFiles(tid('fire-file'), file);
  await page.waitForFunction((b) => {
    const e = document.querySelector('[data-testid=straw-files]');
    return e.dataset.loadMs && e.dataset.loadMs !== b && e.textContent.includes('已加载');
  }, before, { timeout: 120_000 });
  return Number(await page.getAttribute(tid('files'), 'data-load-ms'));
}

const app = await openApp();
const { page } = app;
const lines = [];
try {
  await page.click('#tabs button[data-tab=straw]');
  await page.fill(tid('date'), '2022-05-31');
  await page.selectOption(tid('shift'), 'day');
  await page.uncheck(tid('use-layer'));
  await page.selectOption(tid('area'), 'file');
  await page.setInputFiles(tid('area-file'), 'data/suzhou/jurisdiction_demo.geojson');
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-area-note]').textContent.includes('苏州'));

  if (existsSync(GLOBAL)) {
    const reads = [];
    const clusters = [];
    let ids = [];
    for (let i = 0; i < RUNS; i++) {
      await clearFires(page);
      reads.push(await load(page, GLOBAL));
      clusters.push(await runIncidents(page));
      ids = await page.$$eval('[data-testid=straw-incident]', (rows) => rows.map((r) => r.dataset.id));
    }
    const t0 = performance.now();
    const cli = JSON.parse(execFileSync(CLI, ['patrol', 'straw', '--data', 'data/suzhou', '--fires', GLOBAL, '--date', '2022-05-31', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }));
    const cliMs = performance.now() - t0;
    const total = median(reads.map((r, i) => r + clusters[i]));
    lines.push(
      '### Global FIRMS file in the browser',
      '',
      `\`${GLOBAL.split('/').pop()}\`: ${readFileSync(GLOBAL, 'utf8').trim().split('\n').length - 1} rows; day shift of 2022-05-31 (detections from 24 h before the shift to its end), demo jurisdiction (the Suzhou box), merge 1 km / 12 h. Median of ${RUNS} runs.`,
      '',
      '| step | median (ms) | min (ms) | max (ms) |',
      '|---|---:|---:|---:|',
      `| read the file (worker: decode, parse, validate) | ${median(reads)} | ${Math.min(...reads)} | ${Math.max(...reads)} |`,
      `| filter to the jurisdiction, merge, score | ${median(clusters)} | ${Math.min(...clusters)} | ${Math.max(...clusters)} |`,
      `| **both** | **${total}** | | |`,
      '',
      `Incidents: ${ids.length} in the browser, ${cli.incidents.length} from the command line (same ids in the same order: ${JSON.stringify(ids) === JSON.stringify(cli.incidents.map((i) => i.id)) ? 'yes' : 'NO'}). Command line, whole run including dispatch and process start (\`${CLI}\`): ${Math.round(cliMs)} ms. Target: ≤ 2,000 ms in the browser (${total <= 2000 ? 'met' : 'NOT met'}).`,
      '',
    );
  } else {
    lines.push(`(${GLOBAL} not found: global-file figures skipped)`, '');
  }

  const tmp = mkdtempSync(join(os.tmpdir(), 'zouhang-bench-straw-'));
  lines.push(
    '### Dispatch of seeded synthetic fire points (route solver)',
    '',
    `Points are **synthetic** (seed ${SEED}, uniform over the Suzhou demo box, first seen 06:00–16:00), one incident each unless within 1 km / 12 h; the 10 vehicles of the demo day teams (08:00–18:00), 20 min per incident, 40 km/h × 1.3 straight-line estimate. Solver: the route solver (1000 iterations, at most 150 000 / incidents; seed 1) started from the priority-first greedy (cheapest insertion + 2-opt).`,
    '',
    '| points | incidents | routed | unassigned | dispatch in the browser (ms) |',
    '|---:|---:|---:|---:|---:|',
  );
  for (const n of [100, 300, 1000]) {
    const file = join(tmp, `synthetic_${n}.csv`);
    writeFileSync(file, synthetic(n, SEED + n));
    await clearFires(page);
    await load(page, file);
    await runIncidents(page);
    const incidents = Number(await page.getAttribute(tid('incidents-summary'), 'data-count'));
    const before = await page.getAttribute(tid('solver'), 'data-ms');
    await page.click(tid('dispatch'));
    await page.waitForFunction((b) => {
      const e = document.querySelector('[data-testid=straw-solver]');
      return e.dataset.ms && e.dataset.ms !== b;
    }, before, { timeout: 600_000 });
    const ms = Number(await page.getAttribute(tid('solver'), 'data-ms'));
    const routed = await page.locator('[data-testid=straw-route-stop]').count();
    const unassigned = await page.locator('[data-testid=straw-unassigned-row]').count();
    lines.push(`| ${n} | ${incidents} | ${routed} | ${unassigned} | ${ms} |`);
  }
  if (app.errors.length) throw new Error(app.errors.join('\n'));
} finally {
  await app.close();
}

const body = [
  '## Straw-burning dispatch (issue 7)',
  '',
  `Command: \`node scripts/bench-straw.mjs --runs ${RUNS}\` (after \`scripts/build.sh\`) · headless Chromium · machine: ${machine()} · date: ${today()}`,
  '',
  ...lines,
].join('\n');

writeSection('straw', body);
console.log(body);
