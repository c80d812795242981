// Browser tests of the desk workflows a bureau staff member meets first (issue 20): the 开始
// panel and the tab order; no label laid out one character per line in any tab at 1400×900 or
// 1280×720; the month rules as a form whose JSON round-trips, with located range messages and
// explained compliance rows; duplicates on import with a skip/keep choice; the roads tab's
// controls; 路线规划 listing its candidates on first use.
//
// SCREENSHOTS=dir saves the screens looked at (1400×900 and 390×844) as PNGs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { openApp } from './harness.mjs';

const SHOTS = process.env.SCREENSHOTS || '';
const WRI = '../shared/data/polluters/wri_gppd_chn_jiangsu_box.csv';
const TABS = ['start', 'layers', 'roads', 'station', 'month', 'straw', 'draw', 'plan', 'export'];

let app;
before(async () => {
  app = await openApp();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  if (app) await app.close();
});

const tab = (name) => app.page.click(`#tabs button[data-tab=${name}]`);
const shot = async (page, name) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
};
const count = async (name) => Number((await app.page.textContent(`[data-testid=count-${name}]`)).replace(/,/g, ''));

/** Text nodes of ≥ 2 characters that the page lays out one character per line, in the active
 *  tab and the page around it: [{text, where}]. Each character's line is the top of its box. */
const oneCharPerLine = (page) =>
  page.evaluate(() => {
    const bad = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent;
      const chars = [...text].map((c, i) => [c, i]).filter(([c]) => c.trim());
      if (chars.length < 2) continue;
      const host = n.parentElement;
      if (!host || !host.checkVisibility || !host.checkVisibility()) continue;
      if (host.closest('option, script, style, textarea, .leaflet-pane')) continue;
      const tops = [];
      // the first few characters decide: in one-per-line layout each starts a new line
      let offset = 0;
      for (const [c] of chars.slice(0, 4)) {
        const at = text.indexOf(c, offset);
        offset = at + c.length;
        const r = document.createRange();
        r.setStart(n, at);
        r.setEnd(n, at + c.length);
        const box = r.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        tops.push(Math.round(box.top));
      }
      if (tops.length >= 2 && new Set(tops).size === tops.length) {
        const where = host.closest('[data-testid]');
        bad.push({ text: text.trim().slice(0, 30), where: where ? where.dataset.testid : host.tagName });
      }
    }
    return bad;
  });

test('an empty workspace opens on the 开始 panel, whose buttons lead to each workflow', async () => {
  const { page } = app;
  const labels = await page.$$eval('#tabs button', (bs) => bs.map((b) => [b.dataset.tab, b.textContent]));
  assert.deepEqual(labels.map(([t]) => t), TABS, 'tabs in the order of the work');
  for (const [, label] of labels) assert.ok([...label].length <= 3, `tab label "${label}" is short`);
  // one row of tabs, none wrapped inside
  const rows = await page.$$eval('#tabs button', (bs) => new Set(bs.map((b) => Math.round(b.getBoundingClientRect().top))).size);
  assert.equal(rows, 1, 'the tabs fit one row');
  for (const h of await page.$$eval('#tabs button', (bs) => bs.map((b) => b.getBoundingClientRect().height))) assert.ok(h < 45, `a tab wraps: ${h}px`);
  // every tab id the tests use stays
  for (const t of TABS) assert.equal(await page.locator(`[data-testid=tab-${t}]`).count(), 1);
  assert.equal(await page.getAttribute('#tabs button.active', 'data-tab'), 'start');
  assert.ok(await page.isVisible('[data-testid=start-month]'));
  assert.match(await page.textContent('[data-testid=start-loaded]'), /国控站点 \d+ 个/);
  for (const t of ['month', 'straw', 'draw', 'plan', 'station']) {
    assert.match(await page.textContent(`[data-testid=start-${t}]`), /需要：.+得到：/);
  }
  await shot(page, 'start-1400');
  for (const t of ['month', 'straw', 'draw', 'plan', 'station', 'layers', 'roads', 'export']) {
    await page.click('[data-testid=tab-start]');
    await page.click(`[data-testid=start-go-${t}]`);
    assert.equal(await page.getAttribute('#tabs button.active', 'data-tab'), t);
    assert.ok(await page.isVisible(`#tab-${t}`));
  }
  assert.deepEqual(app.errors, []);
});

