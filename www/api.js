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
  /** Imports a file's bytes (Uint8Array) into a layer; resolves to the import report. The
   *  points the layer already holds (report.duplicates) are skipped with duplicates = 'skip'
   *  and loaded with 'keep' (the default, as before the check existed). */
  importFile: (kind, fileName, bytes, crs, replace, duplicates = 'keep') =>
    call('importFile', [kind, fileName, bytes, crs, replace, duplicates]),
  /** Reads a file without loading it; the report lists the points the layer already holds. */
  importCheck: (kind, fileName, bytes, crs) => call('importCheck', [kind, fileName, bytes, crs]),
  clearLayer: (kind) => call('clearLayer', [kind]),
  surroundings: (query) => call('surroundings', [query]),
  surroundingsCsv: (query) => call('surroundingsCsv', [query]),
  surroundingsGeojson: (query) => call('surroundingsGeojson', [query]),
  // 双随机 random inspections (src/wasm/draw.rs)
  drawRegisters: () => call('drawRegisters'),
  drawRegisterItems: () => call('drawRegisterItems'),
  /** Imports an enterprise or inspector register (kind 'enterprises' | 'inspectors'). */
  importDrawRegister: (kind, fileName, bytes, crs) => call('importDrawRegister', [kind, fileName, bytes, crs]),
  resetDrawRegisters: () => call('resetDrawRegisters'),
  drawRules: (preset) => call('drawRules', [preset]),
  drawRulesFromJson: (text) => call('drawRulesFromJson', [text]),
  /** Draws; resolves to {ok, result, problems, json} (json = the CLI's --json text). */
  drawRun: (seed, rulesJson) => call('drawRun', [seed, rulesJson]),
  drawAuditJson: (drawnAt) => call('drawAuditJson', [drawnAt]),
  drawAuditCsv: (drawnAt) => call('drawAuditCsv', [drawnAt]),
  drawResultCsv: () => call('drawResultCsv'),
  drawRegisterCsv: (kind) => call('drawRegisterCsv', [kind]),
  drawVerify: (auditText) => call('drawVerify', [auditText]),
  /** Plans the last draw's routes; resolves to {ok, routes: {plan, method, warnings}, problems}. */
  drawRoutes: (settingsJson) => call('drawRoutes', [settingsJson]),
  /** The last routes as text: format 'plan' (JSON), 'csv' or 'geojson'. */
  drawRoutesExport: (format) => call('drawRoutesExport', [format]),
  /** Reads a plan file's bytes: {ok, plan, warnings, issues, message}. */
  readPlan: (bytes, fileName) => call('readPlan', [bytes, fileName]),
  validatePlan: (plan) => call('validatePlan', [plan]),
  /** Writes a plan (gpx|kml|geojson|csv|sheet, wgs84|gcj02|bd09): {file_name, mime, text, warnings}. */
  exportPlan: (plan, format, crs) => call('exportPlan', [plan, format, crs]),
  navLinks: (plan, provider, options) => call('navLinks', [plan, provider, options]),
  teamLinks: (plan, planRef, baseUrl) => call('teamLinks', [plan, planRef, baseUrl]),
  routeMapSvg: (plan, routeIndex, width, height) => call('routeMapSvg', [plan, routeIndex, width, height]),
  demoPlan: (query) => call('demoPlan', [query]),
  monthlyReport: (input) => call('monthlyReport', [input]),
  // records back from the field (www/ui/field_records.js)
  importTeamRecords: (bytes, fileName, log, known) => call('importTeamRecords', [bytes, fileName, log, known]),
  fieldProgress: (log, planId, plan) => call('fieldProgress', [log, planId, plan]),
  // 秸秆禁烧 (ui/straw.js)
  strawDefaultSettings: () => call('strawDefaultSettings'),
  strawAddFireFile: (fileName, bytes, crs) => call('strawAddFireFile', [fileName, bytes, crs]),
  strawAddManual: (text, crs) => call('strawAddManual', [text, crs]),
  strawClearFires: () => call('strawClearFires'),
  strawFireFiles: () => call('strawFireFiles'),
  strawSetJurisdiction: (fileName, bytes) => call('strawSetJurisdiction', [fileName, bytes]),
  strawSetJurisdictionBox: (minLon, minLat, maxLon, maxLat) =>
    call('strawSetJurisdictionBox', [minLon, minLat, maxLon, maxLat]),
  strawClearJurisdiction: () => call('strawClearJurisdiction'),
  strawSetCorridors: (fileName, bytes) => call('strawSetCorridors', [fileName, bytes]),
  strawResetCorridors: () => call('strawResetCorridors'),
  strawCorridors: () => call('strawCorridors'),
  strawLoadTeams: (fileName, bytes, crs) => call('strawLoadTeams', [fileName, bytes, crs]),
  strawDemoTeams: () => call('strawDemoTeams'),
  strawSetTeams: (teams) => call('strawSetTeams', [teams]),
  strawTeams: () => call('strawTeams'),
  /** Checks a saved jurisdiction / corridor GeoJSON file (kind 'jurisdiction' | 'corridors'); throws when unusable. */
  strawCheckGeojson: (kind, fileName, bytes) => call('strawCheckGeojson', [kind, fileName, bytes]),
  strawIncidents: (request) => call('strawIncidents', [request]),
  /** Dispatches step by step (progress between steps, cancellable); resolves to strawPlan(). */
  strawDispatch: async (request, { onProgress, isCancelled } = {}) => {
    let p = await call('strawDispatchStart', [request]);
    while (!p.done) {
      if (onProgress) onProgress(p);
      if (isCancelled && isCancelled()) throw new Error('派单已取消');
      p = await call('strawDispatchStep', [100]);
    }
    if (onProgress) onProgress(p);
    return call('strawPlan');
  },
  strawPlan: () => call('strawPlan'),
  strawReplanState: (now) => call('strawReplanState', [now]),
  strawRecordVerification: (record) => call('strawRecordVerification', [record]),
  strawRemoveVerification: (incidentId) => call('strawRemoveVerification', [incidentId]),
  strawVerifications: () => call('strawVerifications'),
  strawSetVerifications: (records) => call('strawSetVerifications', [records]),
  strawSummary: () => call('strawSummary'),
  strawSummaryCsv: () => call('strawSummaryCsv'),
  strawVerificationsCsv: () => call('strawVerificationsCsv'),
  strawReset: () => call('strawReset'),
  strawSnapshot: () => call('strawSnapshot'),
  strawCheckSnapshot: (data) => call('strawCheckSnapshot', [data]),
  strawRestoreSnapshot: (data) => call('strawRestoreSnapshot', [data]),
  /** Plans routes (see solver::api for the request); `onProgress` gets each step's progress. */
  solve: (request, onProgress) => call('solve', [request], { onProgress }),
  /** Stops the running plan; `solve` then resolves with the best plan so far. */
  solveCancel: () => call('solveCancel'),
  // 月度走航计划 (ui/month.js)
  monthDefaults: () => call('monthDefaults'),
  monthCheckRules: (text) => call('monthCheckRules', [text]),
  /** Plans a month; onProgress({stage, fraction}) while it works. */
  planMonth: (request, onProgress) => call('planMonth', [request], { onProgress }),
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
