// Browser tests of the foundation: layers and their counts, station 1161A's surroundings against
// the CLI, and importing a GBK CSV with a bad row (and an HTML-injection attempt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openApp } from './harness.mjs';

const CLI = process.env.ZOUHANG_CLI || 'target/debug/zouhang';
const dataRows = (f) => readFileSync(f, 'utf8').trim().split('\n').length - 1;

let app;
before(async () => {
  app = await openApp();
});
after(async () => {
  if (app) await app.close();
});

const count = async (name) =>
  Number((await app.page.textContent(`[data-testid=count-${name}]`)).replace(/,/g, ''));

test('every layer is loaded with the embedded data', async () => {
  assert.equal(await count('stations'), dataRows('data/suzhou/stations.csv'));
  assert.equal(
    await count('sources'),
    dataRows('data/suzhou/enterprises_demo.csv') + dataRows('data/suzhou/power_plants.csv'),
  );
  assert.equal(await count('fires'), dataRows('data/suzhou/fires_firms_sample.csv'));
  assert.equal(await count('roads'), dataRows('data/suzhou/roads_edges.csv'));
  // the canvas renderer drew something on the map
  assert.ok(await app.page.locator('#map canvas').count() >= 1);
  assert.deepEqual(app.errors, []);
});

test('station 1161A surroundings match the command line', async () => {
  const cli = JSON.parse(
    execFileSync(CLI, ['near', '--station', '1161A', '--radius-km', '3', '--wind-from', '135', '--json'], {
      encoding: 'utf8',
    }),
  );
  assert.ok(cli.length > 10, 'the demo data has sources around 1161A');
  const { page } = app;
  await page.click('#tabs button[data-tab=station]');
  await page.selectOption('[data-testid=station-select]', '1161A');
  await page.selectOption('[data-testid=station-radius]', '3');
  await page.fill('[data-testid=station-wind]', '135');
  await page.fill('[data-testid=station-sector]', '90');
  await page.click('[data-testid=station-run]');
  await page.waitForSelector('[data-testid=station-row]');
  const ids = await page.$$eval('[data-testid=station-row]', (rows) => rows.map((r) => r.dataset.id));
  assert.deepEqual(ids, cli.map((x) => x.id));
  assert.equal(await page.textContent('[data-testid=station-total]'), String(cli.length));
  const upwindRows = await page.$$eval('[data-testid=station-row].upwind', (rows) => rows.map((r) => r.dataset.id));
  assert.deepEqual(upwindRows, cli.filter((x) => x.upwind).map((x) => x.id));
  // sorting by name and back by distance keeps the same set
  await page.click('[data-testid=station-list] th[data-sort=name]');
  const byName = await page.$$eval('[data-testid=station-row]', (rows) => rows.map((r) => r.dataset.id));
  assert.deepEqual([...byName].sort(), [...ids].sort());
  // CSV export downloads a file with one line per source plus the header
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
  const text = readFileSync(await download.path(), 'utf8');
  assert.equal(text.trim().split(/\r?\n/).length, cli.length + 1);
});

test('a GBK CSV with a bad row loads its good rows and reports the bad one', async () => {
  const { page } = app;
  await page.click('#tabs button[data-tab=layers]');
  const before = await count('sources');
  await page.selectOption('[data-testid=import-kind]', 'enterprises');
  await page.setInputFiles('[data-testid=import-file]', 'tests/fixtures/enterprises_gbk_bad_row.csv');
  await page.waitForSelector('[data-testid=import-report]');
  const summary = await page.textContent('[data-testid=import-summary]');
  assert.match(summary, /共 4 行，导入 3 条，错误 1 条/);
  const report = await page.textContent('[data-testid=import-report]');
  assert.match(report, /GBK/);
  const issue = await page.$$eval('[data-testid=import-issue]', (rows) =>
    rows.map((r) => [...r.children].map((c) => c.textContent)),
  );
  assert.equal(issue.length, 1);
  assert.equal(issue[0][0], '4');
  assert.equal(issue[0][1], '经度');
  assert.match(issue[0][2], /一百二十/);
  await page.waitForFunction((n) => document.querySelector('[data-testid=count-sources]').textContent.replace(/,/g, '') == n, before + 3);
  // the name with markup is shown as text in the station list: no element injected, no script run
  await page.click('#tabs button[data-tab=station]');
  await page.selectOption('[data-testid=station-select]', '1161A');
  await page.click('[data-testid=station-run]');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid=station-row]')].some((r) => r.textContent.includes('<img src=x')),
  );
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('img[src=x]').count(), 0);
  assert.deepEqual(app.errors, []);
});
