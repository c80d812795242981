// Browser tests of the 双随机 panel: the draw in the page equals the CLI's `draw --json` byte for
// byte (embedded demo registers, and imported registers one of them GBK), problems are shown in
// Chinese, the audit record downloads and verifies, and the seed generator gives a seed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, openFreshPage, openWorkspaceFile, downloadText } from './harness.mjs';

const CLI = process.env.ZOUHANG_CLI || 'target/debug/zouhang';
const EXAMPLE_E = 'tests/fixtures/draw/example_enterprises.csv';
const EXAMPLE_I = 'tests/fixtures/draw/example_inspectors.csv';
const EXAMPLE_RULES = 'tests/fixtures/draw/example_rules.json';
const EXAMPLE_SEED = '2026年第三季度双随机·苏州演示';

let app;
let dir;
before(async () => {
  app = await openApp();
  dir = mkdtempSync(join(tmpdir(), 'zouhang-draw-'));
  await app.page.click('#tabs button[data-tab=draw]');
  await app.page.waitForFunction(() => {
    const n = document.querySelector('[data-testid=draw-enterprises-count]');
    return n && n.textContent !== '…';
  });
});
after(async () => {
  if (app) await app.close();
});

const cli = (args) => execFileSync(CLI, ['draw', ...args, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** Clicks 抽取 and waits for a result or a problem list. */
async function drawInPage(seed) {
  const { page } = app;
  await page.fill('[data-testid=draw-seed]', seed);
  await page.evaluate(() => document.querySelector('[data-testid=draw-result]').replaceChildren());
  await page.click('[data-testid=draw-run]');
  await page.waitForSelector('[data-testid=draw-summary], [data-testid=draw-problems], [data-testid=draw-error]');
}

/** The page's result JSON export as text. */
async function exportedJson() {
  const { page } = app;
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=draw-export-json]')]);
  return readFileSync(await dl.path(), 'utf8');
}

test('a draw on the embedded demo registers equals the CLI output byte for byte', async () => {
  const { page } = app;
  const seed = '2026年第三季度';
  await drawInPage(seed);
  const want = cli(['--seed', seed]);
  assert.equal(await exportedJson(), want);
  const result = JSON.parse(want);
  // the lists on screen show the same teams and strata
  const teams = await page.$$eval('[data-testid=draw-team]', (rows) =>
    rows.map((r) => ({ id: r.dataset.id, inspectors: r.dataset.inspectors.split(','), enterprises: r.dataset.enterprises.split(',') })),
  );
  assert.deepEqual(teams, result.teams);
  assert.equal(await page.textContent('[data-testid=draw-selected-count]'), String(result.selected.length));
  assert.equal(await page.locator('[data-testid=draw-stratum]').count(), result.strata.length);
  assert.equal(await page.textContent('[data-testid=draw-enterprises-sha]'), result.registers.enterprises_sha256);
  assert.equal(await page.textContent('[data-testid=draw-inspectors-sha]'), result.registers.inspectors_sha256);
  // the drawn enterprises are on the map (canvas markers in the overlay)
  assert.ok(await page.locator('#map canvas').count() >= 1);
  assert.deepEqual(app.errors, []);
});

test('imported registers (one GBK) and loaded rules give the CLI result; the audit record verifies', async () => {
  const { page } = app;
  // the example enterprise register saved as GBK with reversed rows: same fingerprint as the UTF-8 file
  const text = readFileSync(EXAMPLE_E, 'utf8').trim().split('\n');
  const gbkPath = join(dir, '企业名录_gbk.csv');
  const iconv = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: [text[0], ...text.slice(1).reverse()].join('\r\n') + '\r\n' });
  const gbk = iconv.status === 0 ? iconv.stdout : null;
  writeFileSync(gbkPath, gbk ?? readFileSync(EXAMPLE_E));
  await page.selectOption('[data-testid=draw-import-kind]', 'enterprises');
  await page.setInputFiles('[data-testid=draw-import-file]', gbkPath);
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-enterprises-count]').textContent === '13');
  if (gbk) assert.match(await page.textContent('[data-testid=draw-reports]'), /GBK/);
  await page.selectOption('[data-testid=draw-import-kind]', 'inspectors');
  await page.setInputFiles('[data-testid=draw-import-file]', EXAMPLE_I);
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-inspectors-count]').textContent === '6');
  await page.setInputFiles('[data-testid=draw-rules-load]', EXAMPLE_RULES);
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-rule-days]').value === '1');
  await drawInPage(EXAMPLE_SEED);

  const want = JSON.parse(cli(['--seed', EXAMPLE_SEED, '--enterprises', EXAMPLE_E, '--inspectors', EXAMPLE_I, '--rules', EXAMPLE_RULES]));
  const got = JSON.parse(await exportedJson());
  // same draw; only the file names and raw file hashes differ (different files, same content)
  for (const k of ['seed', 'selected', 'teams', 'strata', 'rules', 'warnings', 'algorithm_version']) {
    assert.deepEqual(got[k], want[k], k);
  }
  assert.equal(got.registers.enterprises_sha256, want.registers.enterprises_sha256);
  assert.equal(got.registers.inspectors_sha256, want.registers.inspectors_sha256);
  assert.equal(got.registers.inspectors_raw_sha256, want.registers.inspectors_raw_sha256);
  if (gbk) assert.notEqual(got.registers.enterprises_raw_sha256, want.registers.enterprises_raw_sha256);

  // the audit record carries the page's clock and verifies, in the page and with the CLI
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=draw-export-audit]')]);
  const auditPath = join(dir, 'audit.json');
  writeFileSync(auditPath, readFileSync(await dl.path()));
  const audit = JSON.parse(readFileSync(auditPath, 'utf8'));
  assert.equal(audit.format, 'zouhang-draw-audit');
  assert.ok(Math.abs(Date.parse(audit.drawn_at) - Date.now()) < 10 * 60_000, audit.drawn_at);
  assert.deepEqual(audit.teams, want.teams);
  await page.setInputFiles('[data-testid=draw-verify-file]', auditPath);
  await page.waitForSelector('[data-testid=draw-verify-ok]');
  const verified = spawnSync(CLI, ['draw', '--verify', auditPath, '--enterprises', EXAMPLE_E, '--inspectors', EXAMPLE_I], { encoding: 'utf8' });
  assert.equal(verified.status, 0, verified.stderr);
  assert.match(verified.stdout, /核验通过/);
  // a tampered record does not verify
  audit.selected.reverse();
  writeFileSync(auditPath, JSON.stringify(audit));
  await page.setInputFiles('[data-testid=draw-verify-file]', auditPath);
  await page.waitForSelector('[data-testid=draw-verify-bad]');
  // the result CSV has one row per drawn enterprise
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=draw-export-csv]')]);
  assert.equal(readFileSync(await csv.path(), 'utf8').trim().split(/\r?\n/).length, want.selected.length + 1);
  assert.deepEqual(app.errors, []);
});

