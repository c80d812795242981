// Browser tests of the monthly 走航 plan: June 2026 (≥ 2 VOCs, ≥ 1 road dust, every rule ✓),
// November 2026 (≥ 1 VOCs, ≥ 2 road dust), an episode week adds runs, two rain days stay empty;
// the plan is made within 5 s with a progress bar, and the same seed gives the CLI's calendar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { openApp } from './harness.mjs';

const CLI = process.env.ZOUHANG_CLI || 'target/debug/zouhang';

let app;
before(async () => {
  app = await openApp();
  await app.page.click('[data-testid=tab-month]');
});
after(async () => {
  if (app) await app.close();
});

async function planMonth({ month, seed = 1, episodes = '', exclude = '' }) {
  const p = app.page;
  await p.fill('[data-testid=month-month]', month);
  await p.fill('[data-testid=month-seed]', String(seed));
  await p.fill('[data-testid=month-episodes]', episodes);
  await p.fill('[data-testid=month-exclude]', exclude);
  // watch the progress bar move while the worker plans
  const seen = p.evaluate(
    () =>
      new Promise((resolve) => {
        const bar = document.querySelector('[data-testid=month-progress]');
        const values = new Set();
        const obs = setInterval(() => {
          if (!bar.hidden) values.add(bar.value);
          if (document.querySelector('[data-testid=month-calendar] .cal-grid') && bar.hidden) {
            clearInterval(obs);
            resolve([...values]);
          }
        }, 20);
      }),
  );
  await p.evaluate(() => {
    const cal = document.querySelector('[data-testid=month-calendar]');
    cal.replaceChildren();
  });
  await p.click('[data-testid=month-run]');
  await p.waitForSelector('[data-testid=month-calendar] .cal-grid', { timeout: 60_000 });
  const progress = await seen;
  const elapsed = Number(await p.evaluate(() => document.getElementById('tab-month').dataset.elapsedMs));
  const runs = await p.$$eval('[data-testid=month-calendar] .cal-run', (els) =>
    els.map((e) => ({ type: e.dataset.type, reason: e.dataset.reason, date: e.closest('.cal-day').dataset.date })),
  );
  const rows = await p.$$eval('[data-testid=month-compliance] tbody tr:not([data-testid=month-done-row])', (els) =>
    els.map((e) => ({ ok: e.dataset.ok === 'true', text: e.textContent })),
  );
  return { runs, rows, elapsed, progress };
}

test('June 2026: at least two VOCs runs and one road-dust run, every rule met, within 5 s', async () => {
  const r = await planMonth({ month: '2026-06' });
  assert.ok(r.runs.filter((x) => x.type === 'vocs').length >= 2, JSON.stringify(r.runs));
  assert.ok(r.runs.filter((x) => x.type === 'road_dust').length >= 1);
  assert.ok(r.rows.length >= 3);
  assert.ok(r.rows.every((x) => x.ok), JSON.stringify(r.rows));
  assert.ok(r.rows.every((x) => x.text.includes('✓')));
  console.log(`June 2026 planned in the browser in ${r.elapsed} ms`);
  assert.ok(r.elapsed > 0 && r.elapsed <= 5000, `planned in ${r.elapsed} ms`);
  assert.ok(r.progress.length >= 2, `progress values seen: ${r.progress}`);
  // the plan is offered to the exports
  const offered = await app.page.$$eval('[data-testid=tab-export]', (b) => b.length);
  assert.equal(offered, 1);
  assert.deepEqual(app.errors, []);
});

test('the page and the CLI make the same calendar from the same seed', async () => {
  const r = await planMonth({ month: '2026-06', seed: 4 });
  const cli = JSON.parse(
    execFileSync(CLI, ['plan', 'month', '--month', '2026-06', '--seed', '4', '--json'], { encoding: 'utf8' }),
  );
  const page = r.runs.map((x) => `${x.date}/${x.type}`).sort();
  const line = cli.runs.map((x) => `${x.date}/${x.type}`).sort();
  assert.deepEqual(page, line);
});

test('November 2026: at least one VOCs run and two road-dust runs', async () => {
  const r = await planMonth({ month: '2026-11' });
  assert.ok(r.runs.filter((x) => x.type === 'vocs').length >= 1);
  assert.ok(r.runs.filter((x) => x.type === 'road_dust').length >= 2, JSON.stringify(r.runs));
  assert.ok(r.rows.every((x) => x.ok), JSON.stringify(r.rows));
});

test('an episode week adds a run of each type inside the episode', async () => {
  const before = await planMonth({ month: '2026-06', seed: 2 });
  const after = await planMonth({ month: '2026-06', seed: 2, episodes: '2026-06-10..2026-06-14' });
  for (const type of ['vocs', 'road_dust']) {
    const n0 = before.runs.filter((x) => x.type === type).length;
    const n1 = after.runs.filter((x) => x.type === type).length;
    assert.equal(n1, n0 + 1, type);
    const extra = after.runs.filter((x) => x.type === type && x.reason === 'episode');
    assert.equal(extra.length, 1);
    assert.ok(extra[0].date >= '2026-06-10' && extra[0].date <= '2026-06-14', extra[0].date);
  }
  assert.ok(after.rows.some((x) => x.text.includes('污染过程')));
  assert.ok(after.rows.every((x) => x.ok), JSON.stringify(after.rows));
});

test('two rain days get no run', async () => {
  const free = await planMonth({ month: '2026-06', seed: 3 });
  const rain = [...new Set(free.runs.map((x) => x.date))].slice(0, 2);
  const r = await planMonth({ month: '2026-06', seed: 3, exclude: rain.join(',') });
  for (const d of rain) {
    assert.equal(r.runs.filter((x) => x.date === d).length, 0, d);
    const cell = await app.page.$eval(`[data-testid="cal-${d}"]`, (e) => e.className);
    assert.match(cell, /excluded/);
  }
  assert.ok(r.rows.every((x) => x.ok), JSON.stringify(r.rows));
});

test('the month settings and the last plan survive a reload', async () => {
  const r = await planMonth({ month: '2026-06', seed: 6, exclude: '2026-06-20' });
  await app.page.waitForTimeout(600); // the store saves 200 ms after a change
  await app.page.reload();
  await app.page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60_000 });
  await app.page.click('[data-testid=tab-month]');
  assert.equal(await app.page.inputValue('[data-testid=month-month]'), '2026-06');
  assert.equal(await app.page.inputValue('[data-testid=month-exclude]'), '2026-06-20');
  const runs = await app.page.$$eval('[data-testid=month-calendar] .cal-run', (els) => els.length);
  assert.equal(runs, r.runs.length);
  assert.match(await app.page.inputValue('[data-testid=month-rules]'), /"min_gap_days"/);
});
