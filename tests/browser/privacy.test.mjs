// Nothing leaves the page (issue 19, point 2). Every request of a browser context (pages and the
// service worker) is recorded during a full session: a file imported in the layers tab, a month
// plan, a straw dispatch, a 双随机 draw and its routes, GPX and workspace downloads, and a team
// link opened on a second page. With tiles off (无底图, the default) no request may go off the
// page's origin. With OpenStreetMap tiles on, tile requests are answered locally (no real
// network) and each must be a bare https://tile.openstreetmap.org/z/x/y.png: no query, no body,
// no Referer beyond the page's origin; no other host is contacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS, strawInputs } from './harness.mjs';

const FIRES = 'data/suzhou/fires_firms_sample.csv';
const JURISDICTION = 'data/suzhou/jurisdiction_demo.geojson';
const IMPORT = 'tests/fixtures/plants_overlap.csv';
const TILE_URL = /^https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png$/;
const tid = (id) => `[data-testid=straw-${id}]`;

/** A 256×256 grey PNG, made here (no file, no network). */
function tilePng() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(256, 0);
  ihdr.writeUInt32BE(256, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc(256 * 257, 0xdd);
  for (let y = 0; y < 256; y += 1) rows[y * 257] = 0; // filter byte of each row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Serves www/, opens a browser context (service workers allowed) that records every request
 *  from before the first navigation; with `tiles`, OSM tile requests get a local PNG. */
async function openRecorded({ tiles }) {
  const server = await startServer('www', 0, '127.0.0.1');
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ acceptDownloads: true, serviceWorkers: 'allow', viewport: { width: 1400, height: 900 } });
  const requests = [];
  context.on('request', (req) => {
    requests.push({
      url: req.url(),
      method: req.method(),
      body: req.postDataBuffer(),
      referer: req.headers().referer ?? null,
      worker: req.serviceWorker() ? 'service worker' : 'page',
    });
  });
  const png = tilePng();
  // no real network: tiles are answered here, anything else off the origin is refused (and
  // already recorded above)
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      const url = route.request().url();
      if (tiles && url.startsWith('https://tile.openstreetmap.org/')) return route.fulfill({ status: 200, contentType: 'image/png', body: png });
      return route.abort();
    },
  );
  const errors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  const close = async () => {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  };
  return { page, context, origin, requests, errors, close };
}

const tab = (page, name) => page.click(`#tabs button[data-tab=${name}]`);

/** Downloads the chosen plan's GPX from the export tab; returns its text length. */
async function downloadGpx(page, id) {
  await tab(page, 'export');
  await page.locator(`[data-testid=plan-select] option[value="${id}"]`).waitFor({ state: 'attached' });
  await page.selectOption('[data-testid=plan-select]', id);
  await page.selectOption('[data-testid=export-format]', 'gpx');
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-download]')]);
  return d;
}

/** The full session, in the steps of the other browser tests. Returns the team page. */
async function session({ page, context }) {
  // a file imported in the layers tab
  await tab(page, 'layers');
  await page.selectOption('[data-testid=import-kind]', 'enterprises');
  await page.setInputFiles('[data-testid=import-file]', IMPORT);
  await page.waitForSelector('[data-testid=dup-ask], [data-testid=import-report]');
  if (await page.locator('[data-testid=dup-ask]').count()) {
    await page.click('[data-testid=dup-keep]');
  }
  await page.waitForSelector('[data-testid=import-report]');

  // a month plan
  await page.click('[data-testid=tab-month]');
  await page.fill('[data-testid=month-month]', '2026-06');
  await page.fill('[data-testid=month-seed]', '1');
  await page.click('[data-testid=month-run]');
  await page.waitForSelector('[data-testid=month-calendar] .cal-grid', { timeout: 60_000 });

  // a straw dispatch
  await tab(page, 'straw');
  await strawInputs(page, FIRES, JURISDICTION);
  await page.click(tid('run'));
  await page.waitForSelector('[data-testid=straw-incident]');
  await page.click(tid('dispatch'));
  await page.waitForSelector(tid('route'), { timeout: 60_000 });

  // a 双随机 draw and its routes
  await tab(page, 'draw');
  await page.waitForFunction(() => {
    const n = document.querySelector('[data-testid=draw-enterprises-count]');
    return n && n.textContent !== '…';
  });
  await page.selectOption('[data-testid=draw-preset]', 'county');
  await page.fill('[data-testid=draw-seed]', '隐私测试');
  await page.click('[data-testid=draw-run]');
  await page.waitForSelector('[data-testid=draw-summary]');
  await page.fill('[data-testid=draw-route-lon]', '120.585');
  await page.fill('[data-testid=draw-route-lat]', '31.299');
  await page.fill('[data-testid=draw-route-date]', '2026-07-01');
  await page.click('[data-testid=draw-routes-run]');
  await page.waitForSelector('[data-testid=draw-route-table]', { timeout: 60_000 });

  // exports: the workspace file, GPX of the draw routes and of the straw dispatch
  await tab(page, 'export');
  const [ws] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=ws-save]')]);
  const downloads = [ws, await downloadGpx(page, 'draw-inspection'), await downloadGpx(page, 'straw')];
  for (const d of downloads) assert.ok((await d.path()) !== null);

  // a team link (the straw plan is selected) opened on a second page
  await page.waitForSelector('[data-testid=team-link]');
  const href = await page.getAttribute('[data-testid=team-link]', 'href');
  const teamUrl = new URL(href, page.url()).href;
  const team = await context.newPage();
  await team.goto(teamUrl);
  await team.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  await team.waitForSelector('[data-testid=team-next-name]');
  return { team, teamUrl };
}

