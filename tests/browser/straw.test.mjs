// Browser tests of the straw-burning panel (秸秆禁烧): the Jiangsu FIRMS file in, incidents and
// their priority reasons equal to the command line's, dispatch equal to the command line's,
// re-plan after new manual points keeps the stop being driven to, a verification record with
// the key-case flag in the daily summary; the session (files, teams, dispatch, records) back
// after a reload, a browser restart and through a workspace file, a corrupt straw section
// refused, a bad stored section replaced by a new session with a message; and the global
// FIRMS file (52,377 rows) loaded, filtered to the jurisdiction and clustered within 2 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS, IN_CI, openApp, openWorkspaceFile, skipWithout } from './harness.mjs';

const CLI = process.env.ZOUHANG_CLI || 'target/debug/zouhang';
const FIRMS = '../shared/data/firms/modis_c61_nrt_20220528-0604';
const JIANGSU = `${FIRMS}_jiangsu_box.csv`;
const GLOBAL = `${FIRMS}_global.csv`;
const FIRES = existsSync(JIANGSU) || IN_CI ? JIANGSU : 'data/suzhou/fires_firms_sample.csv';
const JURISDICTION = 'data/suzhou/jurisdiction_demo.geojson';
const TEAMS = 'data/suzhou/teams_demo.csv';
const tmp = mkdtempSync(join(tmpdir(), 'zouhang-straw-'));
const NEW_POINTS = join(tmp, 'new_points.csv');
writeFileSync(NEW_POINTS, 'lon,lat,time,source\n120.70,31.40,2022-05-31 13:30,铁塔摄像头\n120.90,31.60,2022-05-31 13:40,无人机\n');
const MANUAL = '120.70,31.40,2022-05-31 13:30,铁塔摄像头\n120.90,31.60,2022-05-31 13:40,无人机';

const cli = (...args) =>
  JSON.parse(execFileSync(CLI, ['patrol', 'straw', '--data', 'data/suzhou', '--teams', TEAMS, '--date', '2022-05-31', '--json', ...args], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  }));

let app;
before(async () => {
  app = await openApp();
  await app.page.click('#tabs button[data-tab=straw]');
});
after(async () => {
  if (app) await app.close();
});

const tid = (id) => `[data-testid=straw-${id}]`;

async function routesOnPage(page) {
  return page.$$eval(tid('route'), (rs) => rs.map((r) => ({
    id: r.dataset.id,
    stops: [...r.querySelectorAll('[data-testid=straw-route-stop]')].map((s) => ({ id: s.dataset.id, locked: s.dataset.locked === 'true' })),
  })));
}

const routesOf = (out) => out.routes.filter((r) => r.stops.length).map((r) => ({
  id: r.route_id, stops: r.stops.map((s) => ({ id: s.incident_id, locked: s.locked })),
}));

async function runIncidents(page) {
  // a run counter, not the run's duration: two runs can take the same number of milliseconds
  const before = await page.getAttribute(tid('incidents-summary'), 'data-run');
  await page.click(tid('run'));
  await page.waitForFunction((b) => {
    const e = document.querySelector('[data-testid=straw-incidents-summary]');
    return e && e.dataset.run && e.dataset.run !== b;
  }, before);
}

test('fire file in, incidents and reasons as on the command line, dispatch as on the command line', async () => {
  const { page } = app;
  const expected = cli('--fires', FIRES);
  await page.fill(tid('date'), '2022-05-31');
  await page.selectOption(tid('shift'), 'day');
  await page.uncheck(tid('use-layer'));
  await page.setInputFiles(tid('fire-file'), FIRES);
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-files]').textContent.includes('已加载'));
  await page.selectOption(tid('area'), 'file');
  await page.setInputFiles(tid('area-file'), JURISDICTION);
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-area-note]').textContent.includes('苏州'));
  await runIncidents(page);

  const ids = await page.$$eval('[data-testid=straw-incident]', (rows) => rows.map((r) => r.dataset.id));
  assert.ok(ids.length > 0);
  assert.deepEqual(ids, expected.incidents.map((i) => i.id));

  // the top incident's reasons, item by item, as the command line gives them
  const top = expected.incidents[0];
  await page.click(`[data-testid=straw-incident][data-id="${top.id}"]`);
  const reasons = await page.$$eval('[data-testid=straw-reason]', (li) => li.map((x) => x.textContent));
  assert.deepEqual(reasons, top.reasons.map((r) => r.text));

  await page.click(tid('dispatch'));
  await page.waitForSelector(tid('route'));
  assert.deepEqual(await routesOnPage(page), routesOf(expected));
  const unassigned = await page.$$eval('[data-testid=straw-unassigned-row]', (rows) => rows.map((r) => r.dataset.id));
  assert.deepEqual(unassigned, expected.unassigned.map((u) => u.incident_id));
  assert.match(await page.textContent(tid('solver')), /路径求解器/);
  assert.doesNotMatch(await page.textContent(tid('solver')), /临时/);
  assert.deepEqual(app.errors, []);
});

