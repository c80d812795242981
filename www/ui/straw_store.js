// The straw tab's part of the workspace (store section 'straw'): it survives a reload, a
// browser restart and a workspace file.
//
// Two halves. The inputs that are files are kept as the files themselves, in the order they
// were added since the last 清空 (fire files with their coordinate system, pasted manual
// points), with the jurisdiction (none, a box, or a GeoJSON file) and the corridor layer (demo
// or a file); restoring reads them again through the same api calls. What was computed from
// them (teams, the last request, scored incidents, the dispatch in force, verification records)
// is the core's snapshot (api.strawSnapshot; checked and put back by strawCheckSnapshot and
// strawRestoreSnapshot), so the dispatch shown after a reload is the same one, not solved
// again. The form (date, shift, filters, weights, team table) is kept as the page shows it.
//
// Section data: {version: 1, inputs: [{op: 'file', name, crs, bytes: {$bytes}} |
// {op: 'manual', text, crs}], jurisdiction: {kind: 'none'|'box'|'file', bbox?, name?, bytes?},
// corridors: {kind: 'demo'|'file', name?, bytes?}, form: {…}, teams: [row…],
// incidents_summary, core: snapshot}.
import { api } from '../api.js';
import { WorkspaceError, bytesFromJson } from '../store.js';
import { fmt, setStatus } from './dom.js';

export const STRAW_SECTION_VERSION = 1;
const CRS = new Set(['wgs84', 'gcj02', 'bd09']);
const fail = (msg) => {
  throw new WorkspaceError(`秸秆禁烧会话：${msg}`);
};
const isObject = (v) => v && typeof v === 'object' && !Array.isArray(v);

function checkInput(e, i) {
  const where = `第 ${i + 1} 个火点来源`;
  if (!isObject(e)) fail(`${where}格式不正确`);
  if (!CRS.has(e.crs)) fail(`${where}：未知坐标系「${e.crs}」`);
  if (e.op === 'file') {
    if (typeof e.name !== 'string' || !e.name) fail(`${where}缺少文件名`);
    const bytes = bytesFromJson(e.bytes, `秸秆禁烧${where}（${e.name}）`);
    return { entry: { op: 'file', name: e.name, crs: e.crs, bytes: e.bytes }, bytes };
  }
  if (e.op === 'manual') {
    if (typeof e.text !== 'string') fail(`${where}（人工点）缺少内容`);
    return { entry: { op: 'manual', text: e.text, crs: e.crs } };
  }
  return fail(`${where}：未知操作「${e.op}」`);
}

function checkFileSource(v, what, kinds) {
  if (!isObject(v) || !kinds.includes(v.kind)) fail(`${what}格式不正确`);
  if (v.kind !== 'file') return { entry: v.kind === 'box' ? { kind: 'box', bbox: v.bbox } : { kind: v.kind } };
  if (typeof v.name !== 'string') fail(`${what}缺少文件名`);
  return { entry: { kind: 'file', name: v.name, bytes: v.bytes }, bytes: bytesFromJson(v.bytes, `秸秆禁烧${what}（${v.name}）`) };
}

/** Checks section data (without the core's snapshot, see validateStrawSection); returns
 *  {inputs, jurisdiction, corridors, form, teams, summary, core} with the files' bytes as
 *  Uint8Array, or throws a WorkspaceError naming what is wrong. */
