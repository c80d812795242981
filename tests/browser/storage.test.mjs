// Storage faults (issue 19 point 3): a full quota during a save, two tabs on one workspace, and a
// crash between the writes of two sections. In each case the user is told and nothing that was
// saved is lost.
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

const count = (page, layer) => page.textContent(`[data-testid=count-${layer}]`).then((t) => Number(t.replace(/,/g, '')));

/** Imports the 3-row fixture of enterprises in the layers tab and waits for the count. */
async function importEnterprises(page) {
  await page.click('#tabs button[data-tab=layers]');
  const n = await count(page, 'sources');
  await page.selectOption('[data-testid=import-kind]', 'enterprises');
  await page.setInputFiles('[data-testid=import-file]', 'tests/fixtures/enterprises_gbk_bad_row.csv');
  // the same rows again are duplicates: the page asks, and these tests keep them
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid=dup-ask]') || document.querySelector('[data-testid=count-sources]').textContent.replace(/,/g, '') == want,
    n + 3,
  );
  if (await page.locator('[data-testid=dup-ask]').count()) await page.click('[data-testid=dup-keep]');
  await page.waitForFunction((want) => document.querySelector('[data-testid=count-sources]').textContent.replace(/,/g, '') == want, n + 3);
  return n + 3;
}

/** The saved records of the workspace database: {key: record}. */
function savedRecords(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('zouhang', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('workspace', 'readonly');
          const st = tx.objectStore('workspace');
          const keys = st.getAllKeys();
          const vals = st.getAll();
          tx.oncomplete = () => {
            const out = {};
            keys.result.forEach((k, i) => {
              const v = vals.result[i];
              out[k] = { rev: v.rev, imports: (v.journal || []).filter((e) => e.op === 'import').length, sections: Object.keys(v.sections || {}) };
            });
            open.result.close();
            resolve(out);
          };
        };
      }),
  );
}

test('a full quota during a save: the page says so and the previous state is kept', async () => {
  const { page } = app;
  const first = await importEnterprises(page);
  await page.waitForTimeout(600); // the store saves 200 ms after a change
  const base = await savedRecords(page);
  assert.ok(base.current, 'the workspace was saved once');
  // from now on every write of the workspace record fails as a full disk does
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    window.__restorePut = () => (IDBObjectStore.prototype.put = put);
    IDBObjectStore.prototype.put = function (value, key) {
      if (key === 'current') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.call(this, value, key);
    };
  });
  const rows = await importEnterprises(page);
  assert.equal(rows, first + 3);
  await page.waitForFunction(() => /存储空间已满/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 5000 });
  assert.ok(await page.$eval('[data-testid=status]', (s) => s.classList.contains('error')), 'shown as an error');
  const after = await savedRecords(page);
  assert.equal(after.current.rev, base.current.rev, 'the saved record is the previous one, untouched');
  assert.equal(after.current.imports, base.current.imports);
  // space again: the next change is saved and the page says so
  await page.evaluate(() => window.__restorePut());
  await page.click('#tabs button[data-tab=layers]');
  await importEnterprises(page);
  await page.waitForFunction(() => /工作区已保存/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 5000 });
  const saved = await savedRecords(page);
  assert.equal(saved.current.imports, base.current.imports + 2, 'both imports are kept once there is room');
  assert.ok(rows > 0);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  assert.equal(await count(page, 'sources'), rows + 3);
  assert.deepEqual(app.errors, []);
});

test('two tabs on one workspace: the later write wins with a notice, the other is kept aside', async () => {
  const a = app.page;
  const b = await app.context.newPage();
  await b.goto(app.url);
  await b.waitForFunction(() => document.body.dataset.ready);
  await b.waitForTimeout(600);
  const bSources = await count(b, 'sources');
  // tab A changes the workspace: tab B hears of it at once
  const aRows = await importEnterprises(a);
  await b.waitForFunction(() => /另一个标签页中修改/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 5000 });
  await a.waitForTimeout(600);
  const afterA = await savedRecords(a);
  // tab B, which has not seen A's change, writes later: B's write wins, A's record is kept aside
  const bRows = await importEnterprises(b);
  assert.equal(bRows, bSources + 3);
  await b.waitForFunction(() => /已被本页覆盖/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 5000 });
  const recs = await savedRecords(b);
  const aside = Object.entries(recs).filter(([k]) => k.startsWith('overwritten-'));
  assert.equal(aside.length, 1, `A's record is kept aside: ${JSON.stringify(recs)}`);
  assert.equal(aside[0][1].rev, afterA.current.rev);
  assert.equal(aside[0][1].imports, afterA.current.imports);
  assert.notEqual(recs.current.rev, afterA.current.rev);
  // and tab A hears that B wrote
  await a.waitForFunction(() => /另一个标签页中修改/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 5000 });
  assert.ok(aRows > 0);
  await b.close();
});

test('a crash between two sections: the saved workspace is whole (one record, one transaction)', async () => {
  const { page } = app;
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  await page.waitForTimeout(600);
  const base = await savedRecords(page);
  // the tab dies in the middle of writing the workspace (the transaction aborts): the record
  // is written whole or not at all, so the sections can never be from two different saves
  const plansBefore = await page.evaluate(() => document.querySelectorAll('[data-testid=plan-select] option').length);
  await page.evaluate(() => {
    const orig = IDBObjectStore.prototype.put;
    let once = true;
    IDBObjectStore.prototype.put = function (value, key) {
      if (key === 'current' && once && value && value.sections) {
        once = false;
        this.transaction.abort();
        IDBObjectStore.prototype.put = orig;
        throw new DOMException('aborted', 'AbortError');
      }
      return orig.call(this, value, key);
    };
  });
  await importEnterprises(page);
  await page.waitForFunction(() => /上次保存的工作区保持不变/.test(document.querySelector('[data-testid=status]').textContent), null, { timeout: 5000 });
  const mid = await savedRecords(page);
  assert.equal(mid.current.rev, base.current.rev, 'an aborted write leaves the previous record whole');
  assert.deepEqual(mid.current.sections, base.current.sections);
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.ready);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-testid=plan-select] option').length), plansBefore);
  assert.deepEqual(app.errors, []);
});