test('a draw that cannot be made says why, in Chinese, with what to change', async () => {
  const { page } = app;
  await page.fill('[data-testid=draw-rule-team-size]', '9');
  await drawInPage('x');
  const problems = await page.$$eval('[data-testid=draw-problem]', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
  assert.equal(problems.length, 1);
  assert.equal(problems[0][0], 'E_DRAW_TOO_FEW_INSPECTORS');
  assert.match(problems[0][1], /名执法人员/);
  assert.match(problems[0][2], /增加执法人员/);
  assert.equal(await page.isHidden('[data-testid=draw-export-json]'), true);
  // an empty seed, too
  await page.fill('[data-testid=draw-rule-team-size]', '2');
  await drawInPage('   ');
  assert.deepEqual(await page.$$eval('[data-testid=draw-problem]', (rows) => rows.map((r) => r.dataset.code)), ['E_DRAW_SEED_EMPTY']);
  assert.deepEqual(app.errors, []);
});

test('the seed generator gives 128 random bits; resetting brings back the demo registers', async () => {
  const { page } = app;
  await page.click('[data-testid=draw-seed-gen]');
  const a = await page.inputValue('[data-testid=draw-seed]');
  await page.click('[data-testid=draw-seed-gen]');
  const b = await page.inputValue('[data-testid=draw-seed]');
  assert.match(a, /^[0-9a-f]{32}$/);
  assert.notEqual(a, b);
  await page.click('[data-testid=draw-reset]');
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-enterprises-count]').textContent === '2,000');
  assert.equal(await page.textContent('[data-testid=draw-inspectors-count]'), '48');
  assert.deepEqual(app.errors, []);
});