test('路线规划 lists the candidates on first use, without a hidden step', async () => {
  const { page } = app;
  await tab('plan');
  await page.waitForFunction(() => /已选 \d+/.test(document.querySelector('[data-testid=plan-candidates]').textContent), null, { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=plan-base]'), /1161A/);
  // another radius lists again while nothing is planned
  const before = await page.textContent('[data-testid=plan-candidates] p');
  await page.selectOption('[data-testid=plan-radius]', '1');
  await page.waitForFunction((b) => document.querySelector('[data-testid=plan-candidates] p').textContent !== b, before);
});

test('the roads tab: the file import looks like a button, the Overpass box fits the panel', async () => {
  const { page } = app;
  await tab('roads');
  const style = (sel) =>
    page.$eval(sel, (e) => {
      const s = getComputedStyle(e);
      return { border: s.borderTopStyle, padding: parseFloat(s.paddingLeft), cursor: s.cursor, radius: parseFloat(s.borderTopLeftRadius) };
    });
  const label = await style('#tab-roads label.button');
  assert.equal(label.border, 'solid');
  assert.ok(label.padding >= 6 && label.radius >= 3, JSON.stringify(label));
  assert.equal(label.cursor, 'pointer');
  const box = await page.$eval('[data-testid=roads-endpoint]', (e) => {
    const r = e.getBoundingClientRect();
    const p = e.closest('.tab').getBoundingClientRect();
    return { right: r.right, panelRight: p.right, width: r.width };
  });
  assert.ok(box.right <= box.panelRight, `Overpass box cut off: ${JSON.stringify(box)}`);
  assert.ok(box.width >= 250, `Overpass box too narrow: ${box.width}px`);
  await shot(page, 'roads-1400');
});

test('the month rules are a form; its JSON round-trips exactly', async () => {
  const { page } = app;
  await tab('month');
  await page.click('[data-testid=month-rules-details] > summary');
  await page.waitForSelector('[data-testid="month-rule-vocs.high_per_month"]');
  const json = () => page.inputValue('[data-testid=month-rules]');
  const defaults = JSON.parse(await json());
  assert.equal(await page.inputValue('[data-testid="month-rule-vocs.high_per_month"]'), String(defaults.vocs.high_per_month));
  for (let m = 1; m <= 12; m++) {
    assert.equal(await page.isChecked(`[data-testid="month-rule-vocs.high_months-${m}"]`), defaults.vocs.high_months.includes(m));
  }
  // units and ranges beside the fields; no English key shown in the form
  const formText = await page.textContent('[data-testid=month-rules-form]');
  for (const u of ['km/h', '天', '小时', '分钟', '次', '度']) assert.ok(formText.includes(u), u);
  assert.doesNotMatch(formText, /high_per_month|measure_kmh|min_gap_days/);

  // edit through the form: the JSON follows
  await page.fill('[data-testid="month-rule-vocs.high_per_month"]', '3');
  await page.press('[data-testid="month-rule-vocs.high_per_month"]', 'Tab');
  await page.uncheck('[data-testid="month-rule-road_dust.high_months-2"]');
  await page.check('[data-testid="month-rule-vocs.high_months-10"]');
  await page.fill('[data-testid=month-rule-min_gap_days]', '4');
  await page.press('[data-testid=month-rule-min_gap_days]', 'Tab');
  await page.click('[data-testid=month-rule-class-add]');
  await page.fill('[data-testid="month-rule-class_frequencies.class-2"]', '重点园区');
  await page.press('[data-testid="month-rule-class_frequencies.class-2"]', 'Tab');
  const t1 = await json();
  const r1 = JSON.parse(t1);
  assert.equal(r1.vocs.high_per_month, 3);
  assert.equal(r1.min_gap_days, 4);
  assert.deepEqual(r1.road_dust.high_months, [10, 11, 12, 1, 3], 'the month order is kept');
  assert.deepEqual(r1.vocs.high_months, [4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(r1.class_frequencies[1], { class: '重点园区', per_week: 1 });

  // JSON → form → JSON: the same text, an unknown key and any order included
  const pasted = JSON.stringify({ ...r1, road_dust: { ...r1.road_dust, high_months: [12, 1, 11] }, note_for_staff: '局内备注' }, null, 2);
  await page.click('[data-testid=month-rules-advanced] > summary');
  await page.fill('[data-testid=month-rules]', pasted);
  await page.dispatchEvent('[data-testid=month-rules]', 'change');
  assert.equal(await page.inputValue('[data-testid=month-rule-min_gap_days]'), '4');
  assert.equal(await page.isChecked('[data-testid="month-rule-road_dust.high_months-12"]'), true);
  assert.equal(await page.isChecked('[data-testid="month-rule-road_dust.high_months-10"]'), false);
  // a form edit that puts the same value back rewrites the JSON from the form
  await page.fill('[data-testid=month-rule-min_gap_days]', '4');
  await page.dispatchEvent('[data-testid=month-rule-min_gap_days]', 'change');
  assert.equal(await json(), pasted);
  await page.waitForSelector('[data-testid=month-rules-ok]');
  // "规则有效" in the colour of success, not of a warning
  const color = await page.$eval('[data-testid=month-rules-ok]', (e) => getComputedStyle(e).color);
  assert.equal(color, 'rgb(21, 128, 61)');
  await shot(page, 'month-rules-1400');
  await page.click('[data-testid=month-rules-advanced] > summary');
  await page.click('[data-testid=month-rules-reset]');
  await page.waitForFunction((d) => document.querySelector('[data-testid=month-rules]').value === d, JSON.stringify(defaults, null, 2));
  assert.deepEqual(app.errors, []);
});

test('month rules: out-of-range and core-checked values are marked at their field', async () => {
  const { page } = app;
  await tab('month');
  const msg = (id) => page.textContent(`[data-testid="${id}-msg"]`);
  // form-side range check
  await page.fill('[data-testid="month-rule-vocs.measure_kmh"]', '200');
  await page.press('[data-testid="month-rule-vocs.measure_kmh"]', 'Tab');
  assert.match(await msg('month-rule-vocs.measure_kmh'), /超出范围.*5–80 km\/h/);
  await page.click('[data-testid=month-rules-check-button]');
  await page.waitForFunction(() => /需要修改/.test(document.querySelector('[data-testid=month-rules-check]').textContent));
  assert.match(await page.textContent('[data-testid=month-rules-check]'), /VOCs 走航·走航车速/);
  await page.click('[data-testid=month-run]');
  await page.waitForFunction(() => /规则有误/.test(document.querySelector('[data-testid=status]').textContent));
  await page.fill('[data-testid="month-rule-vocs.measure_kmh"]', 'abc');
  await page.press('[data-testid="month-rule-vocs.measure_kmh"]', 'Tab');
  assert.match(await msg('month-rule-vocs.measure_kmh'), /不是数字/);
  await page.fill('[data-testid="month-rule-vocs.measure_kmh"]', '30');
  await page.press('[data-testid="month-rule-vocs.measure_kmh"]', 'Tab');
  assert.equal(await msg('month-rule-vocs.measure_kmh'), '');
  // core-side checks, located by field and row: a vehicle with no run type, a bad day off
  await page.uncheck('[data-testid="month-rule-vehicles.types-1-vocs"]');
  await page.fill('[data-testid="month-rule-vehicles.days_off-2"]', '2026-06-31');
  await page.press('[data-testid="month-rule-vehicles.days_off-2"]', 'Tab');
  await page.click('[data-testid=month-rules-check-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid="month-rule-vehicles.types-1-msg"]').textContent.length > 0);
  assert.match(await msg('month-rule-vehicles.types-1'), /没有可做的走航类型/);
  assert.match(await msg('month-rule-vehicles.days_off-2'), /2026-06-31/);
  const summary = await page.textContent('[data-testid=month-rules-check]');
  assert.match(summary, /车辆·走航类型（第 1 项）/);
  assert.doesNotMatch(summary, /vehicles\./, 'no English field keys');
  await shot(page, 'month-rules-errors-1400');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.$eval('[data-testid="month-rule-vehicles.types-1-msg"]', (e) => e.scrollIntoView());
  await shot(page, 'month-rules-errors-390');
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.click('[data-testid=month-rules-reset]');
  await page.waitForSelector('[data-testid=month-rules-ok]', { state: 'detached' }).catch(() => {});
  await page.click('[data-testid=month-rules-check-button]');
  await page.waitForSelector('[data-testid=month-rules-ok]');
  assert.equal(await msg('month-rule-vehicles.types-1'), '');
});

test('each compliance row explains its figures in one sentence', async () => {
  const { page } = app;
  await tab('month');
  await page.fill('[data-testid=month-month]', '2026-06');
  await page.fill('[data-testid=month-episodes]', '2026-06-10..2026-06-14');
  await page.fill('[data-testid=month-exclude]', '2026-06-20');
  await page.click('[data-testid=month-run]');
  await page.waitForSelector('[data-testid=month-compliance] tbody tr', { timeout: 90_000 });
  // the rule rows (the field's 已完成 rows, month-done-row, report execution, not rules)
  const rows = await page.$$eval('[data-testid=month-compliance] tbody tr:not([data-testid=month-done-row])', (trs) =>
    trs.map((tr) => ({
      ok: tr.dataset.ok === 'true',
      required: tr.children[1].textContent,
      planned: tr.children[2].textContent,
      explain: tr.querySelector('[data-testid=month-compliance-explain]').textContent,
    })),
  );
  assert.ok(rows.length >= 4, JSON.stringify(rows));
  for (const r of rows) {
    assert.equal((r.explain.match(/。/g) || []).length, 1, r.explain);
    assert.ok(r.explain.endsWith('。'));
    assert.ok(r.explain.includes(r.planned) && r.explain.includes(r.required), JSON.stringify(r));
    assert.match(r.explain, r.ok ? /，满足。$/ : /不满足/);
  }
  assert.ok(rows.some((r) => /相隔/.test(r.explain)), 'the spacing row says what its figures are');
  await page.$eval('[data-testid=month-compliance]', (e) => e.scrollIntoView());
  await shot(page, 'month-compliance-1400');
});

test('each tab shows its own map layers; the 图层 control keeps others; the legend names them', async () => {
  const { page } = app;
  const legendTabs = () => page.$$eval('[data-testid=map-legend-list] .lg-row', (rows) => [...new Set(rows.map((r) => r.dataset.tab))]);
  const legendText = () => page.textContent('[data-testid=map-legend-list]');
  await tab('month');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=map-legend-list] .lg-row')].some((r) => r.dataset.tab === 'month'));
  assert.match(await legendText(), /VOCs 走航路线/);
  assert.match(await legendText(), /国控站点/);
  for (const cat of ['工业企业', '餐饮', '电厂']) assert.match(await legendText(), new RegExp(cat));
  // another tab: the month routes leave the map, and the legend
  await tab('plan');
  await page.waitForTimeout(300);
  assert.ok(!(await legendTabs()).includes('month'), 'month routes hidden on the plan tab');
  assert.ok((await legendTabs()).includes('plan'), 'the plan tab shows its candidates');
  assert.match(await legendText(), /候选点/);
  assert.doesNotMatch(await legendText(), /各小组路线/, 'no route symbols before there are routes');
  // kept visible from the control
  await page.check('[data-testid=map-keep-month]');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=map-legend-list] .lg-row')].some((r) => r.dataset.tab === 'month'));
  await shot(page, 'map-layers-kept-1400');
  await page.uncheck('[data-testid=map-keep-month]');
  await page.waitForTimeout(300);
  assert.ok(!(await legendTabs()).includes('month'));
  // a base layer switched off leaves the legend
  await tab('layers');
  await page.uncheck('[data-testid=toggle-fires]');
  await page.waitForTimeout(300);
  assert.doesNotMatch(await legendText(), /火点/);
  await page.check('[data-testid=toggle-fires]');
  await page.waitForTimeout(300);
  assert.match(await legendText(), /火点（白天）/);
  assert.deepEqual(app.errors, []);
});

