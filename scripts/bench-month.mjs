// Monthly 走航 plan benchmark (issue 6, "a month plan for the embedded Suzhou data within 5 s in
// the browser"), through the real month tab in headless Chromium, side by side with the command
// line on the same month and seed in the same run. Writes the `month` section of BENCHMARKS.md.
//
//   scripts/build.sh && cargo build --release --bin zouhang && node scripts/bench-month.mjs [--runs 5]
//
// The browser figure is the tab's own timer (request sent to the worker → plan shown), which
// includes building the embedded road graph's hierarchy on the first plan of a session; the
// first run is therefore reported on its own and the median is over the runs after it. The
// command-line figure is the wall time of the whole process (start, read, plan, print).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { openApp } from '../tests/browser/harness.mjs';
import { machine, today, writeSection } from './bench-common.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const RUNS = Math.max(2, arg('--runs', 5));
const CLI = existsSync('target/release/zouhang') ? 'target/release/zouhang' : 'target/debug/zouhang';
const TARGET_MS = 5000;
const CASES = [
  { label: 'June 2026', month: '2026-06', episodes: '', exclude: '' },
  { label: 'November 2026', month: '2026-11', episodes: '', exclude: '' },
  { label: 'June 2026, episode 06-15..06-21, rain 06-03/04', month: '2026-06', episodes: '2026-06-15..2026-06-21', exclude: '2026-06-03,2026-06-04' },
];
const SEED = 1;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Plans one month in the tab; returns {ms, runs, ok}. */
async function planInPage(page, c) {
  await page.fill('[data-testid=month-month]', c.month);
  await page.fill('[data-testid=month-seed]', String(SEED));
  await page.fill('[data-testid=month-episodes]', c.episodes);
  await page.fill('[data-testid=month-exclude]', c.exclude);
  await page.evaluate(() => document.querySelector('[data-testid=month-calendar]').replaceChildren());
  await page.click('[data-testid=month-run]');
  await page.waitForSelector('[data-testid=month-calendar] .cal-grid', { timeout: 120_000 });
  const ms = Number(await page.evaluate(() => document.getElementById('tab-month').dataset.elapsedMs));
  const runs = await page.locator('[data-testid=month-calendar] .cal-run').count();
  const ok = await page.$$eval('[data-testid=month-compliance] tbody tr', (els) => els.every((e) => e.dataset.ok === 'true'));
  return { ms, runs, ok };
}

function planInCli(c) {
  const args = ['plan', 'month', '--month', c.month, '--seed', String(SEED), '--json'];
  if (c.episodes) args.push('--episode', c.episodes);
  if (c.exclude) args.push('--exclude-days', c.exclude);
  const t0 = performance.now();
  const out = JSON.parse(execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28 }));
  return { ms: performance.now() - t0, runs: out.runs.length, ok: out.compliance.every((r) => r.ok) };
}

const app = await openApp();
const { page } = app;
const rows = [];
try {
  await page.click('[data-testid=tab-month]');
  for (const c of CASES) {
    const page_ = [];
    for (let i = 0; i < RUNS; i++) page_.push(await planInPage(page, c));
    const cli = [];
    for (let i = 0; i < RUNS; i++) cli.push(planInCli(c));
    rows.push({ c, page: page_, cli });
  }
  if (app.errors.length) throw new Error(app.errors.join('\n'));
} finally {
  await app.close();
}

const lines = [
  `Seed ${SEED}, the embedded Suzhou data and demo targets (\`zouhang plan month --print-targets\`), default rules; ${RUNS} plans per case in one page, then ${RUNS} command-line runs (\`${CLI}\`). The page's first plan of the session also prepares the embedded road graph; it is shown on its own (first row of the session only), the median is over the later plans. Command line: whole process wall time (it prepares the graph every time).`,
  '',
  '| case | runs planned (page / CLI) | all rules ✓ (page / CLI) | first plan in the page (ms) | page median (ms) | CLI median (ms) | page / CLI | target ≤ 5,000 ms in the page |',
  '|---|---:|---|---:|---:|---:|---:|---|',
];
let first = true;
for (const { c, page: p, cli } of rows) {
  const later = p.slice(1).map((x) => x.ms);
  const pm = median(later);
  const cm = Math.round(median(cli.map((x) => x.ms)));
  const worst = Math.max(...p.map((x) => x.ms));
  lines.push(
    `| ${c.label} | ${p[0].runs} / ${cli[0].runs} | ${p.every((x) => x.ok) ? 'yes' : 'no'} / ${cli.every((x) => x.ok) ? 'yes' : 'no'} | ${first ? p[0].ms : '—'} | ${pm} | ${cm} | ${(pm / cm).toFixed(2)}× | ${worst <= TARGET_MS ? `met (slowest ${worst})` : `**not met** (slowest ${worst})`} |`,
  );
  first = false;
}

const load = os.loadavg()[0].toFixed(2);
const body = [
  '## Monthly 走航 plan (issue 6)',
  '',
  `Command: \`node scripts/bench-month.mjs --runs ${RUNS}\` (after \`scripts/build.sh\` and \`cargo build --release --bin zouhang\`) · headless Chromium · machine: ${machine()} · date: ${today()} · load average at the end: ${load} (the machine is shared)`,
  '',
  ...lines,
].join('\n');

writeSection('month', body);
console.log(body);
