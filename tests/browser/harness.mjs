// Shared set-up for the browser tests: serve www/ on a free port and open headless Chromium.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

/** True under CI (`CI` set to anything but 0/false; `.ci/run` sets CI=1): a test whose input is
 *  missing must fail there instead of being skipped. */
export const IN_CI = !!process.env.CI && !['0', 'false'].includes(process.env.CI);

/** The `skip` option for a test that needs `path` (e.g. a file of ../shared): skipped with a
 *  reason on a developer's machine without it; under CI never skipped, so the test fails. */
export function skipWithout(path) {
  return !existsSync(path) && !IN_CI && `${path} not found`;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Phone-sized context options (390×844, touch), as the field team meets the page. */
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Starts the server and a browser; returns {page, url, close, errors}. `contextOptions`
 *  replace the desktop viewport (e.g. PHONE); `folder` is the folder served (default www).
 *  Content-Security-Policy violations are errors too. */
export async function openApp({ path = '/', contextOptions, folder = 'www' } = {}) {
  const server = await startServer(folder, 0, '127.0.0.1');
  const { port } = server.address();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ acceptDownloads: true, ...(contextOptions || { viewport: { width: 1400, height: 900 } }) });
  await context.addInitScript(reportViolations);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && (/^CSP violation/.test(m.text()) || !/tile|Failed to load resource/.test(m.text()))) errors.push(m.text());
  });
  const url = `http://127.0.0.1:${port}${path}`;
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  const close = async () => {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  };
  return { page, url, close, errors, context };
}

/** Init script: every Content-Security-Policy violation becomes a console error. */
function reportViolations() {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || ''})`);
  });
}

/** The text of the file that `action` makes the page download. */
export async function downloadText(page, action) {
  const { readFileSync } = await import('node:fs');
  const [d] = await Promise.all([page.waitForEvent('download'), action()]);
  return readFileSync(await d.path(), 'utf8');
}

/** Opens a workspace file from the export tab and returns the message shown there; then
 *  switches to tab `back` when given. */
export async function openWorkspaceFile(page, name, text, back) {
  await page.click('#tabs button[data-tab=export]');
  await page.evaluate(() => {
    document.querySelector('[data-testid=ws-message]').textContent = '';
  });
  await page.setInputFiles('[data-testid=ws-open]', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.querySelector('[data-testid=ws-message]').textContent.length > 0, null, { timeout: 60_000 });
  const msg = await page.textContent('[data-testid=ws-message]');
  if (back) await page.click(`#tabs button[data-tab=${back}]`);
  return msg;
}

/** A second page of `app`'s browser in a fresh context (its own, empty storage), loaded and
 *  ready; returns {page, errors, context}; close the context when done. */
export async function openFreshPage(app) {
  const context = await app.context.browser().newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  const errors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(app.url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  return { page, errors, context };
}

/** A phone (390×844, isMobile, hasTouch) in a fresh context of `app`'s browser, with the
 *  geolocation permission granted at `geolocation` ({latitude, longitude}) or, when it is null,
 *  refused. Opens `url` and waits until the page is ready; returns {page, errors, context}. */
export async function openPhone(app, url, { geolocation = null, offline = false } = {}) {
  const context = await app.context.browser().newContext({
    acceptDownloads: true,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(geolocation ? { geolocation: { ...geolocation, accuracy: 12 }, permissions: ['geolocation'] } : { permissions: [] }),
  });
  if (offline) await context.setOffline(true);
  const errors = [];
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/tile|Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 60_000 });
  return { page, errors, context };
}

/** Saves a screenshot to target/screenshots/<name>.png (for looking at, not comparing). */
export async function shot(page, name) {
  const { mkdirSync } = await import('node:fs');
  mkdirSync('target/screenshots', { recursive: true });
  await page.screenshot({ path: `target/screenshots/${name}.png` });
}

/** The straw tab's inputs of the field-loop tests: 2022-05-31 day shift, the fire file `fires`
 *  (not the fire layer) and the jurisdiction file `jurisdiction` (the Suzhou demo). */
export async function strawInputs(page, fires, jurisdiction) {
  const tid = (id) => `[data-testid=straw-${id}]`;
  await page.fill(tid('date'), '2022-05-31');
  await page.selectOption(tid('shift'), 'day');
  await page.uncheck(tid('use-layer'));
  await page.setInputFiles(tid('fire-file'), fires);
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-files]').textContent.includes('已加载'));
  await page.selectOption(tid('area'), 'file');
  await page.setInputFiles(tid('area-file'), jurisdiction);
  await page.waitForFunction(() => document.querySelector('[data-testid=straw-area-note]').textContent.includes('苏州'));
}
