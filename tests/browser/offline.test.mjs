// Browser tests of the installable offline app (issue 15, point 2): the manifest and icons, the
// service worker that keeps the build, a visit with the network off that plans a month and
// dispatches straw, and a new build picked up on the next online visit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, strawInputs } from './harness.mjs';

const FIRES = 'data/suzhou/fires_firms_sample.csv';
const JURISDICTION = 'data/suzhou/jurisdiction_demo.geojson';
const SCREENS = 'target/screens';

const opened = [];
after(async () => {
  for (const a of opened) await a.close();
});

/** Waits until the service worker controls the page and the badge says the app is kept. */
async function waitOfflineReady(page) {
  await page.waitForFunction(
    () => navigator.serviceWorker.controller && document.querySelector('[data-testid=offline-state]').dataset.state === 'ready',
    null,
    { timeout: 60_000 },
  );
}

test('manifest, icons and favicon are served and linked', async () => {
  const app = await openApp();
  opened.push(app);
  const { page, url } = app;
  const manifestHref = await page.getAttribute('link[rel=manifest]', 'href');
  const manifest = await (await fetch(new URL(manifestHref, url))).json();
  assert.equal(manifest.short_name, '走航');
  assert.match(manifest.name, /走航/);
  assert.equal(manifest.display, 'standalone');
  const sizes = manifest.icons.map((i) => i.sizes);
  assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), sizes.join());
  for (const icon of manifest.icons) {
    const res = await fetch(new URL(icon.src, new URL(manifestHref, url)));
    assert.equal(res.status, 200, icon.src);
    const png = Buffer.from(await res.arrayBuffer());
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const [w, h] = icon.sizes.split('x').map(Number);
    assert.equal(png.readUInt32BE(16), w, icon.src);
    assert.equal(png.readUInt32BE(20), h, icon.src);
  }
  const ico = await fetch(new URL('/favicon.ico', url));
  assert.equal(ico.status, 200);
  assert.equal(ico.headers.get('content-type'), 'image/x-icon');
  // the service worker's scope covers the app
  await waitOfflineReady(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
  assert.equal(scope, new URL('/', url).href);
  assert.deepEqual(app.errors, []);
});

test('after one visit the page opens, plans a month and dispatches straw with the network off', async () => {
  const app = await openApp();
  opened.push(app);
  const { page, context } = app;
  await waitOfflineReady(page);
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.ready), '1');
  assert.equal(await page.getAttribute('[data-testid=offline-state]', 'data-state'), 'offline');
  assert.equal(await page.evaluate(() => document.getElementById('status').classList.contains('error')), false);
  await page.screenshot({ path: `${SCREENS}/desktop-offline.png` });

  // a month plan
  await page.click('[data-testid=tab-month]');
  await page.fill('[data-testid=month-month]', '2026-06');
  await page.click('[data-testid=month-run]');
  await page.waitForSelector('[data-testid=month-calendar] .cal-grid', { timeout: 60_000 });
  const runs = await page.$$eval('[data-testid=month-calendar] .cal-run', (els) => els.length);
  assert.ok(runs >= 3, `${runs} runs`);

  // a straw dispatch (files come from the phone's own storage, not the network)
  const tid = (id) => `[data-testid=straw-${id}]`;
  await page.click('[data-testid=tab-straw]');
  await strawInputs(page, FIRES, JURISDICTION);
  await page.click(tid('run'));
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-incident]'), null, { timeout: 60_000 });
  await page.click(tid('dispatch'));
  await page.waitForSelector(tid('route-stop'), { timeout: 60_000 });
  assert.match(await page.textContent(tid('solver')), /路径求解器/);
  await page.screenshot({ path: `${SCREENS}/desktop-offline-straw.png` });
  assert.deepEqual(app.errors, []);
});

test('a new build is downloaded on the next online visit, announced, and used after a reload', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zouhang-www-'));
  try {
    cpSync('www', dir, { recursive: true });
    const app = await openApp({ folder: dir });
    opened.push(app);
    const { page } = app;
    await waitOfflineReady(page);
    const build1 = JSON.parse(readFileSync(join(dir, 'sw-build.js'), 'utf8').replace(/^[^{]*/s, '').replace(/;\s*$/, '')).version;
    // the footer names the build in use
    await page.waitForFunction((b) => document.getElementById('version').textContent.includes(b), build1.slice(0, 8), { timeout: 30_000 });

    // a new build of the app on the server
    appendFileSync(join(dir, 'style.css'), '\n/* next build */\n');
    execFileSync('node', ['scripts/precache.mjs', dir], { stdio: 'ignore' });
    const build2 = JSON.parse(readFileSync(join(dir, 'sw-build.js'), 'utf8').replace(/^[^{]*/s, '').replace(/;\s*$/, '')).version;
    assert.notEqual(build1, build2);

    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=offline-state]').dataset.state === 'update', null, { timeout: 60_000 });
    assert.match(await page.textContent('[data-testid=offline-state]'), /^已更新到新版本，刷新后生效/);

    // tapping the notice (or any reload) switches to the new build; the old cache is gone
    await Promise.all([page.waitForNavigation(), page.click('[data-testid=offline-state]')]);
    await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
    await page.waitForFunction((b) => document.getElementById('version').textContent.includes(b), build2.slice(0, 8), { timeout: 30_000 });
    const caches = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('zouhang-')));
    assert.deepEqual(caches, [`zouhang-${build2}`]);
    assert.match(await page.evaluate(() => getComputedStyle(document.body).display), /flex/);
    assert.deepEqual(app.errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
