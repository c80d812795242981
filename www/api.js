// The only module that talks to the wasm core. The core runs in a Web Worker (worker.js);
// every call here is asynchronous and returns plain data.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map();

worker.onmessage = (event) => {
  const { id, ok, result, error, progress } = event.data || {};
  const p = pending.get(id);
  if (!p) return;
  if (progress !== undefined) {
    if (p.onProgress) p.onProgress(progress);
    return;
  }
  pending.delete(id);
  if (ok) p.resolve(result);
  else p.reject(new Error(error));
};
worker.onerror = (event) => {
  const err = new Error(`计算线程出错：${event.message || '未知错误'}`);
  for (const p of pending.values()) p.reject(err);
  pending.clear();
};

function call(method, args = [], { transfer = [], onProgress } = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    worker.postMessage({ id, method, args }, transfer);
  });
}

export const api = {
  version: () => call('version'),
  loadDefaults: () => call('loadDefaults'),
  counts: () => call('counts'),
  stations: () => call('stations'),
  sources: () => call('sources'),
  fires: () => call('fires'),
  roadBaseSegments: () => call('roadBaseSegments'),
  /** Imports a file's bytes (Uint8Array) into a layer; resolves to the import report. */
  importFile: (kind, fileName, bytes, crs, replace) =>
    call('importFile', [kind, fileName, bytes, crs, replace]),
  clearLayer: (kind) => call('clearLayer', [kind]),
  surroundings: (query) => call('surroundings', [query]),
  surroundingsCsv: (query) => call('surroundingsCsv', [query]),
  surroundingsGeojson: (query) => call('surroundingsGeojson', [query]),
  // road network (src/wasm/roads.rs)
  loadRoads: (fileName, bytes) => call('loadRoads', [fileName, bytes]),
  loadDefaultRoads: () => call('loadDefaultRoads'),
  overpassRequest: (bbox) => call('overpassRequest', [bbox]),
  loadOverpass: (bytes) => call('loadOverpass', [bytes], { transfer: [bytes.buffer] }),
  roadStats: () => call('roadStats'),
  clearRoads: () => call('clearRoads'),
  roadsFile: () => call('roadsFile'),
  roadRoute: (from, to, options) => call('roadRoute', [from, to, options]),
  roadMatrix: (points, options) => call('roadMatrix', [points, options]),
  roadPolylines: (bbox) => call('roadPolylines', [bbox]),
};
