// The field loop of issue 15 at phone size: (1) the dispatcher dispatches straw, (2) a team's
// link opens on a second, fresh phone context (390×844, touch, position granted and mocked),
// (3) the network goes off, (4) two stops are done and one verification with a photo is
// recorded, (5) the records are exported (a download), (6) the dispatcher imports them, (7) the
// straw daily summary counts them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApp, openPhone, shot, strawInputs } from './harness.mjs';

const FIRES = 'data/suzhou/fires_firms_sample.csv';
const JURISDICTION = 'data/suzhou/jurisdiction_demo.geojson';
const tid = (id) => `[data-testid=straw-${id}]`;

let app;
before(async () => {
  app = await openApp();
});
after(async () => {
  await app?.close();
});

async function dispatchStraw(page) {
  await page.click('#tabs button[data-tab=straw]');
  await strawInputs(page, FIRES, JURISDICTION);
  await page.click(tid('run'));
  await page.waitForSelector('[data-testid=straw-incident]');
  await page.click(tid('dispatch'));
  await page.waitForSelector(tid('route'));
}

/** The daily summary's total row: {verified, found, key_cases, …} as numbers. */
async function summaryTotal(page) {
  return page.$$eval('[data-testid=straw-summary-row]:last-child td[data-key]', (tds) =>
    Object.fromEntries(tds.map((td) => [td.dataset.key, Number(td.textContent)])));
}

test('straw dispatch → team phone offline → records → dispatcher import → daily summary', async () => {
  const { page } = app;
  // (1) the dispatcher dispatches straw
  await dispatchStraw(page);
  const before = await summaryTotal(page);
  await page.click('#tabs button[data-tab=export]');
  await page.selectOption('[data-testid=plan-select]', 'straw');
  await page.waitForSelector('[data-testid=team-link]');
  // the route with the most stops
  const routes = await page.$$eval('[data-testid=team-route]', (rs) => rs.map((r) => ({
    href: r.querySelector('[data-testid=team-link]').href, stops: Number(/：(\d+) 个停靠点/.exec(r.textContent)[1]),
  })));
  const route = routes.sort((a, b) => b.stops - a.stops)[0];
  assert.ok(route.stops >= 3, `a route with at least 3 incidents (${route.stops})`);
  assert.ok(route.href.startsWith(`${new URL(app.url).origin}/team.html#r1.`));
  const jpeg = Buffer.from(await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 1200;
    c.height = 900;
    const g = c.getContext('2d');
    g.fillStyle = '#6b4f2a';
    g.fillRect(0, 0, 1200, 900);
    g.fillStyle = '#222';
    g.fillRect(300, 200, 500, 400);
    return c.toDataURL('image/jpeg', 0.9).split(',')[1];
  }), 'base64');

  // (2) the link on a second, fresh phone
  const phone = await openPhone(app, route.href, { geolocation: { latitude: 31.35, longitude: 120.65 } });
  const p = phone.page;
  try {
    const first = await p.textContent('[data-testid=team-next-name]');
    assert.match(first, /^火点 /);
    await p.waitForFunction(() => /直线 \d/.test(document.querySelector('[data-testid=team-distance]').textContent));

    // (3) the network goes off
    await phone.context.setOffline(true);
    await p.waitForFunction(() => !navigator.onLine);

    // (4) two stops done, one verification with a photo
    const ids = await p.$$eval('[data-testid=team-stop]:not([data-status=depot])', (li) => li.map((x) => x.dataset.id));
    await p.tap('[data-testid=team-next] [data-testid=team-done]');
    await p.waitForSelector(`[data-testid=team-stop][data-id="${ids[0]}"][data-status=done]`);
    await p.tap('[data-testid=team-next] [data-testid=team-done]');
    await p.waitForSelector(`[data-testid=team-stop][data-id="${ids[1]}"][data-status=done]`);
    const form = `[data-testid=team-stop][data-id="${ids[0]}"] [data-testid=team-verify]`;
    await p.tap(`[data-testid=team-stop][data-id="${ids[0]}"] .stop-head`);
    await p.selectOption(`${form} [data-testid=team-verify-kind]`, 'straw');
    await p.fill(`${form} [data-testid=team-verify-area]`, '300');
    await p.setInputFiles(`${form} [data-testid=team-verify-photo]`, { name: 'IMG_2001.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await p.waitForFunction((f) => /1 张照片/.test(document.querySelector(`${f} [data-testid=team-verify-photos]`).textContent), form);
    await p.tap(`${form} [data-testid=team-verify-save]`);
    await p.waitForSelector(`${form} [data-testid=team-verify-saved]`);
    assert.match(await p.textContent('[data-testid=team-network]'), /离线/);
    assert.equal(await p.textContent('[data-testid=team-unexported]'), '3 条记录未导出');
    await shot(p, 'loop-phone-offline');

    // (5) the records exported (a download, still offline)
    const [download] = await Promise.all([p.waitForEvent('download'), p.tap('[data-testid=team-export]')]);
    const name = download.suggestedFilename();
    const text = readFileSync(await download.path(), 'utf8');
    const file = JSON.parse(text);
    assert.equal(file.plan.id, 'straw');
    assert.equal(file.photos.length, 1);
    await p.waitForFunction(() => document.querySelector('[data-testid=team-unexported]').textContent === '全部 3 条记录已导出');
    assert.deepEqual(phone.errors, []);

    // (6) the dispatcher imports them
    await page.setInputFiles('[data-testid=records-import]', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    const imported = `[data-testid=records-import-file][data-file="${name}"]`;
    await page.waitForSelector(imported);
    assert.equal(await page.getAttribute(imported, 'data-ok'), 'true', await page.textContent(imported));
    assert.equal(await page.getAttribute(imported, 'data-added'), '3');
    assert.equal(await page.getAttribute(imported, 'data-photos'), '1');
    await page.locator(imported).scrollIntoViewIfNeeded();
    await shot(page, 'loop-dispatcher-import');

    // (7) the daily summary counts them
    await page.click('#tabs button[data-tab=straw]');
    await page.waitForFunction((v) => {
      const td = document.querySelector('[data-testid=straw-summary-row]:last-child td[data-key=verified]');
      return td && Number(td.textContent) > v;
    }, before.verified ?? 0);
    const after = await summaryTotal(page);
    assert.equal(after.verified, (before.verified ?? 0) + 1);
    assert.equal(after.found, (before.found ?? 0) + 1);
    assert.equal(after.key_cases, (before.key_cases ?? 0) + 1);
    assert.equal(after.area_m2, (before.area_m2 ?? 0) + 300);
    const summary = page.locator('[data-testid=straw-summary-row]').last();
    await page.setViewportSize({ width: 390, height: 844 });
    await summary.scrollIntoViewIfNeeded();
    await shot(page, 'loop-dispatcher-summary');
    await page.setViewportSize({ width: 1400, height: 900 });
    await summary.scrollIntoViewIfNeeded();
    await shot(page, 'loop-dispatcher-summary-desk');

    // importing the same file again adds nothing
    await page.click('#tabs button[data-tab=export]');
    await page.evaluate(() => document.querySelector('[data-testid=records-import-report]').replaceChildren());
    await page.setInputFiles('[data-testid=records-import]', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForSelector(imported);
    assert.deepEqual([await page.getAttribute(imported, 'data-added'), await page.getAttribute(imported, 'data-duplicates')], ['0', '3']);
    await page.click('#tabs button[data-tab=straw]');
    assert.deepEqual(await summaryTotal(page), after);
  } finally {
    await phone.context.close();
  }
});
