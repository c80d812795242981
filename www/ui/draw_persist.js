// The 双随机 tab in the workspace (store section 'draw', IndexedDB and the workspace file). The
// registers and the draw live in the worker's core, so the tab is kept as the inputs that made
// it: the imported register files (bytes, name, coordinate system; none = the demo register),
// the rules form, the seed field, the last draw (its seed, rules, time and the core's result
// text) and the route settings with the last planning (its settings and plan). Restoring
// replays them through the api: the draw and the route solver are deterministic (same registers,
// seed and rules give the same result), and the replayed result and routes are compared with
// the saved ones; any difference is said on the status line and in the tab, never hidden.
import { api } from '../api.js';
import { bytesFromJson, WorkspaceError } from '../store.js';
import { clear, el } from './dom.js';
import { CLASSES } from './draw_rules.js';

/** The version of this section's data. */
const SECTION_VERSION = 1;
const KINDS = ['enterprises', 'inspectors'];
const LABEL = { enterprises: '企业名录', inspectors: '执法人员名录' };
const CRS = new Set(['wgs84', 'gcj02', 'bd09']);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const fail = (message) => new WorkspaceError(`双随机：${message}`);

/** Registers the tab's section on the workspace store. */
export function registerDrawSection(store, panel) {
  store.register('draw', {
    save: () => saveDraw(panel),
    validate: (data) => {
      checkDrawSection(data);
    },
    restore: (data) => restoreDraw(store, panel, data),
  });
}

function saveDraw(panel) {
  // raw bytes: IndexedDB keeps them as they are, the workspace file writes them as base64
  const file = (s) => s && { name: s.name, crs: s.crs, bytes: s.bytes };
  const sum = panel.summary;
  return {
    version: SECTION_VERSION,
    registers: { enterprises: file(panel.sources.enterprises), inspectors: file(panel.sources.inspectors) },
    fingerprints: sum ? { enterprises: sum.enterprises.canonical_sha256, inspectors: sum.inspectors.canonical_sha256 } : null,
    rules: panel.rulesForm.rules(),
    seed: panel.seed.value,
    draw: panel.lastRun,
    routes: { form: panel.routesPart.formState(), run: panel.routesPart.lastRun },
  };
}

function checkRules(rules, what) {
  if (!isObject(rules) || !isObject(rules.classes)) throw fail(`${what}格式不正确`);
  for (const c of CLASSES) {
    if (!isObject(rules.classes[c])) throw fail(`${what}缺少「${c}」类的比例`);
  }
}

/** Checks the section's data; returns it with the register bytes decoded, or throws a
 *  WorkspaceError naming what is wrong. Changes nothing. */
export function checkDrawSection(d) {
  if (!isObject(d)) throw fail('数据格式不正确');
  if (d.version !== SECTION_VERSION) throw fail(`不支持的数据版本「${d.version ?? '无'}」（本程序为 ${SECTION_VERSION}）`);
  const regs = d.registers ?? {};
  if (!isObject(regs)) throw fail('名录部分格式不正确');
  const registers = {};
  for (const kind of KINDS) {
    const r = regs[kind];
    if (r === null || r === undefined) {
      registers[kind] = null;
      continue;
    }
    if (!isObject(r) || typeof r.name !== 'string') throw fail(`${LABEL[kind]}格式不正确（缺少文件名）`);
    if (!CRS.has(r.crs)) throw fail(`${LABEL[kind]}「${r.name}」：未知坐标系「${r.crs}」`);
    registers[kind] = { name: r.name, crs: r.crs, bytes: bytesFromJson(r.bytes, `双随机：${LABEL[kind]}「${r.name}」`) };
  }
  if (d.fingerprints != null && !isObject(d.fingerprints)) throw fail('名录指纹格式不正确');
  if (d.rules != null) checkRules(d.rules, '抽查规则');
  if (d.seed != null && typeof d.seed !== 'string') throw fail('种子格式不正确');
  if (d.draw != null) {
    const r = d.draw;
    if (!isObject(r) || typeof r.seed !== 'string' || typeof r.json !== 'string' || typeof r.ok !== 'boolean') {
      throw fail('上次抽取的记录格式不正确（缺少种子或结果）');
    }
    if (r.drawn_at != null && typeof r.drawn_at !== 'string') throw fail('上次抽取的时间格式不正确');
    checkRules(r.rules, '上次抽取的规则');
  }
  if (d.routes != null) {
    const r = d.routes;
    if (!isObject(r) || (r.form != null && !isObject(r.form))) throw fail('排线设置格式不正确');
    if (r.run != null && (!isObject(r.run) || !isObject(r.run.settings) || (r.run.plan !== null && !isObject(r.run.plan)))) {
      throw fail('上次排线的记录格式不正确');
    }
  }
  return { registers, fingerprints: d.fingerprints ?? null, rules: d.rules ?? null, seed: d.seed ?? '', draw: d.draw ?? null, routes: d.routes ?? null };
}