test('new points mid-shift: re-plan keeps the stop each team is driving to, as on the command line', async () => {
  const { page } = app;
  const first = cli('--fires', FIRES);
  const prev = join(tmp, 'first.json');
  writeFileSync(prev, JSON.stringify(first));
  const expected = cli('--fires', FIRES, '--fires', NEW_POINTS, '--previous', prev, '--now', '2022-05-31 14:00');
  assert.ok(expected.routes.some((r) => r.stops.some((s) => s.locked)), 'a team is on its way at 14:00');

  await page.fill(tid('manual'), MANUAL);
  await page.click(tid('manual-add'));
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-files]').textContent.includes('手工录入'));
  await page.fill(tid('now'), '2022-05-31T14:00');
  const before = await page.textContent(tid('solver'));
  await page.click(tid('replan'));
  await page.waitForFunction((b) => document.querySelector('[data-testid=straw-solver]').textContent !== b, before);

  const ids = await page.$$eval('[data-testid=straw-incident]', (rows) => rows.map((r) => r.dataset.id));
  assert.deepEqual(ids, expected.incidents.map((i) => i.id));
  const routes = await routesOnPage(page);
  assert.deepEqual(routes, routesOf(expected));
  for (const r of first.routes) {
    const target = r.stops.find((s) => s.departure > '2022-05-31T14:00:00');
    if (!target) continue;
    const now = routes.find((x) => x.id === r.route_id);
    assert.equal(now.stops[0].id, target.incident_id);
    assert.equal(now.stops[0].locked, true);
  }
  assert.match(await page.textContent(tid('solver')), /重新派单/);
  assert.deepEqual(app.errors, []);
});

test('verification record: straw fire of 250 m² is a key case and counted in the daily summary', async () => {
  const { page } = app;
  const id = await page.getAttribute('[data-testid=straw-route-stop]', 'data-id');
  await page.click(`[data-testid=straw-incident][data-id="${id}"]`);
  await page.selectOption('[data-testid=straw-v-found]', 'true');
  await page.selectOption('[data-testid=straw-v-kind]', 'straw');
  await page.fill('[data-testid=straw-v-area]', '250');
  await page.fill('[data-testid=straw-v-note]', '<b>田头焚烧</b>');
  await page.click('[data-testid=straw-v-save]');
  await page.waitForSelector(`[data-testid=straw-record][data-id="${id}"]`);
  assert.equal(await page.getAttribute(`[data-testid=straw-record][data-id="${id}"]`, 'data-key'), 'true');
  const cell = async (k) => Number(await page.textContent(`[data-testid=straw-summary-row]:last-child td[data-key=${k}]`));
  assert.equal(await cell('verified'), 1);
  assert.equal(await cell('key_cases'), 1);
  assert.equal(await cell('area_m2'), 250);
  // a garbage fire of 10 m² is not
  const other = await page.getAttribute(`[data-testid=straw-incident]:not([data-id="${id}"])`, 'data-id');
  await page.click(`[data-testid=straw-incident][data-id="${other}"]`);
  await page.selectOption('[data-testid=straw-v-kind]', 'garbage');
  await page.fill('[data-testid=straw-v-area]', '10');
  await page.click('[data-testid=straw-v-save]');
  await page.waitForSelector(`[data-testid=straw-record][data-id="${other}"]`);
  assert.equal(await page.getAttribute(`[data-testid=straw-record][data-id="${other}"]`, 'data-key'), 'false');
  assert.equal(await cell('verified'), 2);
  assert.equal(await cell('key_cases'), 1);
  assert.equal(await page.locator('b', { hasText: '田头焚烧' }).count(), 0, 'user text is not HTML');
  assert.deepEqual(app.errors, []);
});