test('routes of the drawn teams equal the CLI plan, export, show setting problems, and send nothing', async () => {
  const { page } = app;
  const sent = [];
  const origin = new URL(app.url).origin;
  const onRequest = (req) => {
    const url = req.url();
    const tile = /tile\.openstreetmap\.org|tianditu\.gov\.cn/.test(url);
    if (req.method() !== 'GET' || !(url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:') || tile)) sent.push(`${req.method()} ${url}`);
  };
  page.on('request', onRequest);
  await page.selectOption('[data-testid=draw-preset]', 'county');
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-rule-days]').value === '10');
  assert.equal(await page.isDisabled('[data-testid=draw-routes-run]'), true);
  const seed = '2026年第三季度排线';
  await drawInPage(seed);
  await page.fill('[data-testid=draw-route-lon]', '120.585');
  await page.fill('[data-testid=draw-route-lat]', '31.299');
  await page.fill('[data-testid=draw-route-date]', '2026-07-01');
  await page.click('[data-testid=draw-routes-run]');
  await page.waitForSelector('[data-testid=draw-route-table]');

  const cliPlan = (extra = []) => JSON.parse(
    execFileSync(CLI, ['draw', '--seed', seed, '--preset', 'county', '--routes', '--depot', '120.585,31.299', '--start-date', '2026-07-01', '--json', ...extra], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ).plan;
  const pageRows = () => page.$$eval('[data-testid=draw-route]', (rs) => rs.map((r) => [r.dataset.id, r.dataset.stops]));
  const planRows = (plan) => plan.routes.map((r) => [r.id, r.stops.filter((s) => s.kind === 'visit').map((s) => s.id).join(',')]);
  // the route solver by default, seeded from the draw: the CLI's plan
  const want = cliPlan();
  assert.deepEqual(await pageRows(), planRows(want));
  const method = await page.textContent('[data-testid=draw-routes-method]');
  assert.match(method, /路线求解器/);
  assert.doesNotMatch(method, /临时/);

  // the exported plan document is the CLI's (times, dates, teams); the CSV has a row per stop
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=draw-routes-export-plan]')]);
  const got = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  const key = (p) => p.routes.map((r) => [r.id, r.team, r.date, r.stops.map((s) => [s.id, s.arrival, s.departure])]);
  assert.equal(got.kind, 'inspection');
  assert.deepEqual(key(got), key(want));
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=draw-routes-export-csv]')]);
  const stops = want.routes.reduce((n, r) => n + r.stops.length, 0);
  assert.equal(readFileSync(await csv.path(), 'utf8').trim().split(/\r?\n/).length, stops + 1);

  // the simple router stays selectable, and is the CLI's --router interim
  await page.selectOption('[data-testid=draw-route-router]', 'interim');
  await page.click('[data-testid=draw-routes-run]');
  await page.waitForFunction(() => /简单排线/.test(document.querySelector('[data-testid=draw-routes-method]').textContent));
  await page.waitForSelector('[data-testid=draw-route-table]');
  assert.deepEqual(await pageRows(), planRows(cliPlan(['--router', 'interim'])));
  await page.selectOption('[data-testid=draw-route-router]', 'solver');

  // bad settings are named by field; a new draw forgets the routes
  await page.fill('[data-testid=draw-route-speed]', '0');
  await page.click('[data-testid=draw-routes-run]');
  await page.waitForSelector('[data-testid=draw-route-problem]');
  assert.deepEqual(await page.$$eval('[data-testid=draw-route-problem]', (rs) => rs.map((r) => r.dataset.field)), ['speed_kmh']);
  await page.fill('[data-testid=draw-route-speed]', '30');
  await drawInPage(seed);
  assert.equal(await page.locator('[data-testid=draw-route-table]').count(), 0);

  // the routes are offered in the export tab (GPX, KML, route sheets, navigation links)
  assert.ok((await page.$$eval('[data-testid=plan-select] option', (os) => os.map((o) => o.value))).includes('draw-inspection'));

  page.off('request', onRequest);
  assert.deepEqual(sent, []);
  assert.deepEqual(app.errors, []);
});

