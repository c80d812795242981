// The monthly 走航 plan tab (月度走航计划): month, seed, pollution episodes and excluded days; the
// rule set as a Chinese form (ui/month_rules.js) with its JSON as the 高级 view, saved and loaded
// as JSON; a progress bar while the worker plans; then a month calendar (runs per day and
// vehicle), the compliance table rule by rule (each row explained in one sentence), each run's
// route on the map along roads with measured and transit kilometres, and the plan published to
// the export tab.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { api } from '../api.js';
import { clear, download, el, setStatus } from './dom.js';
import { MonthRulesForm, fieldLabel } from './month_rules.js';

const COLORS = { vocs: '#7c3aed', road_dust: '#a16207' };
const t = (id) => ({ dataset: { testid: id } });

function nextMonth() {
  const d = new Date();
  const m = d.getMonth() + 2; // next month, 1-based
  const y = d.getFullYear() + (m > 12 ? 1 : 0);
  return `${y}-${String(((m - 1) % 12) + 1).padStart(2, '0')}`;
}

export class MonthPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.map = mapView;
    this.app = app;
    this.layer = L.layerGroup().addTo(mapView.map);
    this.targets = null;
    this.plan = null;
    this.render();
    if (app && app.field) app.field.onChange(() => this.plan && this.drawFieldDone(this.plan));
    // The tab's settings and last plan survive a reload (workspace store, IndexedDB).
    if (app && app.store) {
      app.store.register('month', {
        save: () => ({
          month: this.month.value,
          seed: this.seed.value,
          episodes: this.episodes.value,
          exclude: this.exclude.value,
          rules: this.rulesText.value,
          plan: this.plan,
        }),
        restore: (d) => {
          if (!d) return;
          this.month.value = d.month || this.month.value;
          this.seed.value = d.seed || 1;
          this.episodes.value = d.episodes || '';
          this.exclude.value = d.exclude || '';
          if (d.rules) this.setRulesText(d.rules);
          if (d.plan) {
            this.plan = d.plan;
            this.show(d.plan);
          }
        },
      });
      for (const input of [this.month, this.seed, this.episodes, this.exclude, this.rulesText]) {
        input.addEventListener('change', () => app.store.changed());
      }
    }
  }

  render() {
    const r = clear(this.root);
    r.append(el('h2', {}, '月度走航计划'));
    this.month = el('input', { type: 'month', value: nextMonth(), ...t('month-month') });
    this.seed = el('input', { type: 'number', min: 0, step: 1, value: 1, ...t('month-seed') });
    this.episodes = el('input', { type: 'text', placeholder: '2026-06-10..2026-06-14，多个用逗号分隔', ...t('month-episodes') });
    this.exclude = el('input', { type: 'text', placeholder: '2026-06-03,2026-06-04（降雨、节假日）', ...t('month-exclude') });
    r.append(
      el('div', { class: 'form-grid' }, [
        el('label', {}, '月份'), this.month,
        el('label', {}, '污染过程'), this.episodes,
        el('label', {}, '本月排除日期'), this.exclude,
        el('label', {}, '随机种子'), el('span', {}, [this.seed, ' 换一个种子得到另一份同样合规的计划（四不两直）']),
      ]),
    );
    this.rulesText = el('textarea', {
      rows: 14,
      spellcheck: false,
      class: 'code',
      ...t('month-rules'),
      onchange: () => {
        this.syncForm();
        this.checkRules();
      },
    });
    this.rulesIssues = el('div', { class: 'rules-check', ...t('month-rules-check') });
    this.rulesStale = el('div', { class: 'bad-text', hidden: true, ...t('month-rules-stale') });
    this.rulesForm = new MonthRulesForm(el('div', { class: 'rules-form', ...t('month-rules-form') }), () => this.formEdited());
    const rulesFile = el('input', { type: 'file', accept: '.json,application/json', hidden: true, onchange: (e) => this.loadRules(e) });
    r.append(
      el('details', { class: 'rules', ...t('month-rules-details') }, [
        el('summary', {}, '规则设置（默认：苏州 2023 年大气污染防治方案）'),
        el('p', { class: 'hint' },
          '按本地方案修改各项；每项写明单位和范围，填错时在该项下方提示。修改后点“检查规则”或直接生成计划。'),
        this.rulesStale,
        this.rulesForm.root,
        this.rulesIssues,
        el('details', { class: 'advanced', ...t('month-rules-advanced') }, [
          el('summary', {}, '高级：以 JSON 查看和编辑（与上方表单同步）'),
          el('p', { class: 'muted' }, '改完后点输入框外任意处，表单随之更新；保存的规则文件就是这段 JSON。'),
          this.rulesText,
        ]),
        el('div', { class: 'actions' }, [
          el('button', { class: 'secondary', ...t('month-rules-check-button'), onclick: () => this.checkRules() }, '检查规则'),
          el('button', { class: 'secondary', ...t('month-rules-reset'), onclick: () => this.resetRules() }, '恢复默认'),
          el('button', { class: 'secondary', onclick: () => rulesFile.click() }, '载入规则…'),
          el('button', { class: 'secondary', onclick: () => download('走航规则.json', this.rulesText.value, 'application/json') }, '保存规则'),
          rulesFile,
        ]),
      ]),
    );
    r.append(
      el('div', { class: 'actions' }, [
        el('button', { class: 'primary', ...t('month-run'), onclick: () => this.run() }, '生成计划'),
        el('button', { class: 'secondary', ...t('month-reseed'), onclick: () => { this.seed.value = Number(this.seed.value || 0) + 1; this.run(); } }, '换一份'),
      ]),
    );
    this.progress = el('progress', { max: 1, value: 0, hidden: true, ...t('month-progress') });
    this.stage = el('span', { class: 'hint' });
    r.append(el('div', {}, [this.progress, ' ', this.stage]));
    this.calendar = el('div', { class: 'month-calendar', ...t('month-calendar') });
    this.compliance = el('div', t('month-compliance'));
    this.notes = el('div', { class: 'hint' });
    this.runs = el('div', { class: 'list-wrap', ...t('month-runs') });
    r.append(this.calendar, this.compliance, this.notes, this.runs);
  }

  async ensureDefaults() {
    if (this.defaults) return;
    const d = await api.monthDefaults();
    this.defaults = d;
    this.targets = this.targets || d.targets;
    if (!this.rulesText.value.trim()) this.setRulesText(JSON.stringify(d.rules, null, 2));
  }

  /** Puts rule JSON into the 高级 view and the form. */
  setRulesText(text) {
    this.rulesText.value = text;
    this.syncForm();
  }

  /** Reads the 高级 view into the form; a text that is not JSON leaves the form marked stale. */
  syncForm() {
    let model = null;
    try {
      model = JSON.parse(this.rulesText.value || '{}');
    } catch (err) {
      this.rulesStale.hidden = false;
      this.rulesStale.textContent = `JSON 有误，表单未更新：${err.message}。请在“高级”中改正，或点“恢复默认”。`;
      return;
    }
    if (!model || typeof model !== 'object' || Array.isArray(model)) {
      this.rulesStale.hidden = false;
      this.rulesStale.textContent = 'JSON 不是规则集（应为 { … } 对象），表单未更新。';
      return;
    }
    this.rulesStale.hidden = true;
    this.rulesForm.show(model);
  }

  /** The form changed a field: the 高级 view follows, the store saves, the core checks. */
  formEdited() {
    this.rulesText.value = this.rulesForm.json();
    if (this.app && this.app.store) this.app.store.changed();
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => this.checkRules(), 250);
  }

  async onData() {
    // The demo targets follow the loaded layers: fetch them again before the next plan.
    this.targets = null;
    this.defaults = null;
    if (!this.rulesText.value.trim()) {
      // the default rule set, without preparing the road network yet
      const res = await api.monthCheckRules('{}');
      if (res.rules && !this.rulesText.value.trim()) this.setRulesText(JSON.stringify(res.rules, null, 2));
    }
  }

  async resetRules() {
    const res = await api.monthCheckRules('{}');
    this.setRulesText(JSON.stringify(res.rules, null, 2));
    clear(this.rulesIssues);
    if (this.app.store) this.app.store.changed();
  }

  async loadRules(e) {
    const f = e.target.files && e.target.files[0];
    if (!f) return;
    this.setRulesText(await f.text());
    e.target.value = '';
    await this.checkRules();
  }

  /** Parses and checks the rule text; returns the rules or null (problems shown). */
  async checkRules() {
    clear(this.rulesIssues);
    const formIssues = this.rulesForm.model && this.rulesStale.hidden ? this.rulesForm.formIssues() : [];
    const res = formIssues.length ? { issues: [] } : await api.monthCheckRules(this.rulesText.value);
    if (this.rulesStale.hidden) this.rulesForm.showIssues(res.issues);
    const all = [...formIssues, ...res.issues];
    if (all.length) {
      this.rulesIssues.append(el('div', { class: 'bad-text' }, `规则有 ${all.length} 处需要修改：`));
      const list = el('ul', { class: 'issues' });
      for (const i of all) {
        const where = i.field ? `${fieldLabel(i.field)}${i.row && /^(vehicles|class_frequencies)\./.test(i.field) ? `（第 ${i.row} 项）` : ''}：` : '';
        const line = i.field || !i.row ? '' : `（JSON 第 ${i.row} 行）`;
        list.append(el('li', {}, `${where}${i.message}${i.action ? `（${i.action}）` : ''}${line}`));
      }
      this.rulesIssues.append(list);
      return null;
    }
    this.rulesIssues.append(el('span', { class: 'ok-text', ...t('month-rules-ok') }, '✓ 规则有效'));
    return res.rules;
  }

  async run() {
    try {
      await this.ensureDefaults();
      if (!this.targets) this.targets = (await api.monthDefaults()).targets;
      const rules = await this.checkRules();
      if (!rules) {
        // the messages sit at their fields: open the rules so they are seen
        this.rulesIssues.closest('details').open = true;
        setStatus('规则有误，请按提示修改', true);
        return;
      }
      const exclude = this.exclude.value.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);
      rules.excluded_days = [...new Set([...(rules.excluded_days || []), ...exclude])];
      const request = {
        month: this.month.value,
        seed: Number(this.seed.value || 1),
        episodes: this.episodes.value.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean),
        rules,
        targets: this.targets,
      };
      this.progress.hidden = false;
      this.progress.value = 0;
      const stages = { schedule: '排定日期', targets: '目标上路网', matrix: '道路距离矩阵', solve: '优化路线', routes: '生成路线', done: '完成' };
      const t0 = performance.now();
      const plan = await api.planMonth(request, (p) => {
        this.progress.value = p.fraction;
        this.stage.textContent = stages[p.stage] || p.stage;
      });
      const ms = Math.round(performance.now() - t0);
      this.progress.value = 1;
      this.plan = plan;
      this.root.dataset.elapsedMs = String(ms);
      this.show(plan);
      this.app.plans.set('month', plan.plan);
      if (this.app.store) this.app.store.changed();
      const ok = plan.compliance.every((c) => c.ok);
      setStatus(`${plan.month} 走航计划：${plan.runs.length} 次走航，${ok ? '全部规则满足' : '有规则未满足'}（${(ms / 1000).toFixed(1)} s）`, !ok);
    } catch (err) {
      setStatus(`走航计划失败：${err.message}`, true);
    } finally {
      this.progress.hidden = true;
      this.stage.textContent = '';
    }
  }

  show(plan) {
    this.drawCalendar(plan);
    this.drawCompliance(plan);
    clear(this.notes);
    const cov = plan.coverage;
    this.notes.append(
      el('div', {}, `覆盖：VOCs 目标 ${cov.vocs_visited}/${cov.vocs_total}；积尘道路 ${cov.roads_covered}/${cov.roads_total} 段（${cov.roads_covered_km.toFixed(1)}/${cov.roads_total_km.toFixed(1)} km）`),
    );
    for (const n of plan.notes) this.notes.append(el('div', {}, `说明：${n}`));
    for (const m of cov.vocs_missed) this.notes.append(el('div', {}, `未安排：${m[1]}（${m[2]}）`));
    this.drawRuns(plan);
    this.drawMap(plan);
  }

  drawCalendar(plan) {
    const c = clear(this.calendar);
    const [y, m] = plan.month.split('-').map(Number);
    const days = new Date(y, m, 0).getDate();
    const firstDow = (new Date(y, m - 1, 1).getDay() + 6) % 7; // Monday = 0
    const grid = el('div', { class: 'cal-grid' });
    for (const w of ['一', '二', '三', '四', '五', '六', '日']) grid.append(el('div', { class: 'cal-head' }, `周${w}`));
    for (let i = 0; i < firstDow; i++) grid.append(el('div', { class: 'cal-day empty' }));
    const excluded = new Set(this.plan && this.plan.rules ? this.plan.rules.excluded_days : []);
    let rules = {};
    try {
      rules = JSON.parse(this.rulesText.value || '{}') || {};
    } catch {
      // the 高级 view holds text that is not JSON: its days are shown once it is corrected
    }
    for (const d of rules.excluded_days || []) excluded.add(d);
    for (const d of (this.exclude.value || '').split(/[,，\s]+/)) if (d) excluded.add(d.trim());
    for (let d = 1; d <= days; d++) {
      const date = `${plan.month}-${String(d).padStart(2, '0')}`;
      const cell = el('div', { class: `cal-day${excluded.has(date) ? ' excluded' : ''}`, dataset: { date, testid: `cal-${date}` } }, [el('div', { class: 'cal-num' }, String(d))]);
      for (const run of plan.runs.filter((r) => r.date === date)) {
        cell.append(
          el('button', {
            class: `cal-run ${run.type}${run.reason === 'episode' ? ' episode' : ''}`,
            dataset: { type: run.type, reason: run.reason, run: run.id },
            title: `${run.type_label}｜${run.vehicle_name}｜走航 ${run.measured_km} km，转场 ${run.transit_km} km`,
            onclick: () => this.focusRun(run.id),
          }, `${run.type === 'vocs' ? 'VOCs' : '积尘'}${run.reason === 'episode' ? '·加密' : ''} ${run.vehicle}`),
        );
      }
      if (excluded.has(date)) cell.append(el('div', { class: 'cal-note' }, '排除'));
      grid.append(cell);
    }
    c.append(grid);
  }

  drawCompliance(plan) {
    const c = clear(this.compliance);
    c.append(el('h3', {}, `合规检查（${plan.month}）`));
    const table = el('table', { class: 'grid compliance' }, [
      el('thead', {}, el('tr', {}, ['规则与说明', '要求', '计划', '结果'].map((h) => el('th', {}, h)))),
    ]);
    const body = el('tbody');
    for (const row of plan.compliance) {
      // plans saved before the explanations existed fall back to the note alone
      const explain = row.explain || row.note;
      const note = row.explain && row.note && !row.ok ? row.note : '';
      body.append(
        el('tr', { class: row.ok ? 'ok' : 'bad', dataset: { ok: String(row.ok) } }, [
          el('td', {}, [
            el('div', { class: 'rule-name' }, row.rule),
            el('div', { class: 'explain', ...t('month-compliance-explain') }, explain),
            note ? el('div', { class: 'muted' }, note) : null,
          ]),
          el('td', { class: 'num' }, String(row.required)),
          el('td', { class: 'num' }, String(row.planned)),
          el('td', { class: 'verdict' }, row.ok ? '✓ 满足' : '✗ 未满足'),
        ]),
      );
    }
    table.append(body);
    c.append(table);
    this.complianceBody = body;
    this.drawFieldDone(plan);
  }

  /** Adds to the compliance table, per run type, the runs the field reported done (records
   *  imported from team mode, www/ui/field_records.js): 已完成 n/计划 m. */
  async drawFieldDone(plan) {
    const field = this.app && this.app.field;
    const body = this.complianceBody;
    if (!field || !body || !plan || !plan.runs) return;
    // the runs are the published month plan's routes (same ids), so the log's route ids match
    const progress = this.app.plans.get('month') ? await field.progress('month').catch(() => []) : [];
    if (body !== this.complianceBody) return; // redrawn meanwhile
    for (const row of body.querySelectorAll('[data-testid=month-done-row]')) row.remove();
    const done = new Set(progress.filter((p) => p.complete).map((p) => p.route_id));
    const types = new Map();
    for (const run of plan.runs) {
      const t = types.get(run.type_label) || { planned: 0, done: 0 };
      t.planned += 1;
      t.done += done.has(run.id) ? 1 : 0;
      types.set(run.type_label, t);
    }
    for (const [label, t] of types) {
      // the table's four columns: what and its sentence, planned, done, state
      body.append(el('tr', { class: t.done >= t.planned ? 'ok' : '', dataset: { testid: 'month-done-row', type: label, done: String(t.done), planned: String(t.planned) } }, [
        el('td', {}, [
          el('div', { class: 'rule-name' }, `${label}：已执行（巡查端回传）`),
          el('div', { class: 'explain' }, `${plan.month} 计划 ${t.planned} 次，巡查端回传已完成 ${t.done} 次（已完成 ${t.done}/计划 ${t.planned}）${progress.length ? '' : '；尚未导入巡查记录'}。`),
        ]),
        el('td', { class: 'num' }, String(t.planned)),
        el('td', { class: 'num' }, String(t.done)),
        el('td', { class: 'verdict' }, t.done >= t.planned ? '✓ 已完成' : '执行中'),
      ]));
    }
  }

  drawRuns(plan) {
    const c = clear(this.runs);
    c.append(el('h3', {}, '走航路线'));
    const table = el('table', { class: 'grid' }, [
      el('thead', {}, el('tr', {}, ['日期', '类型', '车辆', '目标/路段', '走航 km', '转场 km', '时间'].map((h) => el('th', {}, h)))),
    ]);
    const body = el('tbody');
    for (const run of plan.runs) {
      body.append(
        el('tr', { dataset: { run: run.id }, onclick: () => this.focusRun(run.id) }, [
          el('td', {}, `${run.date.slice(5)} ${run.weekday}`),
          el('td', {}, run.type_label + (run.reason === 'episode' ? '（加密）' : '')),
          el('td', {}, run.vehicle_name),
          el('td', { class: 'num' }, String(Math.max(0, run.stops.length - 2))),
          el('td', { class: 'num' }, run.measured_km.toFixed(1)),
          el('td', { class: 'num' }, run.transit_km.toFixed(1)),
          el('td', {}, `${run.start}–${run.end}`),
        ]),
      );
    }
    table.append(body);
    c.append(table);
    c.append(el('div', { class: 'actions' }, [
      el('button', { class: 'secondary', onclick: () => download(`${plan.month}-走航计划.json`, JSON.stringify(plan, null, 1), 'application/json') }, '下载计划 JSON'),
      el('button', { class: 'secondary', onclick: () => this.app.showTab('export') }, '导出 GPX/KML/路线单…'),
    ]));
  }

  drawMap(plan, only = null) {
    this.layer.clearLayers();
    const bounds = [];
    for (const run of plan.runs) {
      if (only && run.id !== only) continue;
      const pts = run.geometry.map(([lon, lat]) => [lat, lon]);
      if (pts.length < 2) continue;
      L.polyline(pts, { color: COLORS[run.type] || '#334155', weight: only ? 4 : 2.5, opacity: only ? 0.95 : 0.7 })
        .bindTooltip(`${run.date} ${run.type_label}｜走航 ${run.measured_km} km / 转场 ${run.transit_km} km`)
        .addTo(this.layer);
      bounds.push(...pts);
      for (const s of run.stops) {
        if (s.kind === 'depot') continue;
        L.circleMarker([s.lat, s.lon], { radius: 4, color: COLORS[run.type], weight: 1, fillOpacity: 0.8 })
          .bindTooltip(`${s.arrival} ${s.name}`)
          .addTo(this.layer);
      }
    }
    if (bounds.length) this.map.map.fitBounds(L.latLngBounds(bounds), { padding: [20, 20] });
  }

  focusRun(id) {
    if (!this.plan) return;
    this.drawMap(this.plan, id);
    for (const tr of this.runs.querySelectorAll('tr[data-run]')) tr.classList.toggle('selected', tr.dataset.run === id);
  }
}