// Everything the straw tab shows, as text: compared before and after a reload or a workspace file.
function strawView(page) {
  return page.evaluate(() => {
    const q = (s) => document.querySelector(`[data-testid=straw-${s}]`);
    const all = (s) => [...document.querySelectorAll(`[data-testid=straw-${s}]`)];
    return {
      files: q('files').textContent,
      date: q('date').value,
      shift: q('shift').value,
      now: q('now').value,
      area: q('area').value,
      areaNote: q('area-note').textContent,
      teams: all('team').map((r) => [...r.querySelectorAll('input')].map((i) => i.value)),
      incidentsSummary: q('incidents-summary').textContent,
      incidents: all('incident').map((r) => `${r.dataset.id} ${r.dataset.level} ${r.textContent}`),
      solver: q('solver').textContent,
      routes: all('route').map((r) => r.textContent),
      locked: all('route-stop').map((s) => `${s.dataset.id}:${s.dataset.locked}`),
      unassigned: all('unassigned-row').map((r) => r.textContent),
      records: all('record').map((r) => `${r.dataset.id} ${r.dataset.key} ${r.textContent}`),
      summary: all('summary-row').map((r) => r.textContent),
    };
  });
}

// The straw section as saved in the browser (IndexedDB), or null.
function storedStraw(page) {
  return page.evaluate(() => new Promise((ok) => {
    const req = indexedDB.open('zouhang', 1);
    req.onerror = () => ok(null);
    req.onsuccess = () => {
      const get = req.result.transaction('workspace').objectStore('workspace').get('current');
      get.onsuccess = () => ok(get.result?.sections?.straw ?? null);
      get.onerror = () => ok(null);
    };
  }));
}

async function waitSaved(page, view) {
  for (let i = 0; i < 100; i++) {
    const s = await storedStraw(page);
    if (s && s.core.verifications.length === view.records.length && s.teams.length === view.teams.length &&
      s.form.now === view.now && s.incidents_summary === view.incidentsSummary) return s;
    await page.waitForTimeout(100);
  }
  throw new Error('the straw session was not saved to IndexedDB');
}

let beforeReload;

test('the straw session survives a reload: fire files, teams, dispatch and records are back', async () => {
  const { page } = app;
  // one more team typed into the table
  await page.click('text=添加队伍');
  const row = page.locator(tid('team')).last();
  const cells = row.locator('input');
  await cells.nth(0).fill('吴江区夜班');
  await cells.nth(1).fill('120.645');
  await cells.nth(2).fill('31.139');
  await cells.nth(3).fill('18:00');
  await cells.nth(4).fill('06:00');
  await cells.nth(5).fill('2');
  await cells.nth(5).dispatchEvent('change');
  const view = await strawView(page);
  assert.match(view.files, /手工录入 1（.*，2 个）/);
  assert.match(view.files, /modis_c61|fires_firms_sample/);
  assert.match(view.areaNote, /苏州/);
  assert.deepEqual(view.teams.at(-1), ['吴江区夜班', '120.645', '31.139', '18:00', '06:00', '2']);
  assert.ok(view.routes.length > 0 && view.locked.some((l) => l.endsWith(':true')), 'the re-plan, with locked stops');
  assert.match(view.solver, /重新派单/);
  assert.equal(view.records.length, 2);
  const saved = await waitSaved(page, view);
  assert.equal(saved.inputs.length, 2, 'the fire file and the manual points');
  assert.equal(saved.jurisdiction.kind, 'file');

  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  await page.click('#tabs button[data-tab=straw]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=straw-record]').length === 2);
  const after = await strawView(page);
  assert.deepEqual(after, view);
  assert.equal(await page.textContent(tid('restore-note')), '');

  // the core has the files, jurisdiction and settings back: the incidents come out the same
  const ids = view.incidents.map((x) => x.split(' ')[0]);
  await runIncidents(page);
  assert.deepEqual(await page.$$eval('[data-testid=straw-incident]', (rs) => rs.map((r) => r.dataset.id)), ids);
  // and a record can be added to the restored session
  const recorded = view.records.map((r) => r.split(' ')[0]);
  const next = ids.find((id) => !recorded.includes(id));
  await page.click(`[data-testid=straw-incident][data-id="${next}"]`);
  await page.selectOption('[data-testid=straw-v-found]', 'false');
  await page.click('[data-testid=straw-v-save]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=straw-record]').length === 3);
  beforeReload = await strawView(page);
  await waitSaved(page, beforeReload);
  assert.deepEqual(app.errors, []);
});

async function download(page, action) {
  const [d] = await Promise.all([page.waitForEvent('download'), action()]);
  return readFileSync(await d.path(), 'utf8');
}

/** Opens a workspace file in the export tab; returns the message shown. */
const openWorkspace = (page, name, text) => openWorkspaceFile(page, name, text, 'straw');

