// Team mode (巡查端) on a phone: the export tab's team link (href on the page's own origin, QR
// code), the link opened on a fresh 390×844 touch phone with the position mocked: next stop,
// distance and ETA, stops marked arrived/done/skipped (a reason required), a straw verification
// with a photo from the camera input (downscaled, kept), everything surviving a reload, the
// records exported as a .zhrec.json file with the photo inside; a 走航 run's measuring segment;
// the position refused; a damaged link; several routes on one phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApp, openPhone, shot } from './harness.mjs';

let app;

const STOPS = [
  ['T1', '巡查一队 驻地', 120.6200, 31.3000, 'depot'],
  ['I0037', '火点 I0037', 120.6400, 31.3100, 'visit'],
  ['I0040', '火点 I0040', 120.6650, 31.3250, 'visit'],
  ['I0043', '火点 I0043', 120.6900, 31.3050, 'visit'],
  ['T1', '巡查一队 驻地', 120.6200, 31.3000, 'depot'],
];

/** A plan file as the straw tab would publish it (kind straw), with a road path on route 1. */
function planFile(kind, routes = 1) {
  const route = (k) => ({
    id: `R${k + 1}`,
    name: `巡查${'一二三'[k]}队`,
    team: `巡查${'一二三'[k]}队`,
    date: '2026-06-01',
    stops: STOPS.map(([id, name, lon, lat, kind2], i) => ({
      id, name, location: { lon: lon + k * 0.01, lat }, kind: kind2, arrival: `2026-06-01 ${20 + Math.floor(i / 2)}:${i % 2 ? '30' : '00'}`,
      service_s: kind2 === 'depot' ? 0 : 600, note: kind2 === 'depot' ? '' : '优先级 80（高）：距高速公路 300 m',
    })),
    geometry: k === 0 ? STOPS.flatMap(([, , lon, lat], i) => [{ lon, lat }, { lon: lon + 0.003, lat: lat + (i % 2 ? 0.004 : -0.004) }]) : [],
    along_roads: k === 0,
    distance_m: 18000,
    duration_s: 5400,
  });
  return JSON.stringify({ format: 'zouhang-plan', version: 1, kind, title: kind === 'month' ? '2026-06 走航计划' : '秸秆禁烧派单 6月1日', routes: Array.from({ length: routes }, (_, k) => route(k)) });
}

/** Publishes a plan file in the dispatcher's export tab; returns the team links' hrefs. */
async function teamLinks(name, text) {
  const { page } = app;
  await page.click('#tabs button[data-tab=export]');
  await page.setInputFiles('[data-testid=plan-open]', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => document.querySelector('[data-testid=plan-select]').value === `file:${n}`, name);
  await page.waitForSelector('[data-testid=team-link]');
  return page.$$eval('[data-testid=team-link]', (as) => as.map((a) => a.href));
}

/** A 2400×1800 JPEG made by the dispatcher's browser (a photo "from the camera"). */
async function cameraJpeg() {
  const b64 = await app.page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 2400;
    c.height = 1800;
    const g = c.getContext('2d');
    const grad = g.createLinearGradient(0, 0, 2400, 1800);
    grad.addColorStop(0, '#553311');
    grad.addColorStop(1, '#cc8844');
    g.fillStyle = grad;
    g.fillRect(0, 0, 2400, 1800);
    g.fillStyle = '#111';
    for (let i = 0; i < 400; i += 1) g.fillRect((i * 97) % 2400, (i * 61) % 1800, 40, 25);
    return c.toDataURL('image/jpeg', 0.95).split(',')[1];
  });
  return Buffer.from(b64, 'base64');
}

const text = (page, id) => page.textContent(`[data-testid=${id}]`);

before(async () => {
  app = await openApp();
});

after(async () => {
  await app?.close();
});

test('the export tab gives each route a team link on its own origin with a QR code', async () => {
  const links = await teamLinks('straw-plan.json', planFile('straw', 2));
  assert.equal(links.length, 2);
  const origin = new URL(app.url).origin;
  for (const href of links) assert.ok(href.startsWith(`${origin}/team.html#r1.`), href);
  assert.equal(await app.page.locator('[data-testid=team-qr] svg').count(), 2);
  const bytes = await app.page.$$eval('[data-testid=team-route]', (d) => d.map((x) => Number(x.dataset.bytes)));
  assert.ok(bytes.every((b) => b > 100 && b <= 2953), String(bytes));
  await app.page.locator('[data-testid=team-links]').scrollIntoViewIfNeeded();
  await shot(app.page, 'export-team-links-desk');
  await app.page.setViewportSize({ width: 390, height: 844 });
  await app.page.locator('[data-testid=team-links]').scrollIntoViewIfNeeded();
  await shot(app.page, 'export-team-links-phone');
  await app.page.setViewportSize({ width: 1400, height: 900 });
});

