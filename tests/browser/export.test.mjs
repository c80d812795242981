// Browser tests of the export tab and workspace persistence: a demo plan exported to GPX / KML
// with every stop, navigation QR codes per leg, the A4 route sheet printed to PDF, the workspace
// surviving a reload and a browser restart (persistent profile), and corrupt / newer / wrong
// workspace files refused with a message while the workspace stays intact.
//
// The "plans, reloads and finds the plan intact" uses the demo plan: no planning
// workflow publishes plans yet; when one does, its plans go through the same registry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS } from './harness.mjs';

let server;
let url;
let profile;
let context;
let page;
const errors = [];

async function launch() {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
  });
  page = context.pages()[0] || (await context.newPage());
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/tile|Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  await page.goto(url);
  await ready();
}

async function ready() {
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), '1');
}

before(async () => {
  server = await startServer('www', 0, '127.0.0.1');
  url = `http://127.0.0.1:${server.address().port}/`;
  profile = mkdtempSync(join(tmpdir(), 'zouhang-profile-'));
  await launch();
});

after(async () => {
  if (context) await context.close();
  if (server) await new Promise((ok) => server.close(ok));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const count = async (name) => Number((await page.textContent(`[data-testid=count-${name}]`)).replace(/,/g, ''));
const tab = (name) => page.click(`#tabs button[data-tab=${name}]`);

async function downloadOf(action) {
  const [d] = await Promise.all([page.waitForEvent('download'), action()]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

async function demoPlan() {
  await tab('export');
  await page.click('[data-testid=plan-demo]');
  await page.waitForSelector('[data-testid=plan-stops]');
  return Number(await page.textContent('[data-testid=plan-stops]'));
}

test('a demo plan exports to GPX and KML with every stop, and has a QR code per leg', async () => {
  const stops = await demoPlan();
  assert.equal(stops, 28, '2 routes of 12 enterprises between the station and back');
  await page.selectOption('[data-testid=export-format]', 'gpx');
  await page.selectOption('[data-testid=export-crs]', 'wgs84');
  const gpx = await downloadOf(() => page.click('[data-testid=export-download]'));
  assert.match(gpx.name, /\.gpx$/);
  assert.equal((gpx.text.match(/<rtept /g) || []).length, stops);
  assert.equal((gpx.text.match(/<wpt /g) || []).length, stops);
  assert.match(gpx.text, /坐标系：WGS-84/);

  await page.selectOption('[data-testid=export-format]', 'kml');
  await page.selectOption('[data-testid=export-crs]', 'gcj02');
  assert.match(await page.textContent('[data-testid=export-hint]'), /WGS-84/);
  const kml = await downloadOf(() => page.click('[data-testid=export-download]'));
  assert.equal((kml.text.match(/<Point>/g) || []).length, stops);
  assert.match(kml.text, /GCJ-02/);
  await page.waitForSelector('[data-testid=export-warnings] li[data-code=W_EXPORT_CRS]');

  // AMap: 14 stops per route fit one leg (12 waypoints); Baidu: two legs (at most 10)
  await page.selectOption('[data-testid=nav-provider]', 'amap');
  await page.click('[data-testid=nav-run]');
  await page.waitForSelector('[data-testid=nav-leg]');
  assert.equal(await page.locator('[data-testid=nav-leg]').count(), 2);
  assert.equal(await page.locator('[data-testid=nav-leg] .qr svg').count(), 2);
  await page.selectOption('[data-testid=nav-provider]', 'baidu');
  await page.click('[data-testid=nav-run]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=nav-leg]').length === 4);
  const points = await page.$$eval('[data-testid=nav-leg]', (ls) => ls.map((l) => Number(l.dataset.points)));
  assert.deepEqual(points, [12, 3, 12, 3]);
  const href = await page.getAttribute('[data-testid=nav-leg] a', 'href');
  assert.match(href, /^baidumap:\/\/map\/direction\?origin=name:/);
  assert.deepEqual(errors, []);
});

test('the route sheet prints to A4 PDF pages with every stop in its table', async () => {
  await tab('export');
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.click('[data-testid=sheet-print]');
  await page.waitForSelector('[data-testid=sheet-stop]', { state: 'attached' });
  const stops = Number(await page.textContent('[data-testid=plan-stops]'));
  assert.equal(await page.locator('[data-testid=sheet-stop]').count(), stops);
  assert.equal(await page.locator('[data-testid=sheet] svg.route-map').count(), 2);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 2, `one page or more per route, got ${pages}`);
  assert.match(text, /\/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 84[12](\.\d+)?\s*\]/, 'A4 pages');
  await page.evaluate(() => document.body.classList.remove('printing'));
});

test('imports and plans survive a reload and a browser restart', async () => {
  await tab('layers');
  const before = await count('sources');
  await page.selectOption('[data-testid=import-kind]', 'enterprises');
  await page.setInputFiles('[data-testid=import-file]', 'tests/fixtures/enterprises_gbk_bad_row.csv');
  await page.waitForFunction((n) => document.querySelector('[data-testid=count-sources]').textContent.replace(/,/g, '') == n, before + 3);
  await page.waitForTimeout(600); // the store saves 200 ms after a change
  const planStops = Number(await page.textContent('[data-testid=plan-stops]'));

  await page.reload();
  await ready();
  assert.equal(await count('sources'), before + 3, 'the imported rows are back after a reload');
  await tab('export');
  assert.equal(await page.inputValue('[data-testid=plan-select]'), 'demo');
  assert.equal(Number(await page.textContent('[data-testid=plan-stops]')), planStops);
  assert.match(await page.textContent('[data-testid=status]'), /已恢复上次的工作区/);

  await context.close();
  await launch();
  assert.equal(await count('sources'), before + 3, 'and after the browser restarts');
  await tab('export');
  assert.equal(Number(await page.textContent('[data-testid=plan-stops]')), planStops);
  assert.deepEqual(errors, []);
});

test('a corrupt, newer or wrong workspace file is refused and changes nothing', async () => {
  await tab('export');
  const saved = await downloadOf(() => page.click('[data-testid=ws-save]'));
  const ws = JSON.parse(saved.text);
  assert.equal(ws.format, 'zouhang-workspace');
  assert.equal(ws.version, 1);
  assert.equal(ws.journal.filter((e) => e.op === 'import').length, 1);
  assert.equal(ws.sections.plans.length, 1);
  const sources = await count('sources');
  const stops = await page.textContent('[data-testid=plan-stops]');

  const open = async (name, text) => {
    await page.setInputFiles('[data-testid=ws-open]', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.querySelector('[data-testid=ws-message]').textContent.length > 0);
    const msg = await page.textContent('[data-testid=ws-message]');
    await page.evaluate(() => {
      document.querySelector('[data-testid=ws-message]').textContent = '';
    });
    return msg;
  };
  const intact = async () => {
    assert.equal(await count('sources'), sources);
    assert.equal(await page.textContent('[data-testid=plan-stops]'), stops);
  };

  assert.match(await open('cut.json', saved.text.slice(0, saved.text.length / 2)), /无法打开.*JSON.*当前工作区未改动/);
  await intact();
  assert.match(await open('newer.json', JSON.stringify({ ...ws, version: 2 })), /更新版本.*当前工作区未改动/);
  await intact();
  const badBytes = structuredClone(ws);
  badBytes.journal[0].bytes_base64 = '@@not base64@@';
  assert.match(await open('bytes.json', JSON.stringify(badBytes)), /已损坏/);
  await intact();
  const badPlan = structuredClone(ws);
  badPlan.sections.plans[0].plan.routes[0].stops[1].location.lat = 123;
  assert.match(await open('plan.json', JSON.stringify(badPlan)), /有错误/);
  await intact();
  assert.match(await open('p.json', JSON.stringify({ plan: ws.sections.plans[0].plan })), /计划文件/);
  await intact();

  // the saved file itself opens and gives the same workspace back
  await page.click('[data-testid=plan-delete]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=plan-stops]'));
  assert.match(await open('good.json', saved.text), /已打开工作区/);
  await intact();
  assert.deepEqual(errors, []);
});