test('duplicates on import are listed first; skip (the default) or keep', async () => {
  const { page } = app;
  await tab('layers');
  await page.selectOption('[data-testid=import-kind]', 'enterprises');
  const before = await count('sources');
  await page.setInputFiles('[data-testid=import-file]', 'tests/fixtures/plants_overlap.csv');
  await page.waitForSelector('[data-testid=dup-ask]');
  const listed = await page.$$eval('[data-testid=dup-ask] [data-testid=import-duplicate]', (trs) => trs.map((t) => t.children[0].textContent));
  // exact name; case and spaces differ 33 m away; the same name 333 m away is another place
  assert.deepEqual(listed, ['CPI Changshu-1 power station', 'cr  changzhou POWER station']);
  assert.equal(await count('sources'), before, 'nothing loads before the choice');
  await shot(page, 'duplicates-ask-1400');
  await page.click('[data-testid=dup-skip]');
  await page.waitForSelector('[data-testid=import-report]');
  assert.match(await page.textContent('[data-testid=import-summary]'), /导入 2 条/);
  assert.match(await page.textContent('[data-testid=import-duplicates-report]'), /2 个点图层中已有，已跳过/);
  await page.waitForFunction((n) => document.querySelector('[data-testid=count-sources]').textContent.replace(/,/g, '') == n, before + 2);
  // keep: all four load
  await page.setInputFiles('[data-testid=import-file]', 'tests/fixtures/plants_overlap.csv');
  await page.waitForSelector('[data-testid=dup-ask]');
  await page.click('[data-testid=dup-keep]');
  await page.waitForFunction((n) => document.querySelector('[data-testid=count-sources]').textContent.replace(/,/g, '') == n, before + 6);
  // cancel: nothing
  await page.setInputFiles('[data-testid=import-file]', 'tests/fixtures/plants_overlap.csv');
  await page.waitForSelector('[data-testid=dup-ask]');
  await page.click('[data-testid=dup-cancel]');
  await page.waitForSelector('[data-testid=dup-ask]', { state: 'detached' });
  assert.equal(await count('sources'), before + 6);
  // the choices replay on reload
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60_000 });
  assert.equal(await count('sources'), before + 6);
  assert.notEqual(await page.getAttribute('#tabs button.active', 'data-tab'), 'start', 'a workspace with imports opens on its data');
  assert.deepEqual(app.errors, []);
});

