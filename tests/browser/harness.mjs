// Shared set-up for the browser tests: serve www/ on a free port and open headless Chromium.
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

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

/** Starts the server and a browser; returns {page, url, close, errors}. */
export async function openApp({ path = '/' } = {}) {
  const server = await startServer('www', 0, '127.0.0.1');
  const { port } = server.address();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/tile|Failed to load resource/.test(m.text())) errors.push(m.text());
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