test('the monthly report counts the runs of the month and the verification records', async () => {
  await tab('export');
  const records = {
    verifications: [
      { incident_id: 'F1', time: '2026-06-02 21:30', found: true, type: 'straw', burned_area_m2: 260, staff: 2, place: '某镇<b>', note: '' },
      { incident_id: 'F2', time: '2026-06-09 10:00', found: false, type: 'false_alarm', staff: 2 },
      { incident_id: 'F3', time: '2026-05-30 10:00', found: true, type: 'garbage', burned_area_m2: 30, staff: 1 },
    ],
    inspections: [{ enterprise_id: 'E1', name: '某厂', date: '2026-06-05', inspectors: 2, case_filed: true, fine_wan: 3.5, decision: true }],
  };
  await page.setInputFiles('[data-testid=report-records]', { name: 'records.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(records)) });
  await page.fill('[data-testid=report-month]', '2026-06');
  await page.click('[data-testid=report-run]');
  await page.waitForSelector('[data-testid=report-table]');
  const row = (key) => page.textContent(`[data-testid=report-table] tr[data-key=${key}] td.num`);
  assert.equal(await row('runs'), '2', 'the demo plan has two routes dated 2026-06-03');
  assert.equal(await row('verified'), '2');
  assert.equal(await row('key_cases'), '1');
  assert.equal(await row('enterprises'), '1');
  assert.equal(await row('fines'), '3.50');
  assert.equal(await row('staff'), String(2 * 2 + 4 + 2));
  const csv = await downloadOf(() => page.click('[data-testid=report-csv]'));
  assert.match(csv.text, /重点案件/);
  assert.match(csv.text, /F1/);
  assert.deepEqual(errors, []);
});