test('a straw route on a phone: next stop, marks, a verification with a photo, reload, export', async () => {
  const [href] = await teamLinks('straw-plan.json', planFile('straw', 2));
  const phone = await openPhone(app, href, { geolocation: { latitude: 31.305, longitude: 120.63 } });
  const { page } = phone;
  try {
    assert.equal(await text(page, 'team-route-name'), '巡查一队');
    assert.equal(await text(page, 'team-next-name'), '火点 I0037');
    await page.waitForFunction(() => /km|m$/.test(document.querySelector('[data-testid=team-distance]').textContent.trim()));
    assert.match(await text(page, 'team-distance'), /直线 \d/);
    assert.match(await text(page, 'team-eta'), /约 \d+ 分钟/);
    assert.match(await page.getAttribute('[data-testid=team-nav-amap]', 'href'), /^amapuri:\/\/route\/plan\/\?/);
    assert.match(await page.getAttribute('[data-testid=team-nav-baidu]', 'href'), /^baidumap:\/\//);
    assert.equal(new URL(page.url()).hash, '', 'the route is kept, the fragment dropped');
    await shot(page, 'team-straw-next');

    // stop 1: arrived, then done; the next stop moves on
    await page.tap('[data-testid=team-next] [data-testid=team-arrive]');
    await page.waitForSelector('[data-testid=team-stop][data-id=I0037][data-status=arrived]');
    await page.tap('[data-testid=team-next] [data-testid=team-done]');
    await page.waitForFunction(() => document.querySelector('[data-testid=team-next-name]').textContent === '火点 I0040');
    // stop 2: skipping needs a reason
    await page.tap('[data-testid=team-next] [data-testid=team-skip]');
    await page.tap('[data-testid=team-next] [data-testid=team-skip-confirm]');
    await page.waitForFunction(() => /原因/.test(document.getElementById('status').textContent));
    await page.fill('[data-testid=team-next] [data-testid=team-skip-reason]', '道路封闭');
    await page.tap('[data-testid=team-next] [data-testid=team-skip-confirm]');
    await page.waitForSelector('[data-testid=team-stop][data-id=I0040][data-status=skipped]');
    assert.equal(await text(page, 'team-progress'), '2/3');

    // stop 3: a verification with a photo
    await page.tap('[data-testid=team-stop][data-id=I0043] .stop-head');
    const form = '[data-testid=team-stop][data-id=I0043] [data-testid=team-verify]';
    await page.selectOption(`${form} [data-testid=team-verify-found]`, 'false');
    await page.selectOption(`${form} [data-testid=team-verify-kind]`, 'straw');
    await page.waitForFunction((f) => /未发现火情时类型不能是「秸秆」/.test(document.querySelector(`${f} [data-testid=team-verify-check]`).textContent), form);
    await page.selectOption(`${form} [data-testid=team-verify-found]`, 'true');
    await page.fill(`${form} [data-testid=team-verify-area]`, '350');
    await page.fill(`${form} [data-testid=team-verify-note]`, '田间焚烧，已扑灭');
    await page.setInputFiles(`${form} [data-testid=team-verify-photo]`, { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await cameraJpeg() });
    await page.waitForFunction((f) => /1 张照片，共 \d+ KB/.test(document.querySelector(`${f} [data-testid=team-verify-photos]`).textContent), form);

    // the draft and its photo survive a reload before it is saved
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready);
    await page.waitForFunction(() => /直线 \d/.test(document.querySelector('[data-testid=team-distance]').textContent));
    await page.tap('[data-testid=team-stop][data-id=I0043] .stop-head');
    assert.equal(await page.inputValue(`${form} [data-testid=team-verify-area]`), '350');
    assert.match(await page.textContent(`${form} [data-testid=team-verify-photos]`), /1 张照片/);
    await page.locator(`${form} [data-testid=team-verify-save]`).scrollIntoViewIfNeeded();
    await shot(page, 'team-straw-verify');
    await page.tap(`${form} [data-testid=team-verify-save]`);
    await page.waitForSelector(`${form} [data-testid=team-verify-saved]`);
    assert.match(await page.textContent(`${form} [data-testid=team-verify-saved]`), /发现 · 秸秆 · 350 m² · 重点案件 · 1 张照片/);
    await page.tap('[data-testid=team-stop][data-id=I0043] [data-testid=team-done]');
    await page.waitForSelector('[data-testid=team-stop][data-id=I0043][data-status=done]');
    assert.match(await text(page, 'team-next'), /全部停靠点已处理/);

    // reload: every mark is still there
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready);
    assert.equal(await text(page, 'team-progress'), '3/3');
    assert.equal(await page.getAttribute('[data-testid=team-stop][data-id=I0040]', 'data-status'), 'skipped');
    assert.equal(await text(page, 'team-unexported'), '5 条记录未导出');
    assert.match(await text(page, 'team-export-size'), /5 条记录、1 张照片（照片 \d+ KB），导出文件约 \d+ KB/);
    await page.locator('[data-testid=team-records]').scrollIntoViewIfNeeded();
    await shot(page, 'team-straw-records');

    // export
    const [download] = await Promise.all([page.waitForEvent('download'), page.tap('[data-testid=team-export]')]);
    assert.match(download.suggestedFilename(), /^巡查一队_\d{8}_\d{4}\.zhrec\.json$/);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(file.format, 'zouhang-team-records');
    assert.equal(file.version, 1);
    assert.deepEqual([file.plan.id, file.plan.kind], ['file:straw-plan.json', 'straw']);
    assert.match(file.plan.made_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    assert.equal(file.route.id, 'R1');
    const stops = file.records.filter((r) => r.kind === 'stop').map((r) => [r.stop_id, r.status, r.reason ?? null]);
    assert.deepEqual(stops, [['I0037', 'arrived', null], ['I0037', 'done', null], ['I0040', 'skipped', '道路封闭'], ['I0043', 'done', null]]);
    assert.ok(file.records.every((r) => /[+-]\d{2}:\d{2}$/.test(r.at) && r.location.length === 2 && Math.abs(r.location[0] - 120.63) < 1e-6));
    const v = file.records.find((r) => r.kind === 'verification');
    assert.deepEqual(v.verification, { found: true, kind: 'straw', area_m2: 350, team: '巡查一队', note: '田间焚烧，已扑灭' });
    assert.equal(file.photos.length, 1);
    const photo = file.photos[0];
    assert.deepEqual(v.photos, [photo.id]);
    assert.equal(photo.record_id, v.id);
    const jpeg = Buffer.from(photo.data, 'base64');
    assert.equal(jpeg.length, photo.bytes);
    assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
    assert.deepEqual([photo.width, photo.height], [1600, 1200], 'downscaled to 1600 px');
    await page.waitForFunction(() => document.querySelector('[data-testid=team-unexported]').textContent === '全部 5 条记录已导出');
    assert.deepEqual(phone.errors, []);
  } finally {
    await phone.context.close();
  }
});

