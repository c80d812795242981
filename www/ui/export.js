// The export tab: plans → GPX / KML / GeoJSON / CSV downloads in WGS-84, GCJ-02 or BD-09;
// AMap / Baidu navigation links per leg with a QR code each; the printable route sheet; saving
// and opening the whole workspace; the monthly report.
//
// Plans come from app.plans (a PlanRegistry: panels publish with app.plans.set(id, doc)); a plan
// file can be opened here, and a demo plan (nearest-neighbour order, not optimised) can be made
// to try things out.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { api } from '../api.js';
import { clear, download, el, setStatus } from './dom.js';
import { buildReportSheet, buildRouteSheets, printNow } from './sheet.js';
import { renderRecordsImport } from './field_records.js';
import { TeamLinks } from './team_links.js';

const FORMATS = [
  ['gpx', 'GPX 1.1（导航仪、户外软件）'],
  ['kml', 'KML（奥维互动地图、Google Earth）'],
  ['geojson', 'GeoJSON（GIS 软件）'],
  ['csv', 'CSV 停靠点清单（Excel）'],
  ['sheet', '路线单 HTML（可打印）'],
];
const CRS = [
  ['wgs84', 'WGS-84（GPS、奥维、Google Earth、OSM）'],
  ['gcj02', 'GCJ-02（高德、腾讯）'],
  ['bd09', 'BD-09（百度）'],
];
const COLOURS = ['#2563eb', '#ea8c0c', '#16a34a', '#7c3aed', '#089194', '#a14d1c', '#db4877', '#64748b'];

function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  return doc.documentElement && doc.documentElement.nodeName === 'svg' ? document.importNode(doc.documentElement, true) : null;
}

function issueList(issues) {
  const ul = el('ul', { class: 'issues' });
  for (const i of issues) {
    const where = [i.row != null ? `路线 ${i.row}` : '', i.field || ''].filter(Boolean).join(' ');
    ul.append(el('li', { class: i.severity === 'error' ? 'bad' : 'warn', dataset: { code: i.code } }, `${where ? where + '：' : ''}${i.message}（${i.action}）`));
  }
  return ul;
}