let workspaceText;

test('a workspace file carries the straw session into a fresh browser', async () => {
  const { page } = app;
  await page.click('#tabs button[data-tab=export]');
  workspaceText = await download(page, () => page.click('[data-testid=ws-save]'));
  await page.click('#tabs button[data-tab=straw]');
  const ws = JSON.parse(workspaceText);
  assert.equal(ws.sections.straw.version, 1);
  assert.equal(ws.sections.straw.core.verifications.length, 3);

  const fresh = await openApp();
  try {
    await fresh.page.click('#tabs button[data-tab=straw]');
    assert.deepEqual((await strawView(fresh.page)).records, [], 'a fresh browser has no session');
    assert.match(await openWorkspace(fresh.page, 'ws.json', workspaceText), /已打开工作区/);
    assert.deepEqual(await strawView(fresh.page), beforeReload);
    assert.deepEqual(fresh.errors, []);
  } finally {
    await fresh.close();
  }
});

test('a workspace file with a corrupt straw section is refused and the session stays as it was', async () => {
  const { page } = app;
  const ws = JSON.parse(workspaceText);
  const corrupt = (f) => {
    const w = structuredClone(ws);
    f(w.sections.straw);
    return JSON.stringify(w);
  };
  const cases = [
    [(s) => { s.inputs[0].bytes.$bytes = '@@not base64@@'; }, /秸秆禁烧第 1 个火点来源.*已损坏/],
    [(s) => { s.core.teams[0].base.lat = 123; }, /秸秆禁烧会话.*E_STRAW_SNAPSHOT.*驻地坐标无效/],
    [(s) => { s.core.verifications[0].found = 'yes'; }, /秸秆禁烧会话.*第 1 条核查记录格式不正确/],
    [(s) => { s.version = 2; }, /秸秆禁烧会话：由更新版本的程序保存/],
    [(s) => { s.jurisdiction = { kind: 'box', bbox: [1, 2] }; }, /辖区范围格式不正确/],
    // readable base64, but not a usable GeoJSON file: refused too, before anything changes
    [(s) => { s.jurisdiction = { kind: 'file', name: 'j.geojson', bytes: { $bytes: Buffer.from('{"type":"Point","coordinates":[1,2]}').toString('base64') } }; }, /辖区「j\.geojson」/],
    [(s) => { s.corridors = { kind: 'file', name: 'c.geojson', bytes: { $bytes: Buffer.from('not json at all').toString('base64') } }; }, /走廊图层「c\.geojson」/],
  ];
  for (const [f, expected] of cases) {
    const msg = await openWorkspace(page, 'bad.json', corrupt(f));
    assert.match(msg, expected);
    assert.match(msg, /当前工作区未改动/);
    assert.deepEqual(await strawView(page), beforeReload);
  }
  assert.deepEqual(app.errors, []);
});

test('global FIRMS file: loads, filters to the jurisdiction and clusters within 2 s', { skip: skipWithout(GLOBAL) }, async () => {
  const { page } = app;
  const expected = cli('--fires', GLOBAL);
  await page.click('text=清空已加载火点');
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-files]').textContent === '');
  await page.setInputFiles(tid('fire-file'), GLOBAL);
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-files]').textContent.includes('52,377') ||
    document.querySelector('[data-testid=straw-files]').textContent.includes('52377'), null, { timeout: 30_000 });
  const loadMs = Number(await page.getAttribute(tid('files'), 'data-load-ms'));
  await runIncidents(page);
  const clusterMs = Number(await page.getAttribute(tid('incidents-summary'), 'data-ms'));
  const ids = await page.$$eval('[data-testid=straw-incident]', (rows) => rows.map((r) => r.dataset.id));
  assert.deepEqual(ids, expected.incidents.map((i) => i.id));
  console.log(`global FIRMS file in the browser: read ${loadMs} ms, filter + cluster + score ${clusterMs} ms, ${ids.length} incidents`);
  assert.ok(loadMs + clusterMs < 2000, `${loadMs} + ${clusterMs} ms`);
  assert.deepEqual(app.errors, []);
});

