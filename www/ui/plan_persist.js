// The 路线规划 tab in the workspace (store section 'planner', IndexedDB and the workspace file):
// the draft as the user left it. Everything the tab holds is already plain data on the page —
// the form (station, radius, categories, teams, shift, stop time, speed, search time), the
// candidate stops and which are chosen, the base, the last solver answer and the edited routes
// with their locks — so it is kept as it is and put back without asking the core.
import { WorkspaceError } from '../store.js';

/** The version of this section's data. */
const SECTION_VERSION = 1;
const LOCKS = new Set(['none', 'route', 'position']);
/** The form's inputs kept as typed. */
const FORM_FIELDS = ['station', 'radius', 'teams', 'shiftStart', 'shiftEnd', 'service', 'speed', 'seconds'];

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isPoint = (p) => isObject(p) && Number.isFinite(p.lon) && Number.isFinite(p.lat);
const fail = (message) => new WorkspaceError(`路线规划：${message}`);

/** Registers the tab's section on the workspace store. */
export function registerPlannerSection(store, panel) {
  store.register('planner', {
    save: () => savePlanner(panel),
    validate: (data) => {
      checkPlannerSection(data);
    },
    restore: (data) => restorePlanner(store, panel, data),
  });
}

function savePlanner(panel) {
  const form = {};
  for (const k of FORM_FIELDS) form[k] = panel[k].value;
  form.categories = panel.cats.filter((c) => c.checked).map((c) => c.value);
  return {
    version: SECTION_VERSION,
    form,
    candidates: panel.candidates,
    selected: [...panel.selected],
    base: panel.base,
    base_label: panel.baseLabel.textContent,
    plan: panel.plan,
    draft: panel.draft,
  };
}

/** Checks the section's data; throws a WorkspaceError naming what is wrong. Changes nothing. */
export function checkPlannerSection(d) {
  if (!isObject(d)) throw fail('数据格式不正确');
  if (d.version !== SECTION_VERSION) throw fail(`不支持的数据版本「${d.version ?? '无'}」（本程序为 ${SECTION_VERSION}）`);
  if (d.form != null && !isObject(d.form)) throw fail('表单设置格式不正确');
  if (d.form && d.form.categories != null && !Array.isArray(d.form.categories)) throw fail('类别格式不正确');
  const candidates = d.candidates ?? [];
  if (!Array.isArray(candidates)) throw fail('候选点列表格式不正确');
  candidates.forEach((c, i) => {
    if (!isPoint(c) || typeof c.id !== 'string') throw fail(`第 ${i + 1} 个候选点格式不正确（需要 id、经纬度）`);
  });
  const selected = d.selected ?? [];
  if (!Array.isArray(selected) || selected.some((id) => typeof id !== 'string')) throw fail('已选点列表格式不正确');
  if (d.base != null && !isPoint(d.base)) throw fail('基地位置格式不正确');
  if (d.draft != null) {
    if (!Array.isArray(d.draft)) throw fail('路线草稿格式不正确');
    d.draft.forEach((r, i) => {
      if (!isObject(r) || typeof r.vehicle !== 'string' || !Array.isArray(r.stops)) throw fail(`路线草稿第 ${i + 1} 条格式不正确`);
      r.stops.forEach((s, k) => {
        if (!isObject(s) || typeof s.id !== 'string' || !LOCKS.has(s.lock)) throw fail(`路线草稿第 ${i + 1} 条第 ${k + 1} 个点格式不正确`);
      });
    });
  }
  if (d.plan != null) {
    const p = d.plan;
    if (!isObject(p) || !Array.isArray(p.routes) || !Array.isArray(p.unassigned) || !isObject(p.summary) || !isObject(p.check)) {
      throw fail('上次规划的结果格式不正确');
    }
    p.routes.forEach((r, i) => {
      if (!isObject(r) || typeof r.vehicle !== 'string' || !Array.isArray(r.stops)) throw fail(`上次规划的第 ${i + 1} 条路线格式不正确`);
    });
    if (!d.draft) throw fail('有规划结果但缺少路线草稿');
  }
}

/** Puts the tab back as saved (data undefined: the workspace has none, so the tab starts
 *  afresh). Never throws: a problem goes to the status line (store.warn). */
function restorePlanner(store, panel, data) {
  panel.reset();
  if (data === undefined) return;
  try {
    checkPlannerSection(data);
    const form = data.form || {};
    for (const k of FORM_FIELDS) if (typeof form[k] === 'string') panel[k].value = form[k];
    if (typeof form.station === 'string' && panel.station.value !== form.station) panel.wantStation = form.station;
    if (form.categories) for (const c of panel.cats) c.checked = form.categories.includes(c.value);
    panel.candidates = data.candidates || [];
    panel.selected = new Set(data.selected || []);
    panel.base = data.base || null;
    if (typeof data.base_label === 'string' && data.base_label) panel.baseLabel.textContent = data.base_label;
    panel.plan = data.plan || null;
    panel.draft = data.plan ? data.draft : null;
    if (panel.candidates.length) panel.renderCandidates();
    panel.renderPlan();
    panel.reoptBtn.disabled = !panel.plan;
    panel.draw();
  } catch (err) {
    panel.reset();
    const message = err instanceof WorkspaceError ? err.message : `路线规划：草稿无法恢复（${err.message || err}）`;
    store.warn(`${message}，已清空该页`);
  }
}