test('a 走航 run records the start and end of its measuring segment', async () => {
  const [href] = await teamLinks('month-plan.json', planFile('month'));
  const phone = await openPhone(app, href, { geolocation: { latitude: 31.3, longitude: 120.62 } });
  const { page } = phone;
  try {
    assert.equal(await page.locator('[data-testid=team-verify]').count(), 0);
    await page.tap('[data-testid=team-measure-start]');
    await page.waitForFunction(() => /测量中/.test(document.querySelector('[data-testid=team-measure-state]').textContent));
    assert.ok(await page.isDisabled('[data-testid=team-measure-start]'));
    await page.tap('[data-testid=team-measure-end]');
    await page.waitForFunction(() => /上一段/.test(document.querySelector('[data-testid=team-measure-state]').textContent));
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready);
    assert.match(await text(page, 'team-measure-state'), /上一段 \d{2}:\d{2}–\d{2}:\d{2}/);
    await shot(page, 'team-month');
    const [download] = await Promise.all([page.waitForEvent('download'), page.tap('[data-testid=team-export]')]);
    const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(file.records.map((r) => r.kind), ['measure_start', 'measure_end']);
    assert.equal(file.plan.kind, 'month');
  } finally {
    await phone.context.close();
  }
});

test('without the position permission the page says so and still marks stops', async () => {
  const [href] = await teamLinks('straw-plan.json', planFile('straw'));
  const phone = await openPhone(app, href, { geolocation: null });
  const { page } = phone;
  try {
    await page.waitForFunction(() => /未获得定位权限/.test(document.querySelector('[data-testid=team-geo]').textContent));
    assert.match(await text(page, 'status'), /未获得定位权限/);
    assert.match(await text(page, 'team-distance'), /无定位/);
    await shot(page, 'team-no-position');
    await page.tap('[data-testid=team-next] [data-testid=team-done]');
    await page.waitForSelector('[data-testid=team-stop][data-id=I0037][data-status=done]');
    assert.match(await text(page, 'team-persist'), /持久保存/);
    // the tab is killed right after the mark; a new tab finds it
    await page.close({ runBeforeUnload: false });
    const again = await phone.context.newPage();
    await again.goto(`${new URL(app.url).origin}/team.html`);
    await again.waitForFunction(() => document.body.dataset.ready);
    assert.equal(await again.getAttribute('[data-testid=team-stop][data-id=I0037]', 'data-status'), 'done');
    assert.equal(await text(again, 'team-unexported'), '1 条记录未导出');
    // the page at desk size
    await again.setViewportSize({ width: 1400, height: 900 });
    await shot(again, 'team-desk');
  } finally {
    await phone.context.close();
  }
});