/** What differs between two results of the core's draw (its `--json` text), in words. */
export function drawDifferences(savedText, againText) {
  if (savedText === againText) return [];
  let saved;
  let again;
  try {
    saved = JSON.parse(savedText);
    again = JSON.parse(againText);
  } catch {
    return ['结果文本不同'];
  }
  const out = [];
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (saved.ok === false || again.ok === false || !saved.selected || !again.selected) {
    return [saved.selected ? '现在无法抽取' : '保存时未能抽取，现在结果不同'];
  }
  if (saved.algorithm_version !== again.algorithm_version) out.push(`算法版本由 ${saved.algorithm_version} 变为 ${again.algorithm_version}`);
  const regs = [saved.registers || {}, again.registers || {}];
  if (regs[0].enterprises_sha256 !== regs[1].enterprises_sha256) out.push('企业名录指纹不同');
  if (regs[0].inspectors_sha256 !== regs[1].inspectors_sha256) out.push('执法人员名录指纹不同');
  if (!same(saved.selected, again.selected)) {
    const before = new Set(saved.selected);
    const changed = again.selected.filter((id) => !before.has(id)).length;
    out.push(`抽中企业不同（保存 ${saved.selected.length} 家，现为 ${again.selected.length} 家，${changed} 家不在保存的名单中）`);
  }
  if (!same(saved.teams, again.teams)) out.push('检查组不同');
  if (!out.length) out.push('结果文本不同');
  return out;
}

/** Puts the tab back as saved (data undefined: the workspace has none, so the tab starts
 *  afresh). Never throws: problems go to the status line (store.warn) and the tab's note. */
async function restoreDraw(store, panel, data) {
  const problems = [];
  clear(panel.restoreNote);
  panel.restoring = true; // a restored draw does not move the map
  try {
    await panel.ready;
    await api.resetDrawRegisters();
    panel.sources = { enterprises: null, inspectors: null };
    clear(panel.reports);
    panel.clearResult();
    if (data === undefined) {
      await panel.rulesForm.applyPreset('city');
      panel.seed.value = '';
    } else {
      await replay(panel, checkDrawSection(data), problems);
    }
  } catch (err) {
    problems.push(err instanceof WorkspaceError ? err.message.replace(/^双随机：/, '') : `恢复失败：${err.message || err}`);
  }
  try {
    await panel.refreshRegisters();
  } catch (err) {
    problems.push(`名录无法显示：${err.message || err}`);
  }
  panel.restoring = false;
  if (problems.length) {
    panel.restoreNote.append(
      el('div', { class: 'report bad' }, [el('div', {}, '恢复工作区时：'), ...problems.map((p) => el('div', {}, `· ${p}`))]),
    );
    store.warn(`双随机：${problems.join('；')}`);
  }
}

async function replay(panel, s, problems) {
  for (const kind of KINDS) {
    const src = s.registers[kind];
    if (!src) continue;
    try {
      const report = await api.importDrawRegister(kind, src.name, src.bytes, src.crs);
      if (report.loaded > 0) panel.sources[kind] = src;
      else problems.push(`${LABEL[kind]}「${src.name}」无法重新导入（${(report.errors[0] || {}).message || '没有可用的行'}），已改用演示名录`);
    } catch (err) {
      problems.push(`${LABEL[kind]}「${src.name}」无法重新导入：${err.message || err}，已改用演示名录`);
    }
  }
  await panel.refreshRegisters();
  for (const kind of KINDS) {
    const want = s.fingerprints && s.fingerprints[kind];
    if (want && panel.summary[kind].canonical_sha256 !== want) problems.push(`${LABEL[kind]}的内容指纹与保存时不同`);
  }
  if (s.rules) {
    try {
      panel.rulesForm.setRules(s.rules);
    } catch {
      problems.push('抽查规则无法恢复，已改用市级预设');
      await panel.rulesForm.applyPreset('city');
    }
  }
  panel.seed.value = s.seed;
  if (s.routes && s.routes.form) panel.routesPart.setFormState(s.routes.form);
  if (!s.draw) return;
  // the same registers, seed and rules: the same draw; say so when it is not
  const answer = await panel.execute(s.draw.seed, s.draw.rules, s.draw.drawn_at ?? null);
  const diffs = answer ? drawDifferences(s.draw.json, answer.json) : ['保存的规则无法读取'];
  if (diffs.length) {
    problems.push(`按保存的种子「${s.draw.seed}」重新抽取，结果与保存的不一致：${diffs.join('，')}（屏幕上是重新抽取的结果）`);
  }
  const run = s.routes && s.routes.run;
  if (!run || !answer || !answer.ok) return;
  const routes = await panel.routesPart.plan(run.settings);
  const same = routes && (routes.ok ? JSON.stringify(routes.routes.plan) === JSON.stringify(run.plan) : run.plan === null);
  if (!same) problems.push('按保存的设置重新排出的检查路线与保存的不一致（屏幕上是重新排出的路线）');
}