/** Requests off `origin`, except data: and blob: URLs. */
const offOrigin = (requests, origin) =>
  requests.filter((r) => !r.url.startsWith('data:') && !r.url.startsWith('blob:') && new URL(r.url).origin !== origin);

test('tiles off: a full session sends no request off the page origin', async () => {
  const app = await openRecorded({ tiles: false });
  try {
    assert.equal(await app.page.inputValue('#basemap'), 'none', 'the default basemap is 无底图');
    const { team } = await session(app);
    await team.waitForTimeout(1000); // let late requests (tiles, service worker) show
    await app.page.waitForTimeout(500);
    const off = offOrigin(app.requests, app.origin);
    assert.deepEqual(off.map((r) => `${r.method} ${r.url} (${r.worker})`), []);
    // the session did make requests, and they were seen (the recorder works)
    assert.ok(app.requests.some((r) => r.url.endsWith('.wasm')), 'the wasm module was requested');
    assert.ok(app.requests.some((r) => r.url.includes('/team.html')), 'the team page was requested');
    assert.ok(app.requests.some((r) => r.worker === 'service worker'), "the service worker's requests were seen");
    assert.ok(app.requests.every((r) => r.body === null || r.body.length === 0), 'no request carries a body');
    console.log(`tiles off: ${app.requests.length} requests, all on ${app.origin}`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('tiles on: tile requests are bare z/x/y URLs with no user data; no other host', async () => {
  const app = await openRecorded({ tiles: true });
  try {
    await app.page.selectOption('#basemap', 'osm');
    await app.page.waitForFunction(() => document.querySelectorAll('#map img.leaflet-tile-loaded').length > 0, null, { timeout: 30_000 });
    const { team, teamUrl } = await session(app);
    await team.waitForTimeout(1000);
    await app.page.waitForTimeout(500);
    const off = offOrigin(app.requests, app.origin);
    const tiles = off.filter((r) => new URL(r.url).host === 'tile.openstreetmap.org');
    assert.ok(tiles.length > 0, 'tiles were requested (the test sees them)');
    assert.deepEqual(off.filter((r) => !tiles.includes(r)).map((r) => `${r.method} ${r.url}`), [], 'no other host');
    const payload = new URL(teamUrl).hash.slice(1);
    assert.ok(payload.length > 20, 'the team link carries a route payload');
    for (const r of tiles) {
      assert.match(r.url, TILE_URL);
      assert.equal(r.method, 'GET', r.url);
      assert.ok(r.body === null || r.body.length === 0, `${r.url} carries a body`);
      if (r.referer !== null) {
        const ref = new URL(r.referer);
        assert.equal(`${ref.origin}/`, r.referer, `the Referer of ${r.url} is more than the origin: ${r.referer}`);
        assert.ok(!r.referer.includes('#') && !r.referer.includes(payload.slice(0, 20)), r.referer);
      }
    }
    assert.ok(app.requests.every((r) => r.body === null || r.body.length === 0), 'no request carries a body');
    console.log(`tiles on: ${app.requests.length} requests, ${tiles.length} tile requests, nothing else off ${app.origin}`);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
