// Browser tests of the field loop's dispatcher side (issue 15, docs/FIELD.md):
// - every workflow (月度走航, 秸秆禁烧 and its re-plan, 路线规划, 双随机) publishes its plan to
//   the export tab's plan select with a Chinese label and the time it was made, and its GPX
//   download is accepted by the independent readers (tests/readers/check_exports.py --gpx);
// - a team records file for the straw dispatch imported in the export tab puts its verification
//   into the straw daily summary, with its photo; importing it again adds nothing; a file for an
//   unknown plan and a damaged file are refused with a located message and the records stay;
//   the records survive a reload;
// - a month run reported done (its measuring segment) changes the compliance table and the
//   monthly report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadText, openApp, strawInputs } from './harness.mjs';

const PYTHON = process.env.READERS_PYTHON || 'target/readers-venv/bin/python';
const JIANGSU = '../shared/data/firms/modis_c61_nrt_20220528-0604_jiangsu_box.csv';
const FIRES = existsSync(JIANGSU) ? JIANGSU : 'data/suzhou/fires_firms_sample.csv';
const JURISDICTION = 'data/suzhou/jurisdiction_demo.geojson';

let app;
let dir;
before(async () => {
  app = await openApp();
  dir = mkdtempSync(join(tmpdir(), 'zouhang-field-'));
});
after(async () => {
  if (app) await app.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tab = (name) => app.page.click(`#tabs button[data-tab=${name}]`);

/** The registry entry `id` as saved in the workspace file: {id, plan, made_at}. */
async function savedPlan(id) {
  await tab('export');
  const ws = JSON.parse(await downloadText(app.page, () => app.page.click('[data-testid=ws-save]')));
  return ws.sections.plans.find((p) => p.id === id);
}

/** Selects plan `id` in the export tab, checks its label, downloads its GPX (WGS-84) and has
 *  the independent readers check it against the plan document. Returns the registry entry. */
async function exportGpxChecked(id, label) {
  const { page } = app;
  await tab('export');
  const option = page.locator(`[data-testid=plan-select] option[value="${id}"]`);
  await option.waitFor({ state: 'attached' });
  const text = await option.textContent();
  assert.match(text, new RegExp(`^${label} · .+ · (\\d+月\\d+日 )?\\d{2}:\\d{2}$`), text);
  await page.selectOption('[data-testid=plan-select]', id);
  await page.selectOption('[data-testid=export-format]', 'gpx');
  await page.selectOption('[data-testid=export-crs]', 'wgs84');
  const gpx = await downloadText(page, () => page.click('[data-testid=export-download]'));
  const entry = await savedPlan(id);
  assert.ok(entry, `plan ${id} is in the workspace file`);
  assert.match(entry.made_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  assert.equal(await option.getAttribute('data-made-at'), entry.made_at);
  const planPath = join(dir, `${id.replace(/\W/g, '_')}.json`);
  const gpxPath = join(dir, `${id.replace(/\W/g, '_')}.gpx`);
  writeFileSync(planPath, JSON.stringify(entry.plan));
  writeFileSync(gpxPath, gpx);
  const r = spawnSync(PYTHON, ['tests/readers/check_exports.py', '--gpx', planPath, gpxPath], { encoding: 'utf8' });
  assert.equal(r.status, 0, `readers refused the ${id} GPX:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /readers: \d+ passed, 0 failed/);
  return entry;
}

async function dispatchStraw() {
  const { page } = app;
  const tid = (id) => `[data-testid=straw-${id}]`;
  await tab('straw');
  await strawInputs(page, FIRES, JURISDICTION);
  await page.click(tid('dispatch'));
  await page.waitForSelector(tid('route'), { timeout: 60_000 });
}

test('月度走航: the month plan is in the plan select and its GPX reads', async () => {
  const { page } = app;
  await tab('month');
  await page.fill('[data-testid=month-month]', '2026-06');
  await page.fill('[data-testid=month-seed]', '1');
  await page.click('[data-testid=month-run]');
  await page.waitForSelector('[data-testid=month-calendar] .cal-grid', { timeout: 60_000 });
  await exportGpxChecked('month', '月度走航计划');
  // no run is reported done yet: the compliance table says so, per run type
  await tab('month');
  await page.waitForSelector('[data-testid=month-done-row]');
  const done = await page.$$eval('[data-testid=month-done-row]', (rs) => rs.map((r) => Number(r.dataset.done)));
  assert.ok(done.length >= 2 && done.every((n) => n === 0), JSON.stringify(done));
  assert.deepEqual(app.errors, []);
});

test('秸秆禁烧: the dispatch and its re-plan replace one entry; GPX reads; the time survives a reload', async () => {
  const { page } = app;
  await dispatchStraw();
  const first = await exportGpxChecked('straw', '秸秆禁烧派单');
  // a re-plan replaces the entry with a new time
  await page.waitForTimeout(1100); // made_at has seconds
  await tab('straw');
  await page.fill('[data-testid=straw-now]', '2022-05-31T14:00');
  const before = await page.textContent('[data-testid=straw-solver]');
  await page.click('[data-testid=straw-replan]');
  await page.waitForFunction((b) => document.querySelector('[data-testid=straw-solver]').textContent !== b, before, { timeout: 60_000 });
  const second = await exportGpxChecked('straw', '秸秆禁烧派单');
  // an identical re-optimised plan keeps its time (the registry keeps made_at for an identical
  // document); a different one gets a new time; either way one entry
  if (JSON.stringify(second.plan) !== JSON.stringify(first.plan)) assert.notEqual(second.made_at, first.made_at);
  else assert.equal(second.made_at, first.made_at);
  assert.equal(await page.locator('[data-testid=plan-select] option[value=straw]').count(), 1);
  // reload: the same entry and time (the straw panel republishes the same plan on restore)
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  await tab('export');
  assert.equal(await page.getAttribute('[data-testid=plan-select] option[value=straw]', 'data-made-at'), second.made_at);
  assert.deepEqual(app.errors, []);
});

test('路线规划: the solved routes and each re-optimisation replace one entry; GPX reads', async () => {
  const { page } = app;
  await tab('plan');
  await page.selectOption('[data-testid=plan-station]', '1161A');
  await page.click('[data-testid=plan-list]');
  await page.waitForFunction(() => /已选 \d+/.test(document.querySelector('[data-testid=plan-candidates]').textContent));
  await page.fill('[data-testid=plan-teams]', '2');
  await page.fill('[data-testid=plan-seconds]', '1');
  await page.click('[data-testid=plan-solve]');
  await page.waitForSelector('[data-testid=plan-route]', { timeout: 30_000 });
  const first = await exportGpxChecked('routes', '路线规划');
  assert.equal(first.plan.kind, 'routes');
  // the solver may use fewer teams than asked (the panel says why); the plan has the routes shown
  assert.ok(first.plan.routes.length >= 1);
  assert.equal(first.plan.routes.length, await page.locator('[data-testid=plan-route]').count());
  // fewer teams out than asked: the panel says why
  if (first.plan.routes.length < 2) {
    await tab('plan');
    assert.match(await page.textContent('[data-testid=plan-teams-note]'), /要求 2 组，1 组出车：.*(总里程|未安排)/);
  }
  await page.waitForTimeout(1100);
  await tab('plan');
  await page.click('[data-testid=plan-reoptimise]');
  await page.waitForFunction(() => !document.querySelector('[data-testid=plan-solve]').disabled, null, { timeout: 30_000 });
  const second = await exportGpxChecked('routes', '路线规划');
  // an identical re-optimised plan keeps its time (the registry keeps made_at for an identical
  // document); a different one gets a new time; either way one entry
  if (JSON.stringify(second.plan) !== JSON.stringify(first.plan)) assert.notEqual(second.made_at, first.made_at);
  else assert.equal(second.made_at, first.made_at);
  assert.equal(await page.locator('[data-testid=plan-select] option[value=routes]').count(), 1);
  assert.deepEqual(app.errors, []);
});

test('双随机: the drawn teams\' routes are in the plan select and their GPX reads', async () => {
  const { page } = app;
  await tab('draw');
  await page.waitForFunction(() => {
    const n = document.querySelector('[data-testid=draw-enterprises-count]');
    return n && n.textContent !== '…';
  });
  await page.selectOption('[data-testid=draw-preset]', 'county');
  await page.fill('[data-testid=draw-seed]', '现场闭环测试');
  await page.click('[data-testid=draw-run]');
  await page.waitForSelector('[data-testid=draw-summary]');
  await page.fill('[data-testid=draw-route-lon]', '120.585');
  await page.fill('[data-testid=draw-route-lat]', '31.299');
  await page.fill('[data-testid=draw-route-date]', '2026-07-01');
  await page.click('[data-testid=draw-routes-run]');
  await page.waitForSelector('[data-testid=draw-route-table]', { timeout: 60_000 });
  const entry = await exportGpxChecked('draw-inspection', '双随机检查路线');
  assert.equal(entry.plan.kind, 'inspection');
  assert.deepEqual(app.errors, []);
});

/** A records file (docs/FIELD.md) for route `route` of registry plan `plan`. */
function recordsFile(plan, route, records, photos = []) {
  return {
    format: 'zouhang-team-records', version: 1,
    plan: { id: plan.id, kind: plan.plan.kind, title: plan.plan.title, made_at: plan.made_at },
    route: { id: route.id, name: route.name, team: route.team },
    device: 'test-phone', exported_at: '2022-05-31T18:00:00+08:00',
    records, photos,
  };
}

async function importRecords(files) {
  const { page } = app;
  await tab('export');
  await page.evaluate(() => document.querySelector('[data-testid=records-import-report]').replaceChildren());
  await page.setInputFiles('[data-testid=records-import]', files.map(([name, text]) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) })));
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=records-import-file]').length === n, files.length, { timeout: 30_000 });
  return page.$$eval('[data-testid=records-import-file]', (rs) => rs.map((r) => ({ ...r.dataset, text: r.textContent })));
}

async function summaryVerified(page) {
  await tab('straw');
  // the day rows (not the 合计 row, which repeats their sum)
  return page.$$eval('[data-testid=straw-summary-row]', (rs) => rs.filter((r) => /^\d{4}-/.test(r.dataset.date || '')).reduce((n, r) => n + Number(r.querySelector('[data-key=verified]').textContent), 0));
}

test('records back: straw verifications reach the daily summary once, with photos; bad files are refused and nothing is lost', async () => {
  const { page } = app;
  const straw = await savedPlan('straw');
  const route = straw.plan.routes.find((r) => r.stops.some((s) => s.kind === 'visit'));
  const stops = route.stops.filter((s) => s.kind === 'visit');
  const incident = stops[0].id;
  const verifiedBefore = await summaryVerified(page);
  // a real JPEG from the page's canvas, as team mode makes them
  const jpeg = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 32;
    c.height = 24;
    const g = c.getContext('2d');
    g.fillStyle = '#a14d1c';
    g.fillRect(0, 0, 32, 24);
    return c.toDataURL('image/jpeg', 0.8).split(',')[1];
  });
  const size = Buffer.from(jpeg, 'base64').length;
  const file = recordsFile(straw, route, [
    { id: 'rec-1', kind: 'stop', stop_id: incident, status: 'arrived', at: '2022-05-31T15:00:00+08:00', location: [stops[0].location.lon, stops[0].location.lat], accuracy_m: 8 },
    { id: 'rec-2', kind: 'verification', stop_id: incident, at: '2022-05-31T15:10:00+08:00', verification: { found: true, kind: 'straw', area_m2: 320, team: '', note: '田头过火' }, photos: ['ph-1'] },
    { id: 'rec-3', kind: 'stop', stop_id: incident, status: 'done', at: '2022-05-31T15:12:00+08:00', location: null },
  ], [{ id: 'ph-1', record_id: 'rec-2', type: 'image/jpeg', width: 32, height: 24, bytes: size, data: jpeg }]);
  const text = JSON.stringify(file);
  const [ok] = await importRecords([['一组.zhrec.json', text]]);
  assert.equal(ok.ok, 'true', ok.text);
  assert.equal(ok.added, '3');
  assert.equal(ok.photos, '1');
  assert.equal(Number(ok.photoBytes), size);
  assert.match(ok.text, /照片 1 张共/);
  assert.equal(await page.locator('[data-testid=records-import-report] [data-testid=field-photo]').count(), 1);
  assert.equal(await page.$eval('[data-testid=field-photo]', (img) => img.complete && img.naturalWidth), 32, 'the photo shows');
  // the daily summary counts it; the record is a key case (straw ≥ 200 m²)
  assert.equal(await summaryVerified(page), verifiedBefore + 1);
  assert.equal(await page.getAttribute(`[data-testid=straw-record][data-id="${incident}"]`, 'data-key'), 'true');
  // the dispatcher sees the photo from the incident's verification record
  await page.click(`[data-testid=straw-incident][data-id="${incident}"]`);
  assert.equal(await page.locator('#tab-straw [data-testid=field-photo]').count(), 1);

  // the same file again (and together with a copy): no duplicates
  const again = await importRecords([['一组.zhrec.json', text], ['一组 (1).zhrec.json', text]]);
  assert.deepEqual(again.map((r) => [r.ok, r.added, r.duplicates]), [['true', '0', '3'], ['true', '0', '3']]);
  assert.equal(await summaryVerified(page), verifiedBefore + 1);
  assert.equal(await page.locator(`[data-testid=straw-record][data-id="${incident}"]`).count(), 1);

  // a file for a plan this workspace does not know, and a damaged (cut off) file: refused, located
  const unknown = JSON.stringify({ ...file, plan: { ...file.plan, id: 'straw-elsewhere' }, records: [{ ...file.records[0], id: 'rec-9' }], photos: [] });
  const bad = await importRecords([['别处.zhrec.json', unknown], ['损坏.zhrec.json', text.slice(0, Math.floor(text.length * 0.6))]]);
  assert.deepEqual(bad.map((r) => r.ok), ['false', 'false']);
  assert.match(bad[0].text, /别处\.zhrec\.json.*本工作区没有这个计划/);
  assert.match(bad[1].text, /损坏\.zhrec\.json.*第 \d+ 行/);
  assert.match(await page.textContent('#status'), /2 个记录文件未导入/);
  assert.equal(await summaryVerified(page), verifiedBefore + 1, 'the earlier records stay');

  // a record with a bad time is refused with its record number
  const badTime = JSON.stringify({ ...file, records: [{ ...file.records[0], id: 'rec-7', at: '2022-05-31 15:00' }], photos: [] });
  const [t] = await importRecords([['时间.zhrec.json', badTime]]);
  assert.equal(t.ok, 'false');
  assert.match(t.text, /第 1 条记录：时间/);

  // everything survives a reload: importing the file again still adds nothing
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  assert.equal(await summaryVerified(page), verifiedBefore + 1);
  const [after] = await importRecords([['一组.zhrec.json', text]]);
  assert.deepEqual([after.ok, after.added, after.duplicates], ['true', '0', '3']);
  assert.deepEqual(app.errors, []);
});

test('records back: a month run reported done changes the compliance table and the monthly report', async () => {
  const { page } = app;
  const month = await savedPlan('month');
  const run = month.plan.routes[0];
  await tab('month');
  await page.waitForSelector('[data-testid=month-done-row]');
  const type = run.name.split(' · ')[0];
  const row = `[data-testid=month-done-row][data-type="${type}"]`;
  assert.equal(await page.getAttribute(row, 'data-done'), '0');
  const planned = await page.getAttribute(row, 'data-planned');
  const file = recordsFile(month, run, [
    { id: 'm-1', kind: 'measure_start', at: `${run.date}T09:00:00+08:00`, location: null },
    { id: 'm-2', kind: 'measure_end', at: `${run.date}T11:30:00+08:00`, location: null },
  ]);
  const [ok] = await importRecords([['走航.zhrec.json', JSON.stringify(file)]]);
  assert.equal(ok.ok, 'true', ok.text);
  await tab('month');
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.done === '1', row);
  assert.match(await page.textContent(row), new RegExp(`已完成 1/计划 ${planned}`));
  // the monthly report counts the run
  await tab('export');
  await page.fill('[data-testid=report-month]', '2026-06');
  await page.click('[data-testid=report-run]');
  await page.waitForSelector('[data-testid=report-table] tr[data-key=runs_done]');
  assert.equal(await page.textContent('[data-testid=report-table] tr[data-key=runs_done] td.num'), '1');
  assert.deepEqual(app.errors, []);
});