export function checkStrawSection(d) {
  if (!isObject(d)) fail('格式不正确');
  if (!Number.isInteger(d.version)) fail('缺少版本号');
  if (d.version > STRAW_SECTION_VERSION) fail(`由更新版本的程序保存（版本 ${d.version}，本程序支持到 ${STRAW_SECTION_VERSION}）`);
  if (d.version !== STRAW_SECTION_VERSION) fail(`版本 ${d.version} 不受支持`);
  if (!Array.isArray(d.inputs)) fail('缺少火点来源列表');
  const inputs = d.inputs.map(checkInput);
  const jurisdiction = checkFileSource(d.jurisdiction ?? { kind: 'none' }, '辖区', ['none', 'box', 'file']);
  if (jurisdiction.entry.kind === 'box') {
    const b = jurisdiction.entry.bbox;
    if (!Array.isArray(b) || b.length !== 4 || !b.every(Number.isFinite)) fail('辖区范围格式不正确');
  }
  const corridors = checkFileSource(d.corridors ?? { kind: 'demo' }, '走廊图层', ['demo', 'file']);
  if (d.form !== undefined && !isObject(d.form)) fail('表单设置格式不正确');
  if (d.teams !== undefined && (!Array.isArray(d.teams) || !d.teams.every(isObject))) fail('队伍表格式不正确');
  if (!isObject(d.core)) fail('缺少事件、派单与核查记录数据');
  return { inputs, jurisdiction, corridors, form: d.form || {}, teams: d.teams, summary: String(d.incidents_summary ?? ''), core: d.core };
}

/** The section's validate(): the structure here, the core's snapshot in the core. */
export async function validateStrawSection(api, d) {
  const s = checkStrawSection(d);
  try {
    await api.strawCheckSnapshot(s.core);
  } catch (err) {
    fail(err.message);
  }
  // saved GeoJSON files are read by the core now, so a bad one is refused before anything changes
  const files = [['jurisdiction', '辖区', s.jurisdiction], ['corridors', '走廊图层', s.corridors]];
  for (const [kind, label, src] of files) {
    if (src.entry.kind !== 'file') continue;
    try {
      await api.strawCheckGeojson(kind, src.entry.name, src.bytes);
    } catch (err) {
      fail(`${label}「${src.entry.name}」：${err.message}`);
    }
  }
}

// The form fields kept: [key in the section, panel property].
const FIELDS = [
  ['date', 'date'], ['shift', 'shift'], ['crs', 'crs'], ['from', 'from'], ['to', 'to'], ['min_conf', 'minConf'],
  ['area', 'area'], ['merge_km', 'mergeKm'], ['merge_h', 'mergeH'], ['harvest', 'harvest'], ['service', 'service'],
  ['speed', 'speed'], ['now', 'now'],
];

/** The panel's form as section data. */
export function formState(panel) {
  const f = Object.fromEntries(FIELDS.map(([k, p]) => [k, panel[p].value]));
  f.use_layer = panel.useLayer.checked;
  f.area_note = panel.areaNote.textContent;
  f.weights = Object.fromEntries(Object.entries(panel.weightInputs || {}).map(([k, input]) => [k, input.value]));
  return f;
}

/** Puts a form back; values a field cannot take (an unknown option) leave it as it is. */
export function restoreForm(panel, f) {
  for (const [k, p] of FIELDS) {
    const input = panel[p];
    if (typeof f[k] !== 'string') continue;
    if (input.tagName === 'SELECT' && ![...input.options].some((o) => o.value === f[k])) continue;
    input.value = f[k];
  }
  if (typeof f.use_layer === 'boolean') panel.useLayer.checked = f.use_layer;
  panel.areaFile.hidden = panel.area.value !== 'file';
  if (typeof f.area_note === 'string') panel.areaNote.textContent = f.area_note;
  for (const [k, input] of Object.entries(panel.weightInputs || {})) {
    const v = f.weights && f.weights[k];
    if (typeof v === 'string' || typeof v === 'number') input.value = String(v);
  }
}

/** The team table as shown (text as typed, also rows not yet valid). */
export function teamRows(panel) {
  return [...panel.teamsBody.children].map((row) => {
    const v = [...row.querySelectorAll('input')].map((i) => i.value);
    return { name: v[0], base: { lon: v[1], lat: v[2] }, shift_start: v[3], shift_end: v[4], vehicles: v[5], district: row.district || '' };
  });
}

/** A saved team row in the shape addTeamRow takes (every value as text). */
export function teamRow(r) {
  const s = (v) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const base = isObject(r.base) ? r.base : {};
  return { name: s(r.name), base: { lon: s(base.lon), lat: s(base.lat) }, shift_start: s(r.shift_start), shift_end: s(r.shift_end), vehicles: s(r.vehicles), district: s(r.district) };
}

