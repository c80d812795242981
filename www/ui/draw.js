// The 双随机 tab (random inspections): the two registers with their fingerprints and import,
// the rules (form, save/load JSON), the published seed, the draw, its result on the list and the
// map, the exports (result JSON identical to the CLI's, audit record JSON/CSV, result CSV) and the
// verification of an audit record. Everything runs in the worker; nothing leaves the browser
// unless the user downloads it.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { api } from '../api.js';
import { clear, download, el, fmt, setStatus } from './dom.js';
import { renderReport } from './layers.js';
import { DrawRoutes } from './draw_routes.js';
import { CLASSES, DrawRulesForm } from './draw_rules.js';
import { registerDrawSection } from './draw_persist.js';

const TEAM_COLORS = ['#dc2626', '#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4d7c0f', '#9a3412', '#1e3a8a'];

/** A file name part from user text: no path or reserved characters, at most 40 characters. */
const safeName = (s) => String(s).replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || 'draw';

export class DrawPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.map = mapView;
    this.app = app;
    this.result = null;
    this.json = null;
    this.names = { enterprises: new Map(), inspectors: new Map() };
    // the register files in use (null: the demo register) and the last draw's inputs and
    // answer, kept for the workspace (www/ui/draw_persist.js)
    this.sources = { enterprises: null, inspectors: null };
    this.lastRun = null;
    this.render();
    this.ready = this.init();
    if (app && app.store) {
      registerDrawSection(app.store, this);
      this.root.addEventListener('change', () => this.changed());
      this.routesPart.onChange = () => this.changed();
      this.rulesForm.onChange = () => this.changed();
    }
  }

  /** Tells the workspace store that the tab changed (it saves a moment later). */
  changed() {
    if (this.app && this.app.store) this.app.store.changed();
  }

  async init() {
    try {
      await this.rulesForm.applyPreset('city');
      await this.refreshRegisters();
    } catch (err) {
      setStatus(`双随机：${err.message}`, true);
    }
  }

  render() {
    const r = clear(this.root);
    r.append(
      el('h2', {}, '双随机抽查（一单两库）'),
      el('p', { class: 'muted' },
        '检查对象和执法人员都由种子抽签决定：同样的名录（按内容指纹识别）、规则和种子，在任何电脑上都得到同样的结果。名录只在本机处理。'),
    );
    // problems met when the tab was restored from the workspace (www/ui/draw_persist.js)
    this.restoreNote = el('div', { dataset: { testid: 'draw-restore-note' } });
    r.append(this.restoreNote);

    // registers
    r.append(el('h2', {}, '名录'));
    this.registers = el('div', { dataset: { testid: 'draw-registers' } }, '…');
    this.importKind = el('select', { dataset: { testid: 'draw-import-kind' } }, [
      el('option', { value: 'enterprises' }, '企业名录（检查对象）'),
      el('option', { value: 'inspectors' }, '执法人员名录'),
    ]);
    this.importCrs = el('select', { dataset: { testid: 'draw-import-crs' } }, [
      el('option', { value: 'wgs84' }, 'WGS-84'),
      el('option', { value: 'gcj02' }, 'GCJ-02（高德、腾讯）'),
      el('option', { value: 'bd09' }, 'BD-09（百度）'),
    ]);
    this.importFile = el('input', {
      type: 'file',
      accept: '.csv,.txt,.json,.geojson',
      dataset: { testid: 'draw-import-file' },
      onchange: (e) => this.importFiles([...e.target.files]),
    });
    this.reports = el('div', { dataset: { testid: 'draw-reports' } });
    r.append(
      this.registers,
      el('div', { class: 'form-grid' }, [
        el('label', {}, '导入为'), this.importKind,
        el('label', {}, '坐标系'), this.importCrs,
        el('label', {}, '文件'), this.importFile,
      ]),
      el('div', { class: 'actions' }, [
        el('button', { class: 'secondary', dataset: { testid: 'draw-reset' }, onclick: () => this.reset() }, '恢复演示名录'),
        el('button', { class: 'secondary', dataset: { testid: 'draw-export-enterprises' }, onclick: () => this.exportRegister('enterprises') }, '导出企业名录 CSV'),
        el('button', { class: 'secondary', dataset: { testid: 'draw-export-inspectors' }, onclick: () => this.exportRegister('inspectors') }, '导出执法人员名录 CSV'),
      ]),
      this.reports,
    );

    // rules (www/ui/draw_rules.js)
    this.rulesForm = new DrawRulesForm(r);

    // seed and draw
    r.append(el('h2', {}, '种子与抽取'));
    this.seed = el('input', { type: 'text', size: 34, placeholder: '如：2026年第三季度 + 公开摇号号码', dataset: { testid: 'draw-seed' } });
    r.append(
      el('div', { class: 'form-grid' }, [
        el('label', {}, '种子'),
        el('span', {}, [
          this.seed, ' ',
          el('button', { class: 'secondary', dataset: { testid: 'draw-seed-gen' }, onclick: () => this.generateSeed() }, '生成种子'),
        ]),
      ]),
      el('p', { class: 'muted' }, '抽取前或抽取时公开种子；任何人用同样的名录和规则都能复现结果。'),
      el('div', { class: 'actions' }, [
        el('button', { class: 'primary', dataset: { testid: 'draw-run' }, onclick: () => this.run() }, '抽取'),
      ]),
    );
    this.resultBox = el('div', { dataset: { testid: 'draw-result' } });
    this.exports = el('div', { class: 'actions' }, [
      el('button', { class: 'secondary', dataset: { testid: 'draw-export-json' }, onclick: () => this.exportResult('json') }, '结果 JSON'),
      el('button', { class: 'secondary', dataset: { testid: 'draw-export-csv' }, onclick: () => this.exportResult('csv') }, '结果 CSV'),
      el('button', { class: 'secondary', dataset: { testid: 'draw-export-audit' }, onclick: () => this.exportResult('audit') }, '审计记录 JSON'),
      el('button', { class: 'secondary', dataset: { testid: 'draw-export-audit-csv' }, onclick: () => this.exportResult('audit-csv') }, '审计记录 CSV（打印）'),
    ]);
    this.exports.style.display = 'none';
    r.append(this.resultBox, this.exports);

    // routes of the drawn teams (www/ui/draw_routes.js)
    const routesBox = el('div', { dataset: { testid: 'draw-routes-section' } });
    r.append(routesBox);
    this.routesPart = new DrawRoutes(routesBox, this.map, (teamId) => this.teamColor(teamId), this.app && this.app.plans);

    // verification
    r.append(el('h2', {}, '核验抽取记录'));
    this.verifyResult = el('div', { dataset: { testid: 'draw-verify-result' } });
    r.append(
      el('p', { class: 'muted' }, '载入审计记录 JSON：用当前名录按记录中的种子和规则重新抽取并比对。'),
      el('input', {
        type: 'file',
        accept: '.json',
        dataset: { testid: 'draw-verify-file' },
        onchange: (e) => {
          this.verify(e.target.files[0]);
          e.target.value = '';
        },
      }),
      this.verifyResult,
    );
  }

  // ---- registers

  async refreshRegisters() {
    const [summary, items] = await Promise.all([api.drawRegisters(), api.drawRegisterItems()]);
    this.summary = summary;
    this.items = items;
    this.names.enterprises = new Map(items.enterprises.map((e) => [e.id, e]));
    this.names.inspectors = new Map(items.inspectors.map((i) => [i.id, i]));
    this.renderRegisters(summary);
  }

  renderRegisters({ enterprises: e, inspectors: i }) {
    const hash = (label, value, testid) =>
      el('div', { class: 'muted', style: 'word-break:break-all' }, [
        `${label} `,
        el('code', { dataset: testid ? { testid } : undefined }, value || '—'),
      ]);
    const districtTable = (rows, withClasses) => {
      const head = withClasses ? ['区县', ...CLASSES, '合计'] : ['区县', '人数'];
      const body = el('tbody');
      for (const d of rows) {
        const cells = withClasses ? [...CLASSES.map((c) => d.counts[c]), d.counts.total] : [d.counts.total];
        body.append(el('tr', {}, [el('td', {}, d.district || '（未填）'), ...cells.map((n) => el('td', { class: 'num' }, n))]));
      }
      return el('details', {}, [
        el('summary', {}, '按区县'),
        el('table', { class: 'grid' }, [el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))), body]),
      ]);
    };
    clear(this.registers).append(
      el('div', { class: 'report' }, [
        el('div', {}, [
          el('strong', {}, '企业名录 '), e.file, ' · ',
          el('span', { dataset: { testid: 'draw-enterprises-count' } }, fmt.int(e.rows)), ' 家 · ',
          CLASSES.map((c) => `${c} ${e.classes[c]}`).join('，'),
        ]),
        hash('内容指纹', e.canonical_sha256, 'draw-enterprises-sha'),
        hash('文件 SHA-256', e.raw_sha256),
        districtTable(e.districts, true),
      ]),
      el('div', { class: 'report' }, [
        el('div', {}, [
          el('strong', {}, '执法人员名录 '), i.file, ' · ',
          el('span', { dataset: { testid: 'draw-inspectors-count' } }, fmt.int(i.rows)), ' 人',
        ]),
        hash('内容指纹', i.canonical_sha256, 'draw-inspectors-sha'),
        hash('文件 SHA-256', i.raw_sha256),
        districtTable(i.districts, false),
      ]),
    );
  }

  async importFiles(files) {
    for (const f of files) {
      try {
        const [kind, crs] = [this.importKind.value, this.importCrs.value];
        const bytes = new Uint8Array(await f.arrayBuffer());
        const report = await api.importDrawRegister(kind, f.name, bytes, crs);
        if (report.loaded > 0) this.sources[kind] = { name: f.name, crs, bytes };
        this.reports.prepend(renderReport(report));
        setStatus(`${f.name}：导入 ${report.loaded} 条，错误 ${report.errors.length} 条`, report.loaded === 0);
      } catch (err) {
        this.reports.prepend(el('div', { class: 'report bad' }, `${f.name}：${err.message}`));
        setStatus(`${f.name} 导入失败：${err.message}`, true);
      }
    }
    this.importFile.value = '';
    this.clearResult();
    await this.refreshRegisters();
    this.changed();
  }

  async reset() {
    await api.resetDrawRegisters();
    this.sources = { enterprises: null, inspectors: null };
    clear(this.reports);
    this.clearResult();
    await this.refreshRegisters();
    setStatus('已恢复演示名录');
    this.changed();
  }

  async exportRegister(kind) {
    try {
      const name = kind === 'enterprises' ? '企业名录' : '执法人员名录';
      download(`双随机_${name}.csv`, await api.drawRegisterCsv(kind), 'text/csv;charset=utf-8');
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  // ---- seed and draw

  generateSeed() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    this.seed.value = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    this.changed();
  }

  teamColor(teamId) {
    const k = this.result ? this.result.teams.findIndex((t) => t.id === teamId) : -1;
    return TEAM_COLORS[Math.max(k, 0) % TEAM_COLORS.length];
  }

  clearResult() {
    this.routesPart.clear();
    this.routesPart.setEnabled(false);
    this.result = null;
    this.json = null;
    this.lastRun = null;
    clear(this.resultBox);
    this.exports.style.display = 'none';
    this.map.clearOverlay();
  }

  async run() {
    await this.ready;
    clear(this.restoreNote); // a new draw: what the restore said no longer applies
    await this.execute(this.seed.value, this.rulesForm.rules(), new Date().toISOString());
    this.changed();
  }

  /** Draws with a seed and rules (the core's rules object) and shows the answer; `drawnAt` is
   *  the time of the draw (its audit record's). Returns the answer, or null when the core
   *  could not read the rules. */
  async execute(seed, rules, drawnAt) {
    this.clearResult();
    let answer;
    try {
      answer = await api.drawRun(seed, JSON.stringify(rules));
    } catch (err) {
      this.clearResult();
      this.resultBox.append(el('div', { class: 'report bad', dataset: { testid: 'draw-error' } }, err.message));
      setStatus(err.message, true);
      return null;
    }
    this.clearResult();
    this.json = answer.json;
    this.lastRun = { seed, rules, drawn_at: drawnAt, ok: answer.ok, json: answer.json };
    if (!answer.ok) {
      this.renderProblems(answer.problems);
      setStatus(`无法抽取：${answer.problems.length} 个问题`, true);
      return answer;
    }
    this.result = answer.result;
    this.renderResult();
    this.drawMap();
    this.exports.style.display = '';
    this.routesPart.setEnabled(true);
    setStatus(`抽中 ${answer.result.selected.length} 家企业，${answer.result.teams.length} 个检查组`);
    return answer;
  }

  renderProblems(problems) {
    const body = el('tbody');
    for (const p of problems) {
      body.append(el('tr', { dataset: { testid: 'draw-problem', code: p.code } }, [
        el('td', {}, p.code),
        el('td', { class: 'bad' }, p.message),
        el('td', {}, p.action),
      ]));
    }
    this.resultBox.append(
      el('div', { class: 'report' }, [
        el('div', { class: 'bad' }, '无法抽取：'),
        el('table', { class: 'grid', dataset: { testid: 'draw-problems' } }, [
          el('thead', {}, el('tr', {}, [el('th', {}, '代码'), el('th', {}, '原因'), el('th', {}, '怎么改')])),
          body,
        ]),
      ]),
    );
  }

  /** A list of enterprises: the first three, the rest behind a fold. */
  enterpriseList(ids) {
    const labels = ids.map((id) => this.enterpriseLabel(id));
    if (labels.length <= 3) return labels.join('、');
    return el('details', {}, [
      el('summary', {}, `${labels.slice(0, 2).join('、')} 等 ${labels.length} 家`),
      labels.join('、'),
    ]);
  }

  enterpriseLabel(id) {
    const e = this.names.enterprises.get(id);
    return e ? `${id} ${e.name}` : id;
  }

  inspectorLabel(id) {
    const i = this.names.inspectors.get(id);
    return i ? `${i.name}（${id}）` : id;
  }

  renderResult() {
    const r = this.result;
    const box = this.resultBox;
    box.append(
      el('div', { class: 'report', dataset: { testid: 'draw-summary' } }, [
        el('div', {}, [
          '种子「', el('strong', { dataset: { testid: 'draw-result-seed' } }, r.seed), '」 · 抽中 ',
          el('strong', { dataset: { testid: 'draw-selected-count' } }, String(r.selected.length)),
          ' 家 · 检查组 ', el('strong', {}, String(r.teams.length)), ` 个 · ${r.algorithm_version}`,
        ]),
        el('div', { class: 'muted', style: 'word-break:break-all' }, `企业名录指纹 ${r.registers.enterprises_sha256}`),
        el('div', { class: 'muted', style: 'word-break:break-all' }, `执法人员名录指纹 ${r.registers.inspectors_sha256}`),
        ...r.warnings.map((w) => el('div', { class: 'muted', dataset: { testid: 'draw-warning', code: w.code } }, `提示：${w.message}（${w.action}）`)),
      ]),
    );

    const teams = el('tbody');
    r.teams.forEach((t, k) => {
      teams.append(
        el('tr', {
          dataset: { testid: 'draw-team', id: t.id, inspectors: t.inspectors.join(','), enterprises: t.enterprises.join(',') },
          onclick: () => this.focusTeam(k),
        }, [
          el('td', {}, [el('span', { class: 'swatch', style: `background:${TEAM_COLORS[k % TEAM_COLORS.length]}` }), ` ${t.id}`]),
          el('td', {}, t.inspectors.map((id) => this.inspectorLabel(id)).join('、')),
          el('td', { class: 'num' }, t.enterprises.length),
          el('td', {}, this.enterpriseList(t.enterprises)),
        ]),
      );
    });
    box.append(
      el('h2', {}, '检查组'),
      el('div', { class: 'list-wrap' },
        el('table', { class: 'grid', dataset: { testid: 'draw-teams' } }, [
          el('thead', {}, el('tr', {}, ['组', '执法人员', '企业数', '检查企业'].map((h) => el('th', {}, h)))),
          teams,
        ])),
    );

    const strata = el('tbody');
    for (const s of r.strata) {
      strata.append(
        el('tr', { dataset: { testid: 'draw-stratum', label: s.label } }, [
          el('td', {}, s.class),
          el('td', {}, s.district ?? '全市'),
          el('td', { class: 'num' }, s.population),
          el('td', { class: 'num' }, s.quota),
          el('td', {}, this.enterpriseList(s.selected)),
        ]),
      );
    }
    box.append(
      el('h2', {}, '分层抽取'),
      el('div', { class: 'list-wrap' },
        el('table', { class: 'grid', dataset: { testid: 'draw-strata' } }, [
          el('thead', {}, el('tr', {}, ['类别', '区县', '总数', '抽取', '抽中企业（按抽取顺序）'].map((h) => el('th', {}, h)))),
          strata,
        ])),
    );
  }

  drawMap() {
    const g = this.map.layers.overlay;
    g.clearLayers();
    this.teamBounds = [];
    this.result.teams.forEach((t, k) => {
      const color = TEAM_COLORS[k % TEAM_COLORS.length];
      const pts = [];
      for (const id of t.enterprises) {
        const e = this.names.enterprises.get(id);
        if (!e) continue;
        pts.push([e.lat, e.lon]);
        L.circleMarker([e.lat, e.lon], {
          renderer: this.map.renderer,
          radius: 6,
          color: '#111827',
          weight: 1.5,
          fillColor: color,
          fillOpacity: 0.9,
        })
          .bindTooltip(`${t.id} · ${e.name}（${e.class}，${e.district || '未填区县'}）`)
          .addTo(g);
      }
      this.teamBounds.push(pts.length ? L.latLngBounds(pts) : null);
    });
    const all = this.teamBounds.filter(Boolean);
    if (all.length && !this.restoring) this.map.map.fitBounds(all.reduce((a, b) => a.extend(b), L.latLngBounds(all[0].getSouthWest(), all[0].getNorthEast())), { padding: [20, 20] });
  }

  focusTeam(k) {
    const b = this.teamBounds && this.teamBounds[k];
    if (b) this.map.map.fitBounds(b, { padding: [30, 30], maxZoom: 14 });
  }

  async exportResult(kind) {
    if (!this.result) return;
    const base = `双随机_${safeName(this.result.seed)}`;
    // the audit record carries the time of the draw (kept with the draw in the workspace)
    const now = (this.lastRun && this.lastRun.drawn_at) || new Date().toISOString();
    try {
      if (kind === 'json') download(`${base}_结果.json`, `${this.json}\n`, 'application/json');
      else if (kind === 'csv') download(`${base}_结果.csv`, await api.drawResultCsv(), 'text/csv;charset=utf-8');
      else if (kind === 'audit') download(`${base}_审计记录.json`, await api.drawAuditJson(now), 'application/json');
      else download(`${base}_审计记录.csv`, await api.drawAuditCsv(now), 'text/csv;charset=utf-8');
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  async verify(file) {
    if (!file) return;
    const box = clear(this.verifyResult);
    try {
      const v = await api.drawVerify(await file.text());
      if (v.ok) {
        box.append(el('div', { class: 'report ok', dataset: { testid: 'draw-verify-ok' } },
          `核验通过：${v.drawn_at} 以种子「${v.seed}」抽取的 ${v.selected} 家企业和 ${v.teams} 个检查组可由当前名录完全重现。`));
      } else {
        box.append(el('div', { class: 'report bad', dataset: { testid: 'draw-verify-bad' } }, [
          el('div', {}, '核验未通过：'),
          ...v.differences.map((d) => el('div', {}, `· ${d}`)),
        ]));
      }
    } catch (err) {
      box.append(el('div', { class: 'report bad' }, err.message));
    }
  }
}