test('jurisdiction from the map view: zoomed in, the incidents are those of the same box on the command line', { skip: skipWithout(GLOBAL) }, async () => {
  const { page } = app;
  const before = await page.$$eval('[data-testid=straw-incident]', (rows) => rows.map((r) => r.dataset.id));
  const centre = before.at(-1);
  await page.click(`[data-testid=straw-incident][data-id="${centre}"]`); // the map flies to it
  await page.waitForTimeout(1500);
  const box = await page.locator('#map').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(800);
  await page.selectOption(tid('area'), 'view');
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-area-note]').dataset.bbox);
  const bbox = await page.getAttribute(tid('area-note'), 'data-bbox');
  await runIncidents(page);
  const ids = await page.$$eval('[data-testid=straw-incident]', (rows) => rows.map((r) => r.dataset.id));
  const expected = cli('--fires', GLOBAL, `--bbox=${bbox}`);
  assert.deepEqual(ids, expected.incidents.map((i) => i.id));
  assert.ok(ids.includes(centre), 'the incident in the middle of the view');
  assert.ok(ids.length < before.length, 'zoomed in, some incidents are outside the view');
  console.log(`map view ${bbox}: ${ids.length} of ${before.length} incidents`);
  assert.deepEqual(app.errors, []);
});

test('a bad straw session in the browser storage starts a new straw session with a message; the rest is restored', async () => {
  const { page } = app;
  await page.waitForTimeout(600); // the last change is saved
  const broken = await page.evaluate(() => new Promise((ok, fail) => {
    const req = indexedDB.open('zouhang', 1);
    req.onerror = () => fail(req.error);
    req.onsuccess = () => {
      const store = req.result.transaction('workspace', 'readwrite').objectStore('workspace');
      const get = store.get('current');
      get.onsuccess = () => {
        const rec = get.result;
        rec.sections.straw.core.teams[0].base.lat = 123;
        rec.sections.month = { ...rec.sections.month, seed: '7' };
        const put = store.put(rec, 'current');
        put.onsuccess = () => ok(rec.sections.straw.core.teams[0].name);
        put.onerror = () => fail(put.error);
      };
    };
  }));
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), '1');
  const status = await page.textContent('[data-testid=status]');
  assert.match(status, /秸秆禁烧会话无法恢复，已重新开始.*E_STRAW_SNAPSHOT.*驻地坐标无效/);
  assert.ok(status.includes(broken), status);
  assert.doesNotMatch(status, /浏览器中保存的工作区无法恢复/);
  assert.equal(await page.inputValue('[data-testid=month-seed]'), '7', 'the other sections are restored');
  await page.click('#tabs button[data-tab=straw]');
  assert.match(await page.textContent(tid('restore-note')), /驻地坐标无效/);
  const view = await strawView(page);
  assert.equal(view.files, '');
  assert.deepEqual(view.records, []);
  assert.deepEqual(view.routes, []);
  assert.ok(view.teams.length > 0, 'the demo teams of a new session');
  assert.deepEqual(app.errors, []);
});

test('the straw session survives a browser restart (persistent profile)', async () => {
  const server = await startServer('www', 0, '127.0.0.1');
  const url = `http://127.0.0.1:${server.address().port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'zouhang-straw-profile-'));
  const launch = async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] || (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
    await page.click('#tabs button[data-tab=straw]');
    return { context, page, errors };
  };
  try {
    let b = await launch();
    const { page } = b;
    await page.fill(tid('date'), '2022-05-31');
    await page.selectOption(tid('shift'), 'day');
    await page.uncheck(tid('use-layer'));
    await page.setInputFiles(tid('fire-file'), FIRES);
    await page.waitForFunction(() => document.querySelector('[data-testid=straw-files]').textContent.includes('已加载'));
    await runIncidents(page);
    await page.click(tid('dispatch'));
    await page.waitForSelector(tid('route'));
    const id = await page.getAttribute('[data-testid=straw-route-stop]', 'data-id');
    await page.click(`[data-testid=straw-incident][data-id="${id}"]`);
    await page.selectOption('[data-testid=straw-v-kind]', 'straw');
    await page.fill('[data-testid=straw-v-area]', '300');
    await page.click('[data-testid=straw-v-save]');
    await page.waitForSelector(`[data-testid=straw-record][data-id="${id}"]`);
    const view = await strawView(page);
    assert.equal(view.records.length, 1);
    assert.ok(view.routes.length > 0);
    await waitSaved(page, view);
    await b.context.close();

    b = await launch();
    await b.page.waitForFunction(() => document.querySelectorAll('[data-testid=straw-record]').length === 1);
    assert.deepEqual(await strawView(b.page), view);
    assert.deepEqual(b.errors, []);
    await b.context.close();
  } finally {
    await new Promise((ok) => server.close(ok));
    rmSync(profile, { recursive: true, force: true });
  }
});
