// Road network in the browser: the Overpass download logic on a recorded answer that we wrote
// ourselves (tests/fixtures/roads/overpass_suzhou_sample.json; no network), the roads tab
// (too-large view refused, offline message, load, stats and a route equal to the CLI's), and the
// on-screen statement of whether distances are by road.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchOverpass } from '../../www/ui/overpass.js';
import { downloadText, openApp, openWorkspaceFile } from './harness.mjs';

const CLI = process.env.ZOUHANG_CLI || 'target/debug/zouhang';
const FIXTURE = 'tests/fixtures/roads/overpass_suzhou_sample.json';
const recorded = readFileSync(FIXTURE);

/** A fetch that serves `body` in chunks of `chunk` bytes, recording the request. */
function fakeFetch(body, { chunk = 100, length = true } = {}) {
  const calls = [];
  const impl = async (url, init) => {
    calls.push({ url, init });
    let at = 0;
    const stream = new ReadableStream({
      pull(ctl) {
        if (at >= body.length) return ctl.close();
        ctl.enqueue(new Uint8Array(body.subarray(at, at + chunk)));
        at += chunk;
      },
    });
    const headers = new Headers(length ? { 'content-length': String(body.length) } : {});
    return new Response(stream, { status: 200, headers });
  };
  return { impl, calls };
}

test('fetchOverpass returns the recorded answer byte for byte, with progress', async () => {
  const { impl, calls } = fakeFetch(recorded);
  const progress = [];
  const out = await fetchOverpass({
    endpoint: 'https://overpass.example/api/interpreter',
    query: '[out:json];way(1,2,3,4);out;',
    maxBytes: 1e6,
    onProgress: (n, total) => progress.push([n, total]),
    fetchImpl: impl,
  });
  assert.deepEqual(Buffer.from(out), recorded);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].init.method, 'POST');
  assert.equal(new URLSearchParams(calls[0].init.body).get('data'), '[out:json];way(1,2,3,4);out;');
  assert.equal(progress.length, Math.ceil(recorded.length / 100));
  assert.deepEqual(progress.at(-1), [recorded.length, recorded.length]);
  for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] > progress[i - 1][0]);
});

test('fetchOverpass stops at the size limit, declared or not', async () => {
  const small = recorded.length - 1;
  await assert.rejects(
    fetchOverpass({ endpoint: 'x', query: 'q', maxBytes: small, fetchImpl: fakeFetch(recorded).impl }),
    /超过/,
  );
  // no content-length: the limit is enforced while reading
  const { impl } = fakeFetch(recorded, { length: false });
  const progress = [];
  await assert.rejects(
    fetchOverpass({ endpoint: 'x', query: 'q', maxBytes: small, fetchImpl: impl, onProgress: (n) => progress.push(n) }),
    /超过/,
  );
  assert.ok(progress.every((n) => n <= small));
});

test('fetchOverpass says clearly when the network is unreachable or the server refuses', async () => {
  const offline = async () => {
    throw new TypeError('Failed to fetch');
  };
  await assert.rejects(fetchOverpass({ endpoint: 'x', query: 'q', maxBytes: 10, fetchImpl: offline }), /离线/);
  const busy = async () => new Response('', { status: 429 });
  await assert.rejects(fetchOverpass({ endpoint: 'x', query: 'q', maxBytes: 10, fetchImpl: busy }), /429.*繁忙/);
});

let app;
before(async () => {
  app = await openApp();
});
after(async () => {
  if (app) await app.close();
});