test('WRI GPPD Jiangsu over the embedded Suzhou layer: the Suzhou plants are found, not added twice', { skip: !existsSync(WRI) && 'no ../shared' }, async () => {
  const { page } = app;
  await tab('layers');
  await page.click('button:has-text("恢复默认苏州数据")');
  await page.waitForFunction(() => /已恢复默认/.test(document.querySelector('[data-testid=status]').textContent));
  const before = await count('sources');
  const rows = readFileSync(WRI, 'utf8').trim().split('\n').length - 1;
  const embedded = new Set(readFileSync('data/suzhou/power_plants.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]));
  const expected = readFileSync(WRI, 'utf8').trim().split('\n').slice(1).filter((l) => embedded.has(l.split(',')[3])).length;
  await page.selectOption('[data-testid=import-kind]', 'enterprises');
  await page.setInputFiles('[data-testid=import-file]', WRI);
  await page.waitForSelector('[data-testid=dup-ask]');
  const n = await page.$$eval('[data-testid=dup-ask] [data-testid=import-duplicate]', (t) => t.length);
  console.log(`WRI Jiangsu: ${rows} plants, ${n} already in the Suzhou layer (expected ${expected} by name)`);
  assert.equal(n, expected);
  await page.click('[data-testid=dup-skip]');
  await page.waitForFunction((k) => document.querySelector('[data-testid=count-sources]').textContent.replace(/,/g, '') == k, before + rows - expected);
  await shot(page, 'duplicates-wri-1400');
});

test('no visible label wraps one character per line, in any tab, at 1400×900 and 1280×720', async () => {
  const { page } = app;
  // content in the tabs that have it: a demo plan in the export tab, the month rules opened
  await tab('export');
  await page.click('[data-testid=plan-demo]');
  await page.waitForSelector('[data-testid=plan-stops]');
  // the duplicates question left open in the layers tab, and the reports unfolded
  await tab('layers');
  await page.setInputFiles('[data-testid=import-file]', 'tests/fixtures/plants_overlap.csv');
  await page.waitForSelector('[data-testid=dup-ask]');
  await page.$$eval('details', (ds) => ds.forEach((d) => { d.open = true; }));
  const failures = [];
  for (const [w, h] of [[1400, 900], [1280, 720]]) {
    await page.setViewportSize({ width: w, height: h });
    for (const t of TABS) {
      await tab(t);
      await page.waitForTimeout(50);
      for (const b of await oneCharPerLine(page)) failures.push(`${w}×${h} ${t}: "${b.text}" in ${b.where}`);
    }
  }
  await page.setViewportSize({ width: 1400, height: 900 });
  await tab('export');
  await shot(page, 'export-1400');
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, 'export-1280');
  await page.setViewportSize({ width: 1400, height: 900 });
  await tab('layers');
  await page.click('[data-testid=dup-cancel]');
  assert.deepEqual(failures, []);
});

test('the check sees a label squeezed to one character per line', async () => {
  // the test of the test: a 1-em-wide label must be caught
  const { page } = app;
  await tab('layers');
  await page.evaluate(() => {
    const l = document.createElement('label');
    l.id = 'squeezed';
    l.style.cssText = 'display:inline-block;width:1em';
    l.textContent = '打开计划文件';
    document.querySelector('#tab-layers').prepend(l);
  });
  const bad = await oneCharPerLine(page);
  await page.evaluate(() => document.getElementById('squeezed').remove());
  assert.ok(bad.some((b) => b.text === '打开计划文件'), JSON.stringify(bad));
});

// the phone-size flow runs every time (the screenshots only with SCREENSHOTS)
test('at 390×844 (phone): the start screen, the rules form, the duplicates question and the roads tab', async () => {
  const ctx = await app.context.browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(app.url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  await shot(page, 'start-390');
  await page.click('#tabs button[data-tab=month]');
  await page.click('[data-testid=month-rules-details] > summary');
  await shot(page, 'month-rules-390');
  await page.click('#tabs button[data-tab=layers]');
  await page.selectOption('[data-testid=import-kind]', 'enterprises');
  await page.setInputFiles('[data-testid=import-file]', 'tests/fixtures/plants_overlap.csv');
  await page.waitForSelector('[data-testid=dup-ask]');
  await page.$eval('[data-testid=dup-ask]', (e) => e.scrollIntoView());
  await shot(page, 'duplicates-ask-390');
  await page.click('#tabs button[data-tab=roads]');
  await shot(page, 'roads-390');
  await ctx.close();
});