/** Registers the panel's session as the store section 'straw'. */
export function registerStrawSection(panel, store) {
  store.register('straw', { save: () => save(panel), restore: (d) => restore(panel, d), validate: (d) => validateStrawSection(api, d) });
}

/** The section data: the file inputs, the form and the core's snapshot. */
async function save(panel) {
  return {
    version: STRAW_SECTION_VERSION,
    inputs: panel.inputs,
    jurisdiction: panel.jurisdiction,
    corridors: panel.corridorSource,
    form: formState(panel),
    teams: teamRows(panel),
    incidents_summary: panel.incidentSummary.textContent,
    core: await api.strawSnapshot(),
  };
}

/** Puts a saved session back (a new session when there is none). Never throws: on a problem
 *  the straw session starts anew, the rest of the workspace stays, and the message is shown
 *  in the tab and the status line and returned (the store passes it on). */
async function restore(panel, data) {
  await panel.ready;
  let warning;
  try {
    const s = data === undefined ? null : checkStrawSection(data);
    await reset(panel);
    if (s) await replay(panel, s);
  } catch (err) {
    await reset(panel).catch(() => {});
    warning = `秸秆禁烧会话无法恢复，已重新开始（${err.message}）`;
  }
  try {
    await Promise.all([panel.showFiles(), panel.drawCorridors(), panel.showRecords()]);
    if (!panel.teamsBody.children.length) panel.showTeams(await api.strawTeams());
  } catch (err) {
    warning = warning || `秸秆禁烧会话：${err.message}`;
  }
  if (warning) {
    panel.restoreNote.textContent = warning;
    setStatus(warning, true);
  }
  return warning;
}

/** A new straw session: the core's and the page's. */
async function reset(panel) {
  await api.strawReset();
  panel.inputs = [];
  panel.jurisdiction = { kind: 'none' };
  panel.corridorSource = { kind: 'demo' };
  panel.incidents = [];
  panel.plan = null;
  panel.selected = null;
  for (const g of Object.values(panel.group)) g.clearLayers();
  panel.render();
  if (panel.settings) panel.renderWeights();
  panel.useLayerLabel.textContent = ` 使用火点图层（${fmt.int(panel.layerCount)} 个）`;
}

/** Reads the saved files again, then puts the form and the core's snapshot back. */
async function replay(panel, s) {
  const unread = [];
  for (const { entry, bytes } of s.inputs) {
    const rep = entry.op === 'file' ? await api.strawAddFireFile(entry.name, bytes, entry.crs) : await api.strawAddManual(entry.text, entry.crs);
    if (rep.loaded > 0) panel.inputs.push(entry);
    else unread.push(entry.name || '人工点');
  }
  const j = s.jurisdiction.entry;
  if (j.kind === 'box') await api.strawSetJurisdictionBox(...j.bbox);
  if (j.kind === 'file') await api.strawSetJurisdiction(j.name, s.jurisdiction.bytes);
  panel.jurisdiction = j;
  if (s.corridors.entry.kind === 'file') await api.strawSetCorridors(s.corridors.entry.name, s.corridors.bytes);
  panel.corridorSource = s.corridors.entry;
  restoreForm(panel, s.form);
  if (j.kind === 'box') panel.areaNote.dataset.bbox = j.bbox.join(',');
  if (s.teams) for (const row of s.teams) panel.addTeamRow(teamRow(row));
  const out = await api.strawRestoreSnapshot(s.core);
  panel.incidents = out.incidents;
  panel.incidentSummary.textContent = s.summary;
  panel.incidentSummary.dataset.count = String(out.incidents.length);
  panel.renderIncidents();
  panel.drawIncidents();
  if (out.plan) {
    panel.plan = out.plan;
    panel.renderPlan();
    panel.publish();
  }
  if (unread.length) throw new Error(`${unread.join('、')} 没有读出火点`);
}
