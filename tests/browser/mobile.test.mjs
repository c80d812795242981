// The dispatcher's page at phone size (issue 15, point 3): at 390×844 with touch, the status
// line, the base-map selector and the zoom buttons are on top (nothing covers them), the tabs
// are one row that scrolls, nothing overflows the screen, and the page asks for persistent
// storage and says what the browser answered. Screenshots go to target/screens/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, PHONE } from './harness.mjs';

const SCREENS = 'target/screens';
const opened = [];
after(async () => {
  for (const a of opened) await a.close();
});

/** True when the element itself (or a descendant) is what a tap at its centre reaches. */
function onTop(page, selector) {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return { top: !!hit && (hit === e || e.contains(hit)), hit: hit ? `${hit.tagName}.${hit.className}` : null, rect: [r.left, r.top, r.width, r.height] };
  });
}

test('phone size: status, map controls and tabs are reachable and nothing overlaps', async () => {
  const app = await openApp({ contextOptions: PHONE });
  opened.push(app);
  const { page } = app;
  await page.screenshot({ path: `${SCREENS}/phone-online.png` });

  // the status line is the element at its own point, and so are the base-map selector and the
  // zoom buttons
  for (const sel of ['[data-testid=status]', '[data-testid=basemap]', '.leaflet-control-zoom-in', '.leaflet-control-zoom-out']) {
    const r = await onTop(page, sel);
    assert.ok(r.top, `${sel} is covered by ${r.hit} at ${r.rect}`);
  }
  // the zoom buttons are big enough to tap (≥ 36 px) and work by touch
  const zoom = await page.$eval('.leaflet-control-zoom-in', (e) => e.getBoundingClientRect().height);
  assert.ok(zoom >= 36, `zoom button ${zoom} px`);
  const z0 = await page.evaluate(() => document.querySelector('[data-testid=map]').querySelector('.leaflet-proxy').style.transform);
  await page.tap('.leaflet-control-zoom-in');
  await page.waitForFunction((z) => document.querySelector('[data-testid=map] .leaflet-proxy').style.transform !== z, z0);

  // the page fits the screen: no scrolling of the page itself, the top bar above the map
  const box = await page.evaluate(() => {
    const r = (s) => document.querySelector(s).getBoundingClientRect();
    return {
      scrollH: document.documentElement.scrollHeight,
      innerH: innerHeight,
      scrollW: document.documentElement.scrollWidth,
      innerW: innerWidth,
      top: r('.topbar'),
      map: r('[data-testid=map]'),
      panel: r('.panel'),
      footer: r('.footer'),
    };
  });
  assert.ok(box.scrollH <= box.innerH, `page is ${box.scrollH} px tall in ${box.innerH}`);
  assert.ok(box.scrollW <= box.innerW, `page is ${box.scrollW} px wide in ${box.innerW}`);
  assert.ok(box.map.top >= box.top.bottom - 0.5, 'the map starts below the top bar');
  assert.ok(box.panel.top >= box.map.bottom - 0.5, 'the panel starts below the map');
  assert.ok(box.footer.top >= box.panel.bottom - 0.5 && box.footer.bottom <= box.innerH + 0.5, 'the footer is on screen');
  assert.ok(box.footer.height <= 24, `footer ${box.footer.height} px`);
  assert.ok(box.panel.height >= 250, `panel ${box.panel.height} px`);

  // the tabs: one row that scrolls sideways; the last one can be reached and chosen by touch
  const tabs = await page.$$eval('#tabs button', (bs) => bs.map((b) => Math.round(b.getBoundingClientRect().top)));
  assert.equal(new Set(tabs).size, 1, `tab rows at ${tabs}`);
  const height = await page.$eval('#tabs button', (b) => b.getBoundingClientRect().height);
  assert.ok(height >= 40, `tab height ${height} px`);
  const last = await page.$$eval('#tabs button', (bs) => bs[bs.length - 1].dataset.tab);
  await page.$eval(`#tabs button[data-tab=${last}]`, (b) => b.scrollIntoView({ inline: 'end', block: 'nearest' }));
  assert.ok((await onTop(page, `#tabs button[data-tab=${last}]`)).top, 'the last tab is reachable');
  await page.tap(`#tabs button[data-tab=${last}]`);
  assert.ok(await page.$eval(`#tab-${last}`, (s) => s.classList.contains('active')));
  assert.ok((await onTop(page, '[data-testid=status]')).top, 'the status line stays on top');

  // an error on the status line is visible
  await page.evaluate(() => {
    const s = document.getElementById('status');
    s.textContent = '测试：这是一条很长的错误信息，用来检查状态栏在手机上是否完整可见并且不会被地图遮挡';
    s.classList.add('error');
  });
  const status = await onTop(page, '[data-testid=status]');
  assert.ok(status.top, `an error on the status line is covered by ${status.hit}`);
  await page.screenshot({ path: `${SCREENS}/phone-error.png` });

  // persistent storage: asked, and the answer is on the badge's state
  await page.waitForFunction(() => document.querySelector('[data-testid=offline-state]').dataset.storage !== 'undefined');
  const storage = await page.getAttribute('[data-testid=offline-state]', 'data-storage');
  const persisted = await page.evaluate(() => navigator.storage.persisted());
  assert.equal(storage, String(persisted));
  if (!persisted) assert.match(await page.getAttribute('[data-testid=offline-state]', 'title'), /未同意持久保存/);
  assert.deepEqual(app.errors, []);
});

test('phone size, offline: the page opens and the month tab works', async () => {
  const app = await openApp({ contextOptions: PHONE });
  opened.push(app);
  const { page, context } = app;
  await page.waitForFunction(() => navigator.serviceWorker.controller && document.querySelector('[data-testid=offline-state]').dataset.state === 'ready', null, { timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60_000 });
  await page.tap('[data-testid=tab-month]');
  await page.screenshot({ path: `${SCREENS}/phone-offline.png` });
  assert.ok((await onTop(page, '[data-testid=status]')).top);
  assert.ok((await onTop(page, '[data-testid=offline-state]')).top);
  assert.equal(await page.getAttribute('[data-testid=offline-state]', 'data-state'), 'offline');
  assert.deepEqual(app.errors, []);
});

test('desktop size keeps the side panel beside the map', async () => {
  const app = await openApp();
  opened.push(app);
  const { page } = app;
  await page.screenshot({ path: `${SCREENS}/desktop-online.png` });
  const r = await page.evaluate(() => {
    const b = (s) => document.querySelector(s).getBoundingClientRect();
    return { panel: b('.panel'), map: b('[data-testid=map]') };
  });
  assert.ok(r.map.left >= r.panel.right - 0.5, 'map right of the panel');
  assert.ok(r.panel.width >= 380, `panel ${r.panel.width} px`);
  for (const sel of ['[data-testid=status]', '[data-testid=basemap]', '.leaflet-control-zoom-in']) {
    assert.ok((await onTop(page, sel)).top, sel);
  }
  assert.deepEqual(app.errors, []);
});
