// The service worker: keeps every file of the app (the pages, the scripts, the wasm, the vendored
// Leaflet, the data and the icons) in a cache named after the build, so the app opens and plans
// with the network off once it has been visited. The file list and the build id come from
// sw-build.js, written by scripts/build.sh (scripts/precache.mjs) from the files under www/.
//
// Online map tiles and Overpass downloads (other origins) are never intercepted or cached here.
// A new build is found by the browser's update check on an online visit (sw.js and sw-build.js
// are compared byte for byte); the new worker then fills its own cache and waits until the page
// goes away (the page asks it to take over on `pagehide`), so one page never mixes two builds.
try {
  importScripts('./sw-build.js');
} catch {
  // www/ not built with scripts/build.sh: nothing is kept, every request goes to the network
}

const BUILD = self.ZOUHANG_BUILD || { version: 'unbuilt', files: [] };
// Registered by team mode as sw.js?set=team: only what team.html needs (its scripts, the shared
// DOM helpers, Leaflet, the icons), not the wasm or the desk page, so a phone's first visit stays
// small. The desk page registers sw.js and keeps every file.
const TEAM_FILES = /^(team\.html|team\/|ui\/(dom|text_tooltips)\.js|offline\.js|vendor\/leaflet\/(leaflet\.js|leaflet\.css|images\/)|manifest\.webmanifest|favicon\.ico|icons\/)/;
const SET = new URL(self.location.href).searchParams.get('set') === 'team' ? 'team' : 'full';
const FILES = SET === 'team' ? BUILD.files.filter((f) => TEAM_FILES.test(f)) : BUILD.files;
const PREFIX = 'zouhang-';
const CACHE = `${PREFIX}${SET === 'team' ? 'team-' : ''}${BUILD.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // every file or none: a partial cache must not replace a working one
      const responses = await Promise.all(
        FILES.map(async (path) => {
          const res = await fetch(new Request(path, { cache: 'no-cache' }));
          if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
          return [path, res];
        }),
      );
      const cache = await caches.open(CACHE);
      await Promise.all(responses.map(([path, res]) => cache.put(path, res)));
      // the first install serves the page at once; an update waits for the page to leave
      if (!self.registration.active) await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'skipWaiting') self.skipWaiting();
  else if (type === 'build' && event.source) {
    event.source.postMessage({ type: 'build', version: BUILD.version, files: FILES.length, set: SET });
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return; // tiles, Overpass: the network, untouched
  event.respondWith(respond(req, url));
});

/** Cache first for the build's files; the network for anything else. A page (navigation)
 *  that is neither cached nor reachable gets the cached index.html. */
async function respond(req, url) {
  const cache = await caches.open(CACHE);
  const path = url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
  const hit = await cache.match(path, { ignoreSearch: true });
  if (hit) return hit;
  try {
    return await fetch(req);
  } catch (err) {
    if (req.mode === 'navigate') {
      const page = SET === 'team' ? './team.html' : './index.html';
      const index = await cache.match(new URL(page, self.registration.scope).pathname);
      if (index) return index;
    }
    throw err;
  }
}