test('roads tab: refuses a too-large view, reports offline, loads the recorded answer', async () => {
  const { page } = app;
  await page.click('#tabs button[data-tab=roads]');
  const status = page.locator('[data-testid=roads-status]');
  assert.equal(await status.getAttribute('data-mode'), 'straight');
  assert.match(await status.textContent(), /直线估计/);

  // the start view covers all of Suzhou: refused before any request (the default Overpass host,
  // the only one the page's Content-Security-Policy allows; Playwright answers, no network)
  let requests = 0;
  await page.route('https://overpass-api.de/**', (route) => {
    requests += 1;
    return route.abort('internetdisconnected');
  });
  await page.fill('[data-testid=roads-endpoint]', 'https://overpass-api.de/api/interpreter');
  await page.click('[data-testid=roads-overpass]');
  await page.waitForFunction(() => document.getElementById('status').classList.contains('error'));
  assert.match(await page.textContent('#status'), /范围过大/);
  assert.equal(requests, 0);

  // zoom in until the view is small enough; the network is down: a clear message
  await page.click('#map', { position: { x: 300, y: 300 } });
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Equal');
    await page.waitForTimeout(500);
  }
  await page.click('[data-testid=roads-overpass]');
  await page.waitForFunction(() => /离线/.test(document.getElementById('status').textContent));
  assert.equal(requests, 1);
  assert.equal(await status.getAttribute('data-mode'), 'straight');

  // another Overpass host is outside the page's CSP: said so, nothing sent
  await page.fill('[data-testid=roads-endpoint]', 'https://overpass.example/api/interpreter');
  await page.click('[data-testid=roads-overpass]');
  await page.waitForFunction(() => /安全策略/.test(document.getElementById('status').textContent));
  assert.equal(requests, 1);
  await page.fill('[data-testid=roads-endpoint]', 'https://overpass-api.de/api/interpreter');

  // now serve the recorded answer
  await page.unroute('https://overpass-api.de/**');
  let body = '';
  await page.route('https://overpass-api.de/**', (route) => {
    body = route.request().postData() || '';
    return route.fulfill({ status: 200, contentType: 'application/json', body: recorded });
  });
  await page.click('[data-testid=roads-overpass]');
  await page.waitForFunction(() => document.querySelector('[data-testid=roads-status]').dataset.mode === 'road');
  const query = new URLSearchParams(body).get('data');
  const box = query.match(/\(([-\d.]+),([-\d.]+),([-\d.]+),([-\d.]+)\)/);
  assert.ok(box, query);
  const [s, w, n, e] = box.slice(1).map(Number);
  assert.ok(s < n && w < e && n - s <= 0.5 && e - w <= 0.5, query);

  // the same counts as the command line's build of the same file
  const dir = mkdtempSync(join(tmpdir(), 'zh-roads-'));
  const cli = JSON.parse(
    execFileSync(CLI, ['roads', 'build', '--input', FIXTURE, '--out', join(dir, 'g.zhg'), '--json'], { encoding: 'utf8' }),
  );
  const text = await status.textContent();
  assert.ok(text.includes(`${cli.stats.nodes.toLocaleString('zh-CN')} 个节点，${cli.stats.edges.toLocaleString('zh-CN')} 条路段`), text);
  assert.match(text, /道路距离/);
  assert.deepEqual(app.errors, []);

  // a route through the worker equals the command line's route on the same file
  const from = [120.6, 31.3];
  const to = [120.62, 31.32];
  const route = await page.evaluate(
    async ([a, b]) => (await import('/api.js')).api.roadRoute(a, b, { metric: 'time' }),
    [from, to],
  );
  const cliRoute = JSON.parse(
    execFileSync(CLI, ['roads', 'route', '--graph', join(dir, 'g.zhg'), '--from', from.join(','), '--to', to.join(','), '--json'], {
      encoding: 'utf8',
    }),
  );
  assert.ok(Math.abs(route.duration_s - cliRoute.duration_s) < 1e-6, `${route.duration_s} vs ${cliRoute.duration_s}`);
  assert.ok(Math.abs(route.distance_m - cliRoute.distance_m) < 1e-6);
  assert.deepEqual(route.geometry, cliRoute.geometry);

  // the CLI's .zhg file loads in the page with the same counts; the page's own file loads back
  const zhg = [...readFileSync(join(dir, 'g.zhg'))];
  const loaded = await page.evaluate(
    async (bytes) => (await import('/api.js')).api.loadRoads('g.zhg', new Uint8Array(bytes)),
    zhg,
  );
  assert.deepEqual(loaded.stats, cli.stats);
  const again = await page.evaluate(async () => {
    const { api } = await import('/api.js');
    return api.loadRoads('again.zhg', await api.roadsFile());
  });
  assert.deepEqual(again.stats, cli.stats);
  const corrupt = await page.evaluate(async (bytes) => {
    const b = new Uint8Array(bytes);
    b[b.length - 3] ^= 0xff;
    try {
      await (await import('/api.js')).api.loadRoads('bad.zhg', b);
      return 'loaded';
    } catch (e) {
      return e.message;
    }
  }, zhg);
  assert.match(corrupt, /已损坏/);

  // the embedded graph: the same counts as the CLI's build of data/suzhou/roads_*.csv
  const emb = JSON.parse(
    execFileSync(
      CLI,
      ['roads', 'build', '--input', 'data/suzhou/roads_nodes.csv', '--edges', 'data/suzhou/roads_edges.csv', '--out', join(dir, 's.zhg'), '--json'],
      { encoding: 'utf8' },
    ),
  );
  await page.click('[data-testid=roads-default]');
  const want = `${emb.stats.nodes.toLocaleString('zh-CN')} 个节点，${emb.stats.edges.toLocaleString('zh-CN')} 条路段`;
  await page.waitForFunction((w) => document.querySelector('[data-testid=roads-status]').textContent.includes(w), want);
  assert.deepEqual(app.errors, []);
});