export class ExportPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.map = mapView;
    this.app = app;
    this.records = app.records;
    this.overlay = L.layerGroup().addTo(mapView.map);
    this.render();
    app.plans.onChange(() => this.refreshPlans());
  }

  render() {
    const r = clear(this.root);
    r.append(el('h2', {}, '计划'));
    this.planSelect = el('select', { dataset: { testid: 'plan-select' }, onchange: () => this.showPlan() });
    this.planFile = el('input', { type: 'file', accept: '.json', dataset: { testid: 'plan-open' }, onchange: (e) => this.openPlan(e.target.files[0]) });
    r.append(
      el('div', { class: 'form-grid' }, [el('label', {}, '计划'), this.planSelect, el('label', {}, '打开计划文件'), this.planFile]),
      el('div', { class: 'actions' }, [
        el('button', { class: 'secondary', dataset: { testid: 'plan-demo' }, onclick: () => this.demoPlan() }, '生成演示计划'),
        el('button', { class: 'secondary', dataset: { testid: 'plan-delete' }, onclick: () => this.deletePlan() }, '移除此计划'),
      ]),
      el('p', { class: 'muted' }, '演示计划按最近邻顺序排列停靠点，仅供试用导出，不是优化结果。'),
    );
    this.planInfo = el('div', { dataset: { testid: 'plan-summary' } });
    r.append(this.planInfo);

    r.append(el('h2', {}, '导出文件'));
    this.format = el('select', { dataset: { testid: 'export-format' }, onchange: () => this.crsHint() }, FORMATS.map(([v, t]) => el('option', { value: v }, t)));
    this.crs = el('select', { dataset: { testid: 'export-crs' }, onchange: () => this.crsHint() }, CRS.map(([v, t]) => el('option', { value: v }, t)));
    this.hint = el('p', { class: 'muted', dataset: { testid: 'export-hint' } });
    this.warnings = el('div', { dataset: { testid: 'export-warnings' } });
    r.append(
      el('div', { class: 'form-grid' }, [el('label', {}, '格式'), this.format, el('label', {}, '坐标系'), this.crs]),
      this.hint,
      el('div', { class: 'actions' }, [
        el('button', { class: 'primary', dataset: { testid: 'export-download' }, onclick: () => this.exportFile() }, '下载'),
        el('button', { class: 'secondary', dataset: { testid: 'sheet-print' }, onclick: () => this.printSheet() }, '打印路线单（A4）'),
      ]),
      this.warnings,
    );
    this.crsHint();

    r.append(el('h2', {}, '手机导航'));
    this.provider = el('select', { dataset: { testid: 'nav-provider' } }, [el('option', { value: 'amap' }, '高德地图（每段最多 16 个途经点）'), el('option', { value: 'baidu' }, '百度地图（每段最多 10 个途经点）')]);
    this.phone = el('select', { dataset: { testid: 'nav-phone' } }, [el('option', { value: 'android' }, 'Android'), el('option', { value: 'ios' }, 'iPhone')]);
    this.nameChars = el('select', { dataset: { testid: 'nav-names' } }, [
      el('option', { value: '6', selected: true }, '序号 + 名称前 6 字'),
      el('option', { value: '12' }, '序号 + 名称前 12 字（二维码更密）'),
      el('option', { value: '0' }, '仅序号（二维码最易扫）'),
    ]);
    this.navOut = el('div', { dataset: { testid: 'nav-legs' } });
    r.append(
      el('div', { class: 'form-grid' }, [el('label', {}, '导航应用'), this.provider, el('label', {}, '手机系统'), this.phone, el('label', {}, '链接中的名称'), this.nameChars]),
      el('div', { class: 'actions' }, [el('button', { class: 'primary', dataset: { testid: 'nav-run' }, onclick: () => this.navLinks() }, '生成导航二维码')]),
      el('p', { class: 'muted' }, '长路线按顺序分段，每段终点即下一段起点；用手机相机扫码，在地图应用中打开。坐标已换算为高德 GCJ-02 / 百度 BD-09。'),
      this.navOut,
    );

    r.append(el('h2', {}, '巡查端（发到巡查队手机）'));
    this.teamOut = el('div', { dataset: { testid: 'team-links' } });
    this.teamLinks = new TeamLinks(this.teamOut);
    r.append(this.teamOut);

    if (this.app.field) renderRecordsImport(r, this.app.field);

    r.append(el('h2', {}, '工作区'));
    this.wsFile = el('input', { type: 'file', accept: '.json,.zouhang', dataset: { testid: 'ws-open' }, onchange: (e) => this.openWorkspace(e.target.files[0]) });
    this.wsMessage = el('div', { dataset: { testid: 'ws-message' } });
    r.append(
      el('p', { class: 'muted' }, '导入的文件、计划和设置自动保存在本浏览器中，刷新或重启浏览器后仍在。也可保存为一个工作区文件，在其他电脑上打开。'),
      el('div', { class: 'actions' }, [
        el('button', { class: 'secondary', dataset: { testid: 'ws-save' }, onclick: () => this.saveWorkspace() }, '保存工作区文件'),
      ]),
      el('div', { class: 'form-grid' }, [el('label', {}, '打开工作区文件'), this.wsFile]),
      this.wsMessage,
    );

    r.append(el('h2', {}, '月报'));
    const now = new Date();
    this.month = el('input', { type: 'month', value: `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`, dataset: { testid: 'report-month' } });
    this.unit = el('input', { type: 'text', placeholder: '单位名称，如 苏州市生态环境局', dataset: { testid: 'report-unit' } });
    this.recordsFile = el('input', { type: 'file', accept: '.json', dataset: { testid: 'report-records' }, onchange: (e) => this.openRecords(e.target.files[0]) });
    this.reportOut = el('div', { dataset: { testid: 'report-out' } });
    r.append(
      el('div', { class: 'form-grid' }, [
        el('label', {}, '月份'), this.month,
        el('label', {}, '单位'), this.unit,
        el('label', {}, '核查/检查记录'), this.recordsFile,
      ]),
      el('p', { class: 'muted' }, '月报由本工作区中有日期的计划路线、火点核查记录和企业检查记录汇总。记录文件为 JSON：{"verifications": […], "inspections": […]}（格式见 docs/EXPORTS.md）。'),
      el('div', { class: 'actions' }, [el('button', { class: 'primary', dataset: { testid: 'report-run' }, onclick: () => this.report() }, '生成月报')]),
      this.reportOut,
    );
    this.refreshPlans();
  }

  crsHint() {
    const f = this.format.value;
    const c = this.crs.value;
    let text = '坐标按所选坐标系换算后写出，文件中注明坐标系。';
    if (['gpx', 'kml', 'geojson'].includes(f) && c !== 'wgs84') {
      text = `注意：${f.toUpperCase()} 按标准为 WGS-84，奥维互动地图、Google Earth 等按 WGS-84 读取；选 ${c.toUpperCase()} 会偏移数百米，除非接收方要求，请选 WGS-84。`;
    } else if (f === 'sheet') text = '路线单不含坐标。';
    this.hint.textContent = text;
    this.hint.classList.toggle('warn', text.startsWith('注意'));
  }

  current() {
    return this.app.plans.get(this.planSelect.value);
  }

  refreshPlans() {
    const keep = this.planSelect.value;
    clear(this.planSelect);
    for (const [id] of this.app.plans.entries()) {
      this.planSelect.append(el('option', { value: id, dataset: { madeAt: this.app.plans.madeAt(id) || '' } }, this.app.plans.label(id)));
    }
    if (keep && this.app.plans.get(keep)) this.planSelect.value = keep;
    this.showPlan();
  }

  showPlan() {
    const plan = this.current();
    clear(this.planInfo);
    this.overlay.clearLayers();
    this.teamLinks.show(this.planSelect.value, plan, this.app.plans.madeAt ? this.app.plans.madeAt(this.planSelect.value) : null);
    if (!plan) {
      this.planInfo.append(el('p', { class: 'muted' }, '还没有计划：在规划面板中生成，或打开计划文件，或生成演示计划。'));
      return;
    }
    const stops = plan.routes.reduce((n, r) => n + r.stops.length, 0);
    const kmTotal = plan.routes.reduce((n, r) => n + (r.distance_m || 0), 0) / 1000;
    this.planInfo.append(el('p', {}, [el('strong', {}, plan.title), ` · ${plan.routes.length} 条路线 · `, el('span', { dataset: { testid: 'plan-stops' } }, String(stops)), ` 个停靠点 · ${kmTotal.toFixed(1)} km`]));
    const bounds = [];
    plan.routes.forEach((r, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const line = (r.geometry && r.geometry.length >= 2 ? r.geometry : r.stops.map((s) => s.location)).map((p) => [p.lat, p.lon]);
      L.polyline(line, { color: colour, weight: 4, opacity: 0.85, dashArray: r.along_roads ? null : '6 4', renderer: this.map.renderer }).addTo(this.overlay);
      r.stops.forEach((s, k) => {
        const m = L.circleMarker([s.location.lat, s.location.lon], { radius: 7, color: '#fff', weight: 2, fillColor: s.kind === 'depot' ? '#dc2626' : colour, fillOpacity: 1, renderer: this.map.renderer });
        m.bindTooltip(`${k + 1}. ${s.name}`);
        m.addTo(this.overlay);
        bounds.push([s.location.lat, s.location.lon]);
      });
    });
    if (bounds.length) this.map.map.fitBounds(bounds, { padding: [30, 30] });
  }

  async demoPlan() {
    try {
      const plan = await api.demoPlan({ station: '1161A', routes: 2, stops_per_route: 12 });
      this.app.plans.set('demo', plan);
      this.planSelect.value = 'demo';
      this.showPlan();
      setStatus(`已生成演示计划：${plan.title}`);
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  deletePlan() {
    if (this.planSelect.value) this.app.plans.delete(this.planSelect.value);
  }

  async openPlan(file) {
    if (!file) return;
    clear(this.warnings);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const ans = await api.readPlan(bytes, file.name);
    this.planFile.value = '';
    if (!ans.ok) {
      this.warnings.append(el('div', { class: 'bad', dataset: { testid: 'plan-error' } }, ans.message), issueList(ans.issues));
      setStatus(ans.message, true);
      return;
    }
    const id = `file:${file.name}`;
    this.app.plans.set(id, ans.plan);
    this.planSelect.value = id;
    this.showPlan();
    if (ans.warnings.length) this.warnings.append(issueList(ans.warnings));
    setStatus(`已打开计划 ${file.name}`);
  }

  async exportFile() {
    const plan = this.current();
    if (!plan) return setStatus('请先选择计划', true);
    clear(this.warnings);
    try {
      const f = await api.exportPlan(plan, this.format.value, this.crs.value);
      if (f.warnings.length) this.warnings.append(issueList(f.warnings));
      download(f.file_name, f.text, f.mime);
      setStatus(`已导出 ${f.file_name}`);
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  async navLinks() {
    const plan = this.current();
    if (!plan) return setStatus('请先选择计划', true);
    clear(this.navOut);
    const routes = await api.navLinks(plan, this.provider.value, { phone: this.phone.value, qr: true, region: '', max_name_chars: Number(this.nameChars.value) });
    for (const r of routes) {
      this.navOut.append(el('h3', {}, `${r.route_name}：${r.legs.length} 段`));
      for (const leg of r.legs) {
        const first = leg.points[0];
        const last = leg.points[leg.points.length - 1];
        const qr = leg.qr_svg ? svgNode(leg.qr_svg) : el('div', { class: 'bad' }, leg.qr_error || '无二维码');
        const box = el('div', { class: 'nav-leg', dataset: { testid: 'nav-leg', points: String(leg.points.length) } }, [
          el('div', { class: 'qr', title: '点击放大', onclick: (e) => e.currentTarget.classList.toggle('big') }, qr),
          el('div', {}, [
            el('strong', {}, `第 ${leg.number} 段：${first ? first.name : ''} → ${last ? last.name : ''}`),
            el('div', { class: 'muted' }, `${leg.points.length} 个点：${leg.points.map((p) => p.name).join('、')}`),
            el('div', { class: 'links' }, [
              el('a', { href: leg.android_url, target: '_blank', rel: 'noopener' }, 'Android 打开'),
              ' · ',
              el('a', { href: leg.ios_url, target: '_blank', rel: 'noopener' }, 'iPhone 打开'),
              ' · ',
              el('a', { href: leg.web_url, target: '_blank', rel: 'noopener' }, leg.web_complete ? '网页版' : '网页版（仅起终点）'),
            ]),
          ]),
        ]);
        this.navOut.append(box);
      }
    }
  }

  async printSheet() {
    const plan = this.current();
    if (!plan) return setStatus('请先选择计划', true);
    await buildRouteSheets(plan);
    printNow();
  }

  async saveWorkspace() {
    const text = await this.app.store.toFileText();
    const d = new Date();
    const stamp = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
    download(`走航工作区_${stamp}.json`, text, 'application/json');
    this.wsMessage.textContent = '工作区已保存为文件';
    this.wsMessage.className = 'ok';
  }

  async openWorkspace(file) {
    if (!file) return;
    this.wsFile.value = '';
    try {
      const { imports } = await this.app.store.openFileText(await file.text());
      await this.app.refresh();
      const warnings = this.app.store.warnings;
      this.wsMessage.textContent = `已打开工作区 ${file.name}（${imports} 个导入文件，${this.app.plans.size} 个计划）${warnings.length ? `。注意：${warnings.join('；')}` : ''}`;
      this.wsMessage.className = warnings.length ? 'warn' : 'ok';
      setStatus(warnings.length ? warnings.join('；') : `已打开工作区 ${file.name}`, warnings.length > 0);
    } catch (err) {
      this.wsMessage.textContent = `无法打开「${file.name}」：${err.message}。当前工作区未改动。`;
      this.wsMessage.className = 'bad';
      setStatus(`无法打开工作区：${err.message}`, true);
    }
  }

  async openRecords(file) {
    if (!file) return;
    this.recordsFile.value = '';
    try {
      const data = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
      const v = Array.isArray(data.verifications) ? data.verifications : [];
      const i = Array.isArray(data.inspections) ? data.inspections : [];
      if (!v.length && !i.length) throw new Error('文件中没有 verifications 或 inspections 记录');
      this.records.verifications.push(...v);
      this.records.inspections.push(...i);
      this.app.store.changed();
      setStatus(`已加入核查记录 ${v.length} 条、检查记录 ${i.length} 条`);
    } catch (err) {
      setStatus(`记录文件无法读取：${err.message}`, true);
    }
  }

  async report() {
    clear(this.reportOut);
    try {
      const input = {
        month: this.month.value,
        unit: this.unit.value.trim(),
        plans: this.app.plans.entries().map(([, p]) => p),
        staff_per_run: 2,
        verifications: this.records.verifications,
        inspections: this.records.inspections,
        runs_done: this.app.field ? await this.app.field.doneRouteIds() : [],
      };
      const { report, csv } = await api.monthlyReport(input);
      const body = el('tbody');
      for (const row of report.rows) body.append(el('tr', { dataset: { key: row.key } }, [el('td', {}, row.item), el('td', { class: 'num' }, row.value), el('td', {}, row.unit)]));
      this.reportOut.append(el('table', { class: 'grid', dataset: { testid: 'report-table' } }, [el('thead', {}, el('tr', {}, [el('th', {}, '项目'), el('th', {}, '本月'), el('th', {}, '单位')])), body]));
      if (report.issues.length) this.reportOut.append(issueList(report.issues));
      this.reportOut.append(
        el('div', { class: 'actions' }, [
          el('button', { class: 'secondary', dataset: { testid: 'report-csv' }, onclick: () => download(`月报_${report.month}.csv`, csv, 'text/csv;charset=utf-8') }, '下载 CSV'),
          el('button', { class: 'secondary', dataset: { testid: 'report-print' }, onclick: () => { buildReportSheet(report); printNow(); } }, '打印'),
        ]),
      );
    } catch (err) {
      setStatus(err.message, true);
    }
  }
}
