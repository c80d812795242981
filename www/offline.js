// Offline use, from the page's side: registers the service worker (sw.js), says when the app is
// ready to open without a network, when a new build has been downloaded, and whether the browser
// agreed to keep this site's storage (navigator.storage.persist()). Shared by every page of the
// app (index.html, team.html): `startOffline(badge, say)` keeps a short state in `badge` (a
// button; tapping it explains, or loads the new build) and gives longer messages to
// `say(text, append)` (append: added to what the status line says at start-up).

const TEXT = {
  none: ['', ''],
  insecure: ['不能离线', '离线使用需要 HTTPS 或 localhost：请用 https:// 地址打开本页'],
  unsupported: ['不能离线', '此浏览器不支持离线使用（Service Worker）'],
  installing: ['正在准备离线…', '正在把本应用保存到本机，完成后无网络也能打开'],
  ready: ['可离线使用', '本应用已保存在本机：无网络时也能打开、规划和派单（在线底图除外）'],
  update: ['已更新到新版本，刷新后生效', '新版本已下载：点这里或刷新页面即可使用'],
  failed: ['离线保存未完成', '离线保存未完成：联网后刷新页面重试'],
  offline: ['离线中', '当前无网络：正在使用本机保存的版本；在线底图和 Overpass 下载暂不可用'],
};
const STORAGE = {
  true: ['', '浏览器已同意持久保存本机数据'],
  false: ['未获持久存储', '浏览器未同意持久保存：本机空间不足时工作区数据可能被清除，请定期在"导出与导航"页保存工作区文件'],
  null: ['', ''],
};

/** Registers sw.js (scope: the page's folder) and keeps `badge` up to date. Resolves to
 *  {registration, persisted} (registration null where service workers are unavailable). */
export async function startOffline(badge, say = () => {}, { set: fileSet = 'full' } = {}) {
  let sw = 'none';
  let storage = null;
  let registration = null;
  const show = () => {
    if (!badge) return;
    const key = !navigator.onLine && sw !== 'update' ? 'offline' : sw;
    const parts = [TEXT[key][0], STORAGE[storage][0]].filter(Boolean);
    badge.textContent = parts.join(' · ');
    badge.title = [TEXT[key][1], STORAGE[storage][1]].filter(Boolean).join('\n');
    badge.hidden = parts.length === 0;
    badge.dataset.state = key;
    badge.dataset.storage = String(storage);
  };
  const set = (s) => {
    sw = s;
    show();
  };
  window.addEventListener('online', show);
  window.addEventListener('offline', show);
  if (badge) {
    badge.addEventListener('click', () => {
      if (sw === 'update' && registration && registration.waiting) {
        navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
        registration.waiting.postMessage({ type: 'skipWaiting' });
      } else if (badge.title) {
        say(badge.title.replace(/\n/g, '；'));
      }
    });
  }

  if (!window.isSecureContext) set('insecure');
  else if (!('serviceWorker' in navigator)) set('unsupported');
  else {
    try {
      const hadController = !!navigator.serviceWorker.controller;
      // Team mode keeps only its own small set of files (sw.js?set=team: no wasm, so a phone's
      // first visit stays small); the desk page keeps everything. A team page never replaces a
      // worker that already keeps the whole app on this device.
      const existing = fileSet === 'team' ? await navigator.serviceWorker.getRegistration('./') : null;
      const keepsAll = existing && [existing.active, existing.waiting, existing.installing].some((w) => w && !/[?&]set=team\b/.test(w.scriptURL));
      registration = keepsAll ? existing : await navigator.serviceWorker.register(fileSet === 'team' ? './sw.js?set=team' : './sw.js', { scope: './', updateViaCache: 'none' });
      const watch = (worker) => {
        if (!worker) return;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && hadController) set('update');
          else if (worker.state === 'activated' && !hadController) set('ready');
          else if (worker.state === 'redundant' && sw === 'installing') set('failed');
        });
      };
      if (registration.waiting && hadController) set('update');
      else if (registration.active) set('ready');
      else set('installing');
      watch(registration.installing);
      registration.addEventListener('updatefound', () => watch(registration.installing));
      // Another page let a new build take over: this page still runs the old one.
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (hadController) set('update');
      });
      // The waiting build takes over when this page goes away (reload, close), so one page never
      // runs two builds.
      window.addEventListener('pagehide', () => {
        if (registration.waiting) registration.waiting.postMessage({ type: 'skipWaiting' });
      });
    } catch (err) {
      set('failed');
      say(`${TEXT.failed[1]}（${err.message}）`, true);
    }
  }
  storage = await askPersistence();
  show();
  if (storage === false) say('浏览器未同意持久保存本机数据，请定期保存工作区文件（点右上角"未获持久存储"查看说明）', true);
  return { registration, persisted: storage };
}

/** Asks the browser to keep this site's storage (IndexedDB with the workspace) under storage
 *  pressure. Resolves to true (kept), false (refused) or null (the browser cannot say). */
export async function askPersistence() {
  const storage = navigator.storage;
  if (!storage || !storage.persist) return null;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

/** The build id of the service worker controlling this page, or null. */
export function controllerBuild(timeoutMs = 2000) {
  const c = navigator.serviceWorker && navigator.serviceWorker.controller;
  if (!c) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    navigator.serviceWorker.addEventListener('message', function onMessage(e) {
      if (!e.data || e.data.type !== 'build') return;
      navigator.serviceWorker.removeEventListener('message', onMessage);
      clearTimeout(timer);
      resolve(e.data.version);
    });
    c.postMessage({ type: 'build' });
  });
}