test('a damaged or missing link says so; a phone keeps several routes', async () => {
  const links = await teamLinks('straw-plan.json', planFile('straw', 2));
  const origin = new URL(app.url).origin;
  const phone = await openPhone(app, `${origin}/team.html`, { geolocation: { latitude: 31.3, longitude: 120.6 } });
  const { page } = phone;
  try {
    assert.match(await text(page, 'team-empty'), /还没有路线/);
    // a link cut short by a messenger
    await page.goto(links[0].slice(0, links[0].length - 40));
    await page.waitForFunction(() => document.body.dataset.ready);
    await page.waitForSelector('[data-testid=team-error]');
    assert.match(await text(page, 'team-error'), /链接.*(不完整|损坏|无法解压)|链接内容/);
    await shot(page, 'team-damaged-link');
    await page.goto(`${origin}/team.html#r1.@@@`);
    await page.waitForFunction(() => document.body.dataset.ready);
    assert.match(await text(page, 'team-error'), /不应出现的字符/);
    // two routes on one phone
    for (const [k, href] of links.entries()) {
      await page.goto(href);
      await page.waitForFunction((n) => document.querySelector('[data-testid=team-route-name]').textContent === n, ['巡查一队', '巡查二队'][k]);
    }
    await page.tap('[data-testid=team-routes-button]');
    await page.waitForSelector('[data-testid=team-route-open]');
    assert.equal(await page.locator('[data-testid=team-route-open]').count(), 2);
    await shot(page, 'team-routes');
    await page.tap('[data-testid=team-route-open] >> text=巡查一队');
    await page.waitForFunction(() => document.querySelector('[data-testid=team-route-name]').textContent === '巡查一队');
  } finally {
    await phone.context.close();
  }
});

test('team mode keeps its own small offline copy (no wasm) and opens again with the network off', async () => {
  const [href] = await teamLinks('offline-plan.json', planFile('straw'));
  const phone = await openPhone(app, href, { geolocation: { latitude: 31.3, longitude: 120.62 } });
  const { page, context } = phone;
  try {
    // the service worker of team mode (sw.js?set=team) has kept its files
    await page.waitForFunction(() => document.querySelector('[data-testid=offline-state]').dataset.state === 'ready', null, { timeout: 30_000 });
    const kept = await page.evaluate(async () => {
      const names = await caches.keys();
      const files = [];
      for (const n of names) for (const r of await (await caches.open(n)).keys()) files.push(new URL(r.url).pathname);
      const reg = await navigator.serviceWorker.getRegistration('./');
      return { names, files, script: reg.active.scriptURL };
    });
    assert.match(kept.script, /sw\.js\?set=team$/);
    assert.ok(kept.names.every((n) => n.startsWith('zouhang-team-')), JSON.stringify(kept.names));
    assert.ok(kept.files.some((f) => f.endsWith('/team.html')), 'team.html kept');
    assert.ok(kept.files.some((f) => f.endsWith('/vendor/leaflet/leaflet.js')), 'Leaflet kept');
    assert.ok(!kept.files.some((f) => f.endsWith('.wasm') || f.endsWith('/index.html')), `no wasm, no desk page: ${kept.files}`);
    const name = await page.textContent('[data-testid=team-route-name]');
    await context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30_000 });
    assert.equal(await page.textContent('[data-testid=team-route-name]'), name);
    assert.ok(await page.locator('[data-testid=team-mark-done]').count() > 0 || (await page.textContent('#main')).length > 0);
    assert.deepEqual(phone.errors, []);
  } finally {
    await context.close();
  }
});