test('exported registers import back with the same fingerprints', async () => {
  const { page } = app;
  await page.click('[data-testid=draw-reset]');
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-enterprises-count]').textContent === '2,000');
  for (const kind of ['enterprises', 'inspectors']) {
    const before = await page.textContent(`[data-testid=draw-${kind}-sha]`);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=draw-export-${kind}]`)]);
    const path = join(dir, `${kind}_export.csv`);
    writeFileSync(path, readFileSync(await dl.path()));
    await page.selectOption('[data-testid=draw-import-kind]', kind);
    await page.setInputFiles('[data-testid=draw-import-file]', path);
    // the summary names the imported file once the register is replaced; its fingerprint is unchanged
    await page.waitForFunction((k) => document.querySelector('[data-testid=draw-registers]').textContent.includes(`${k}_export.csv`), kind);
    assert.equal(await page.textContent(`[data-testid=draw-${kind}-sha]`), before);
  }
  assert.deepEqual(app.errors, []);
});

/** The draw tab as shown: registers, rules, seed, the last draw's teams and the routes. */
const shownDraw = (page) =>
  page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    const all = (s) => [...document.querySelectorAll(s)];
    return {
      enterprises: q('[data-testid=draw-enterprises-count]').textContent,
      inspectors: q('[data-testid=draw-inspectors-count]').textContent,
      enterprisesSha: q('[data-testid=draw-enterprises-sha]').textContent,
      inspectorsSha: q('[data-testid=draw-inspectors-sha]').textContent,
      days: q('[data-testid=draw-rule-days]').value,
      seedField: q('[data-testid=draw-seed]').value,
      seed: q('[data-testid=draw-result-seed]') && q('[data-testid=draw-result-seed]').textContent,
      selected: q('[data-testid=draw-selected-count]') && q('[data-testid=draw-selected-count]').textContent,
      teams: all('[data-testid=draw-team]').map((r) => ({ id: r.dataset.id, inspectors: r.dataset.inspectors.split(','), enterprises: r.dataset.enterprises.split(',') })),
      depot: [q('[data-testid=draw-route-lon]').value, q('[data-testid=draw-route-lat]').value, q('[data-testid=draw-route-date]').value],
      routes: all('[data-testid=draw-route]').map((r) => [r.dataset.id, r.dataset.stops]),
    };
  });

/** The audit record JSON the page downloads now. */
async function auditOf(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=draw-export-audit]')]);
  return JSON.parse(readFileSync(await dl.path(), 'utf8'));
}

/** Opens a workspace file in the export tab; returns the message shown. */
const openWorkspace = (page, name, text) => openWorkspaceFile(page, name, text, 'draw');

test('imported registers, the draw and its routes survive a reload and travel in a workspace file', async () => {
  const { page } = app;
  await page.selectOption('[data-testid=draw-import-kind]', 'enterprises');
  await page.setInputFiles('[data-testid=draw-import-file]', EXAMPLE_E);
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-enterprises-count]').textContent === '13');
  await page.selectOption('[data-testid=draw-import-kind]', 'inspectors');
  await page.setInputFiles('[data-testid=draw-import-file]', EXAMPLE_I);
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-inspectors-count]').textContent === '6');
  await page.setInputFiles('[data-testid=draw-rules-load]', EXAMPLE_RULES);
  await page.waitForFunction(() => document.querySelector('[data-testid=draw-rule-days]').value === '1');
  await drawInPage(EXAMPLE_SEED);
  await page.fill('[data-testid=draw-route-lon]', '120.585');
  await page.fill('[data-testid=draw-route-lat]', '31.299');
  await page.fill('[data-testid=draw-route-date]', '2026-07-01');
  await page.click('[data-testid=draw-routes-run]');
  await page.waitForSelector('[data-testid=draw-route-table]');

  // what is on screen is the CLI's draw and routes for the same files
  const want = JSON.parse(cli([
    '--seed', EXAMPLE_SEED, '--enterprises', EXAMPLE_E, '--inspectors', EXAMPLE_I, '--rules', EXAMPLE_RULES,
    '--routes', '--depot', '120.585,31.299', '--start-date', '2026-07-01',
  ]));
  const before = await shownDraw(page);
  assert.equal(before.seed, EXAMPLE_SEED);
  assert.deepEqual(before.teams, want.teams);
  assert.equal(before.selected, String(want.selected.length));
  const planRows = want.plan.routes.map((r) => [r.id, r.stops.filter((s) => s.kind === 'visit').map((s) => s.id).join(',')]);
  assert.deepEqual(before.routes, planRows);
  assert.ok(planRows.length >= 1);
  const audit = await auditOf(page);

  // reload: the same registers, draw (seed, teams, audit time) and routes, replayed and checked
  await page.waitForTimeout(600); // the store saves 200 ms after a change
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  await page.click('#tabs button[data-tab=draw]');
  await page.waitForSelector('[data-testid=draw-route-table]', { timeout: 30_000 });
  assert.deepEqual(await shownDraw(page), before);
  assert.equal(await page.textContent('[data-testid=draw-restore-note]'), '');
  assert.match(await page.textContent('#status'), /已恢复上次的工作区/);
  assert.deepEqual(await auditOf(page), audit, 'the audit record (with the time of the draw) is the same');

  // the workspace file carries the tab into a fresh page (its own, empty browser storage)
  await page.click('#tabs button[data-tab=export]');
  const saved = await downloadText(page, () => page.click('[data-testid=ws-save]'));
  const ws = JSON.parse(saved);
  assert.equal(ws.sections.draw.registers.enterprises.name, 'example_enterprises.csv');
  assert.equal(ws.sections.draw.draw.seed, EXAMPLE_SEED);
  await page.click('#tabs button[data-tab=draw]');

  const { page: fresh, errors, context } = await openFreshPage(app);
  try {
    await fresh.click('#tabs button[data-tab=draw]');
    await fresh.waitForFunction(() => document.querySelector('[data-testid=draw-enterprises-count]').textContent === '2,000');
    assert.equal(await fresh.locator('[data-testid=draw-summary]').count(), 0);
    const opened = await openWorkspace(fresh, 'ws.json', saved);
    assert.match(opened, /已打开工作区/);
    assert.doesNotMatch(opened, /注意/);
    await fresh.waitForSelector('[data-testid=draw-route-table]');
    assert.deepEqual(await shownDraw(fresh), before);

    // a corrupt draw section is refused with a message; the tab stays as it was
    const badBytes = structuredClone(ws);
    badBytes.sections.draw.registers.enterprises.bytes.$bytes = '@@not base64@@';
    assert.match(await openWorkspace(fresh, 'bytes.json', JSON.stringify(badBytes)), /双随机：企业名录「example_enterprises\.csv」：文件内容已损坏.*当前工作区未改动/);
    assert.deepEqual(await shownDraw(fresh), before);
    const badDraw = structuredClone(ws);
    badDraw.sections.draw.draw = { seed: 7 };
    assert.match(await openWorkspace(fresh, 'draw.json', JSON.stringify(badDraw)), /双随机：上次抽取的记录格式不正确.*当前工作区未改动/);
    assert.deepEqual(await shownDraw(fresh), before);

    // a saved result that the replay does not give back is said, not hidden
    const tampered = structuredClone(ws);
    const result = JSON.parse(tampered.sections.draw.draw.json);
    result.selected = result.selected.slice(1);
    tampered.sections.draw.draw.json = JSON.stringify(result);
    const msg = await openWorkspace(fresh, 'tampered.json', JSON.stringify(tampered));
    assert.match(msg, /已打开工作区.*注意：双随机：.*重新抽取，结果与保存的不一致：抽中企业不同/);
    assert.match(await fresh.textContent('[data-testid=draw-restore-note]'), /不一致/);
    await fresh.waitForSelector('[data-testid=draw-route-table]');
    assert.deepEqual(await shownDraw(fresh), before, 'the screen shows the replayed (true) draw');
  } finally {
    await context.close();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(app.errors, []);
});

test('a damaged draw section in browser storage is reported on reload; the rest of the workspace stays', async () => {
  const { page } = app;
  await page.waitForTimeout(600); // let pending saves finish
  const sources = await page.textContent('[data-testid=count-sources]');
  // damage the saved enterprise register in IndexedDB, as a broken disk or an old bug might
  await page.evaluate(() => new Promise((ok, fail) => {
    const req = indexedDB.open('zouhang', 1);
    req.onerror = () => fail(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction('workspace', 'readwrite');
      const store = tx.objectStore('workspace');
      const get = store.get('current');
      get.onsuccess = () => {
        const rec = get.result;
        rec.sections.draw.registers.enterprises.bytes = { $bytes: '@@not base64@@' };
        store.put(rec, 'current');
      };
      tx.oncomplete = () => {
        db.close();
        ok();
      };
      tx.onerror = () => fail(tx.error);
    };
  }));
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), '1');
  assert.match(await page.textContent('#status'), /双随机：企业名录「example_enterprises\.csv」：文件内容已损坏/);
  await page.click('#tabs button[data-tab=draw]');
  assert.match(await page.textContent('[data-testid=draw-restore-note]'), /文件内容已损坏/);
  // the tab starts afresh on the demo registers; the layers and the plans are as they were
  assert.equal(await page.textContent('[data-testid=draw-enterprises-count]'), '2,000');
  assert.equal(await page.locator('[data-testid=draw-summary]').count(), 0);
  assert.equal(await page.textContent('[data-testid=count-sources]'), sources);
  await page.click('#tabs button[data-tab=export]');
  assert.ok((await page.$$eval('[data-testid=plan-select] option', (os) => os.map((o) => o.value))).includes('draw-inspection'));
  assert.deepEqual(app.errors, []);
});
