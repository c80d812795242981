// User text reaches the page only as text: a name from an imported file shown in a map tooltip
// (Leaflet would read a string as HTML) comes out as the literal characters, on the desk page
// and in team mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from './harness.mjs';

let app;
before(async () => {
  app = await openApp();
});
after(async () => {
  await app.close();
});

const NAME = '<img src=x data-evil=1>某<b>化工</b>厂';

/** Binds NAME as a tooltip on a marker of a throw-away map and returns the tooltip's content. */
function tooltipOf(page) {
  return page.evaluate((name) => {
    const L = globalThis.leaflet || globalThis.L;
    const div = document.createElement('div');
    div.style.width = '200px';
    div.style.height = '200px';
    document.body.append(div);
    const map = L.map(div).setView([31.3, 120.6], 10);
    const m = L.marker([31.3, 120.6]).bindTooltip(name, { permanent: true }).addTo(map);
    const el = m.getTooltip().getElement();
    const out = { text: el.textContent, imgs: el.querySelectorAll('img').length, bold: el.querySelectorAll('b').length };
    map.remove();
    div.remove();
    return out;
  }, NAME);
}

test('a map tooltip shows an imported name as text, never as HTML (desk page)', async () => {
  const t = await tooltipOf(app.page);
  assert.deepEqual(t, { text: NAME, imgs: 0, bold: 0 });
  assert.deepEqual(app.errors, []);
});

test('the same in team mode', async () => {
  const page = await app.context.newPage();
  await page.goto(new URL('team.html', app.url).href);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  const t = await tooltipOf(page);
  assert.deepEqual(t, { text: NAME, imgs: 0, bold: 0 });
  await page.close();
});