test('a loaded road network survives a reload and travels in the workspace file; a corrupt one is refused', async () => {
  const { page } = app;
  const dir = mkdtempSync(join(tmpdir(), 'zh-roads-ws-'));
  const zhgPath = join(dir, 'sample.zhg');
  const cli = JSON.parse(
    execFileSync(CLI, ['roads', 'build', '--input', FIXTURE, '--out', zhgPath, '--json'], { encoding: 'utf8' }),
  );
  const want = `${cli.stats.nodes.toLocaleString('zh-CN')} 个节点，${cli.stats.edges.toLocaleString('zh-CN')} 条路段`;
  const statusHas = (w) => page.waitForFunction((x) => document.querySelector('[data-testid=roads-status]').textContent.includes(x), w);
  const routeNow = () =>
    page.evaluate(async () => (await import('/api.js')).api.roadRoute([120.6, 31.3], [120.62, 31.32], { metric: 'time' }));

  await page.click('#tabs button[data-tab=roads]');
  await page.setInputFiles('[data-testid=roads-file]', zhgPath);
  await statusHas(want);
  const before = await routeNow();
  await page.waitForTimeout(700); // the store saves 200 ms after a change

  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  await page.click('#tabs button[data-tab=roads]');
  const status = page.locator('[data-testid=roads-status]');
  assert.equal(await status.getAttribute('data-mode'), 'road', 'the network is back after a reload');
  assert.ok((await status.textContent()).includes(want));
  const after = await routeNow();
  assert.equal(after.duration_s, before.duration_s);
  assert.deepEqual(after.geometry, before.geometry);

  // the workspace file carries the network as .zhg bytes
  await page.click('#tabs button[data-tab=export]');
  const text = await downloadText(page, () => page.click('[data-testid=ws-save]'));
  const ws = JSON.parse(text);
  assert.equal(ws.sections.roads.kind, 'zhg');
  assert.equal(Buffer.from(ws.sections.roads.bytes.$bytes, 'base64').subarray(0, 7).toString(), 'ZHROADS');

  const open = (name, body) => openWorkspaceFile(page, name, body);
  // a corrupt network in the file: refused, the loaded network stays
  const bad = structuredClone(ws);
  bad.sections.roads.bytes.$bytes = Buffer.from('not a road graph at all, just text').toString('base64');
  assert.match(await open('bad-roads.json', JSON.stringify(bad)), /路网文件已损坏/);
  assert.ok((await status.textContent()).includes(want));

  // clear the network, then open the saved file: the network comes back from the file
  await page.click('#tabs button[data-tab=roads]');
  await page.click('text=清除路网');
  await page.waitForFunction(() => document.querySelector('[data-testid=roads-status]').dataset.mode === 'straight');
  await page.click('#tabs button[data-tab=export]');
  assert.match(await open('good.json', text), /已打开工作区/);
  await page.waitForFunction(() => document.querySelector('[data-testid=roads-status]').dataset.mode === 'road');
  assert.ok((await status.textContent()).includes(want));
  assert.deepEqual((await routeNow()).geometry, before.geometry);

  // a cleared network stays cleared after a reload
  await page.click('#tabs button[data-tab=roads]');
  await page.click('text=清除路网');
  await page.waitForFunction(() => document.querySelector('[data-testid=roads-status]').dataset.mode === 'straight');
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=roads-status]').getAttribute('data-mode'), 'straight');
  assert.deepEqual(app.errors, []);
});

test('with a road graph loaded, the straw dispatch drives along roads and equals the CLI', async () => {
  const { page } = app;
  const dispatch = () =>
    page.evaluate(async () => {
      const { api } = await import('/api.js');
      const settings = await api.strawDefaultSettings();
      const request = { date: '2022-05-31', shift: 'day', settings, auto_window: true, use_layer: true };
      await api.strawIncidents(request);
      const plan = await api.strawDispatch(request);
      return plan.dispatch;
    });
  await page.evaluate(async () => (await import('/api.js')).api.clearRoads());
  const straight = await dispatch();
  assert.equal(straight.along_roads, false);
  await page.evaluate(async () => (await import('/api.js')).api.loadDefaultRoads());
  const road = await dispatch();
  assert.equal(road.along_roads, true);
  const cli = JSON.parse(execFileSync(CLI, ['patrol', 'straw', '--date', '2022-05-31', '--embedded-roads', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const summary = (routes) => routes.filter((r) => r.stops.length).map((r) => [r.route_id, r.stops.map((s) => s.incident_id), Math.round(r.distance_m)]);
  assert.deepEqual(summary(road.routes), summary(cli.routes));
  assert.notDeepEqual(summary(road.routes), summary(straight.routes));
  await page.evaluate(async () => (await import('/api.js')).api.clearRoads());
  assert.deepEqual(app.errors, []);
});
