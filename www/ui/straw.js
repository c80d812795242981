// The 秸秆禁烧 tab: fire points in (files, the fire layer, pasted manual points), filters,
// incidents with priorities explained item by item, teams, dispatch with progress, routes and
// unassigned incidents on the map, re-plan mid-shift, verification records, daily summary.
// The session is kept in the workspace (section 'straw', see straw_store.js).
// All computing happens in the worker (api.js); this module only renders, as text.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { api } from '../api.js';
import { clear, details, download, el, fmt, setStatus } from './dom.js';
import { renderReport } from './layers.js';
import { bytesToJson } from '../store.js';
import { photoStrip } from './field_records.js';
import { registerStrawSection } from './straw_store.js';

const LEVEL_COLORS = { high: '#b91c1c', medium: '#f97316', low: '#eab308' };
const ROUTE_COLORS = ['#2563eb', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#ca8a04', '#4f46e5', '#dc2626'];
const KINDS = [['straw', '秸秆'], ['garbage', '垃圾'], ['other', '其他'], ['false_alarm', '误报']];
const CORRIDOR_COLORS = { expressway: '#b45309', railway: '#374151', highspeed_rail: '#1d4ed8', national_road: '#65a30d', provincial_road: '#84cc16', airport: '#be185d' };
// Editable weights: [settings key, label, unit].
const WEIGHTS = [
  ['base_points', '基础分', '分'], ['expressway_m', '高速公路范围', 'm'], ['expressway_points', '高速公路', '分'],
  ['railway_m', '铁路范围', 'm'], ['railway_points', '铁路', '分'], ['road_m', '国道省道范围', 'm'], ['road_points', '国道省道', '分'],
  ['airport_m', '机场范围', 'm'], ['airport_points', '机场', '分'], ['night_points', '夜间', '分'], ['harvest_points', '收获高峰期', '分'],
  ['station_m', '国控点范围', 'm'], ['station_points', '国控点', '分'], ['repeat_points', '多时次探测', '分'],
];

const num = (input) => (input.value === '' ? null : Number(input.value));
const toLocal = (s) => (s ? s.replace(' ', 'T').slice(0, 16) : '');
const fromLocal = (v) => (v ? `${v}:00`.slice(0, 19) : null);
const hhmm = (s) => (s ? s.replace('T', ' ').slice(5, 16) : '');

export class StrawPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.map = mapView;
    this.app = app;
    this.settings = null;
    this.incidents = [];
    this.plan = null;
    this.selected = null;
    this.layerCount = 0;
    this.cancelled = false;
    // the file inputs, kept for the workspace (see straw_store.js)
    this.inputs = [];
    this.jurisdiction = { kind: 'none' };
    this.corridorSource = { kind: 'demo' };
    this.group = { corridors: L.layerGroup(), routes: L.layerGroup(), incidents: L.layerGroup() };
    for (const g of Object.values(this.group)) g.addTo(mapView.map);
    this.render();
    this.ready = this.init();
    if (app && app.store) {
      registerStrawSection(this, app.store);
      root.addEventListener('change', () => this.changed());
    }
  }

  /** Tells the workspace store that the session changed (it saves shortly after). */
  changed() {
    if (this.app && this.app.store) this.app.store.changed();
  }

  async init() {
    try {
      this.settings = await api.strawDefaultSettings();
      this.renderWeights();
      await Promise.all([this.drawCorridors(), this.loadTeams()]);
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  onData({ fires }) {
    this.layerCount = fires.length;
    this.useLayerLabel.textContent = ` 使用火点图层（${fmt.int(fires.length)} 个）`;
    if (!this.date.value && fires.length) {
      this.date.value = fires.map((f) => f.time_bj.slice(0, 10)).sort().at(-1);
    }
  }

  render() {
    const r = clear(this.root);
    const t = (id) => ({ dataset: { testid: `straw-${id}` } });
    r.append(el('h2', {}, '秸秆禁烧巡查派单'));
    this.restoreNote = el('div', { style: 'color:#b91c1c', dataset: { testid: 'straw-restore-note' } });
    r.append(this.restoreNote);
    this.date = el('input', { type: 'date', ...t('date') });
    this.shift = el('select', t('shift'), [['day', '白班'], ['night', '夜班'], ['all', '全部班次']].map(([v, l]) => el('option', { value: v }, l)));
    r.append(el('div', { class: 'form-grid' }, [el('label', {}, '日期'), this.date, el('label', {}, '班次'), this.shift]));

    r.append(el('h2', {}, '火点来源'));
    this.useLayer = el('input', { type: 'checkbox', checked: true, ...t('use-layer') });
    this.useLayerLabel = el('span', {}, ' 使用火点图层');
    this.crs = el('select', t('crs'), [['wgs84', 'WGS-84'], ['gcj02', 'GCJ-02（高德）'], ['bd09', 'BD-09（百度）']].map(([v, l]) => el('option', { value: v }, l)));
    this.fireFile = el('input', { type: 'file', multiple: true, accept: '.csv,.txt,.json,.geojson', ...t('fire-file'), onchange: (e) => this.addFiles([...e.target.files]) });
    this.manual = el('textarea', { rows: 3, style: 'width:100%', placeholder: '经度,纬度,时间,来源[,面积,备注]，每行一个\n120.70,31.40,2022-05-31 21:30,铁塔摄像头', ...t('manual') });
    this.files = el('div', { class: 'muted', ...t('files') });
    this.reports = el('div');
    r.append(
      el('label', { class: 'layer-row' }, [this.useLayer, this.useLayerLabel]),
      el('div', { class: 'form-grid' }, [el('label', {}, '文件'), this.fireFile, el('label', {}, '坐标系'), this.crs]),
      el('p', { class: 'muted' }, 'FIRMS MODIS / VIIRS、Himawari L2WLF、人工上报 CSV；无人机、铁塔摄像头、电话上报的点可直接粘贴：'),
      this.manual,
      el('div', { class: 'actions' }, [
        el('button', { class: 'secondary', ...t('manual-add'), onclick: () => this.addManual() }, '添加人工点'),
        el('button', { class: 'secondary', onclick: () => this.clearFires() }, '清空已加载火点'),
      ]),
      this.files, this.reports,
    );

    r.append(el('h2', {}, '筛选与合并'));
    this.from = el('input', { type: 'datetime-local', ...t('from') });
    this.to = el('input', { type: 'datetime-local', ...t('to') });
    this.minConf = el('input', { type: 'number', min: 0, max: 100, value: 0, ...t('min-conf') });
    this.area = el('select', { ...t('area'), onchange: () => this.applyArea() }, [['none', '不限'], ['view', '当前地图范围'], ['file', '辖区 GeoJSON 文件…']].map(([v, l]) => el('option', { value: v }, l)));
    this.areaFile = el('input', { type: 'file', accept: '.json,.geojson', hidden: true, ...t('area-file'), onchange: (e) => this.loadArea(e.target.files[0]) });
    this.areaNote = el('span', { class: 'muted', ...t('area-note') });
    this.mergeKm = el('input', { type: 'number', min: 0, step: 0.1, value: 1, ...t('merge-km') });
    this.mergeH = el('input', { type: 'number', min: 0, step: 1, value: 12, ...t('merge-h') });
    r.append(el('div', { class: 'form-grid' }, [
      el('label', {}, '时间从'), this.from, el('label', {}, '到'), this.to,
      el('span'), el('span', { class: 'muted' }, '留空：班次开始前 24 小时至班次结束'),
      el('label', {}, '最低置信度'), this.minConf,
      el('label', {}, '辖区'), el('span', {}, [this.area, this.areaFile, ' ', this.areaNote]),
      el('label', {}, '合并距离'), el('span', {}, [this.mergeKm, ' km']),
      el('label', {}, '合并时间'), el('span', {}, [this.mergeH, ' 小时']),
    ]));

    this.weights = el('div', { class: 'form-grid' });
    this.harvest = el('input', { type: 'text', value: '05-20~06-30, 10-10~12-31', ...t('harvest') });
    this.corridorNote = el('div', { class: 'muted', ...t('corridor-note') });
    this.corridorFile = el('input', { type: 'file', accept: '.json,.geojson', ...t('corridor-file'), onchange: (e) => this.loadCorridors(e.target.files[0]) });
    r.append(el('details', {}, [
      el('summary', {}, '优先级权重与走廊图层'),
      this.weights,
      el('div', { class: 'form-grid' }, [el('label', {}, '收获高峰期'), this.harvest]),
      this.corridorNote,
      el('div', { class: 'actions' }, [this.corridorFile, el('button', { class: 'secondary', onclick: () => this.resetCorridors() }, '恢复演示走廊')]),
    ]));

    r.append(el('div', { class: 'actions' }, [el('button', { class: 'primary', ...t('run'), onclick: () => this.runIncidents() }, '生成火点事件')]));
    this.incidentSummary = el('div', t('incidents-summary'));
    this.incidentList = el('div', { class: 'list-wrap' });
    this.detail = el('div', t('detail'));
    r.append(this.incidentSummary, this.incidentList, this.detail);

    r.append(el('h2', {}, '巡查队伍'));
    this.teamsFile = el('input', { type: 'file', accept: '.csv,.txt', ...t('teams-file'), onchange: (e) => this.loadTeams(e.target.files[0]) });
    this.teamsBody = el('tbody');
    this.teamsNote = el('div', { class: 'muted', ...t('teams-note') });
    r.append(
      el('p', { class: 'muted' }, 'CSV 列：名称,经度,纬度,开始,结束[,车辆,区县]（结束早于开始表示跨零点）'),
      el('div', { class: 'actions' }, [this.teamsFile,
        el('button', { class: 'secondary', onclick: () => this.demoTeams() }, '演示队伍'),
        el('button', { class: 'secondary', onclick: () => { this.addTeamRow({ name: '', base: { lon: '', lat: '' }, shift_start: '08:00', shift_end: '18:00', vehicles: 1 }); this.changed(); } }, '添加队伍')]),
      this.teamsNote,
      el('div', { class: 'list-wrap' }, el('table', { class: 'grid', ...t('teams') }, [
        el('thead', {}, el('tr', {}, ['名称', '经度', '纬度', '开始', '结束', '车辆', ''].map((h) => el('th', {}, h)))), this.teamsBody])),
    );

    r.append(el('h2', {}, '派单'));
    this.service = el('input', { type: 'number', min: 0, value: 20, ...t('service') });
    this.speed = el('input', { type: 'number', min: 5, value: 40, ...t('speed') });
    this.now = el('input', { type: 'datetime-local', ...t('now') });
    this.progress = el('progress', { max: 1, value: 0, hidden: true, ...t('progress') });
    r.append(
      el('div', { class: 'form-grid' }, [
        el('label', {}, '每点核查'), el('span', {}, [this.service, ' 分钟']),
        el('label', {}, '巡查车速'), el('span', {}, [this.speed, ' km/h（未加载路网或离路网过远时：直线距离 × 1.3）']),
        el('label', {}, '当前时间'), el('span', {}, [this.now, ' （重新派单用）']),
      ]),
      el('div', { class: 'actions' }, [
        el('button', { class: 'primary', ...t('dispatch'), onclick: () => this.dispatch(false) }, '派单'),
        el('button', { class: 'secondary', ...t('replan'), onclick: () => this.dispatch(true) }, '新火点到达：重新派单'),
        el('button', { class: 'secondary', onclick: () => { this.cancelled = true; } }, '取消'),
        this.progress,
      ]),
    );
    this.solverNote = el('div', { class: 'muted', ...t('solver') });
    this.routes = el('div', t('routes'));
    this.unassigned = el('div', t('unassigned'));
    r.append(this.solverNote, this.routes, this.unassigned);

    r.append(el('h2', {}, '核查记录与日汇总'));
    this.records = el('div', t('records'));
    this.summary = el('div', t('summary'));
    r.append(this.records, this.summary, el('div', { class: 'actions' }, [
      el('button', { class: 'secondary', ...t('summary-csv'), onclick: async () => download('秸秆禁烧日汇总.csv', await api.strawSummaryCsv(), 'text/csv;charset=utf-8') }, '导出日汇总 CSV'),
      el('button', { class: 'secondary', ...t('records-csv'), onclick: async () => download('秸秆禁烧核查记录.csv', await api.strawVerificationsCsv(), 'text/csv;charset=utf-8') }, '导出核查记录 CSV'),
    ]));
  }

  renderWeights() {
    const p = this.settings.priority;
    this.weightInputs = {};
    clear(this.weights);
    for (const [key, label, unit] of WEIGHTS) {
      const input = el('input', { type: 'number', value: p[key], dataset: { testid: `straw-w-${key}` } });
      this.weightInputs[key] = input;
      this.weights.append(el('label', {}, label), el('span', {}, [input, ` ${unit}`]));
    }
  }

  /** The request sent to the core: the form on top of the default settings. */
  request() {
    const s = structuredClone(this.settings);
    for (const [key, input] of Object.entries(this.weightInputs || {})) if (input.value !== '') s.priority[key] = Number(input.value);
    s.priority.harvest_windows = this.harvest.value.split(/[,，;]/).map((w) => w.trim()).filter(Boolean).map((w) => {
      const [from, to] = w.split(/~|–|—|至/).map((x) => x.trim());
      return { from, to };
    });
    s.filter.from = fromLocal(this.from.value);
    s.filter.to = fromLocal(this.to.value);
    s.filter.min_confidence_pct = num(this.minConf) ?? 0;
    s.cluster.distance_m = (num(this.mergeKm) ?? 1) * 1000;
    s.cluster.window_h = num(this.mergeH) ?? 12;
    s.dispatch.service_min = num(this.service) ?? 20;
    s.dispatch.speed_kmh = num(this.speed) ?? 40;
    return { date: this.date.value, shift: this.shift.value, settings: s, auto_window: true, use_layer: this.useLayer.checked };
  }

  async addFiles(files) {
    for (const f of files) {
      setStatus(`正在读取 ${f.name}…`);
      try {
        const t0 = performance.now();
        const bytes = new Uint8Array(await f.arrayBuffer());
        const rep = await api.strawAddFireFile(f.name, bytes, this.crs.value);
        const ms = Math.round(performance.now() - t0);
        if (rep.loaded > 0) this.inputs.push({ op: 'file', name: f.name, crs: this.crs.value, bytes: bytesToJson(bytes) });
        this.files.dataset.loadMs = String(ms);
        this.reports.prepend(renderReport(rep));
        setStatus(`${f.name}：${rep.format}，${rep.loaded} 个火点（读取 ${ms} ms）`);
      } catch (err) {
        setStatus(`${f.name}：${err.message}`, true);
      }
    }
    this.fireFile.value = '';
    await this.showFiles();
    this.changed();
  }

  async addManual() {
    if (!this.manual.value.trim()) return;
    try {
      const rep = await api.strawAddManual(this.manual.value, this.crs.value);
      if (rep.loaded > 0) this.inputs.push({ op: 'manual', text: this.manual.value, crs: this.crs.value });
      this.reports.prepend(renderReport(rep));
      if (rep.loaded) this.manual.value = '';
      await this.showFiles();
      this.changed();
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  async clearFires() {
    await api.strawClearFires();
    this.inputs = [];
    clear(this.reports);
    await this.showFiles();
    this.changed();
  }

  async showFiles() {
    const files = await api.strawFireFiles();
    this.files.textContent = files.length ? '已加载：' + files.map((f) => `${f.name}（${f.format}，${f.detections} 个）`).join('；') : '';
  }

  async applyArea() {
    this.areaFile.hidden = this.area.value !== 'file';
    try {
      if (this.area.value === 'none') {
        await api.strawClearJurisdiction();
        this.jurisdiction = { kind: 'none' };
        this.areaNote.textContent = '';
      } else if (this.area.value === 'view') {
        const b = this.map.map.getBounds();
        await api.strawSetJurisdictionBox(b.getWest(), b.getSouth(), b.getEast(), b.getNorth());
        this.jurisdiction = { kind: 'box', bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] };
        this.areaNote.dataset.bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].join(',');
        this.areaNote.textContent = `经度 ${b.getWest().toFixed(2)}–${b.getEast().toFixed(2)}，纬度 ${b.getSouth().toFixed(2)}–${b.getNorth().toFixed(2)}`;
      }
    } catch (err) {
      setStatus(err.message, true);
    }
    this.changed();
  }

  async loadArea(file) {
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await api.strawSetJurisdiction(file.name, bytes);
      this.jurisdiction = { kind: 'file', name: file.name, bytes: bytesToJson(bytes) };
      this.areaNote.textContent = `${r.names.join('、')}${r.issues.length ? `（${r.issues.length} 个要素无法使用）` : ''}`;
    } catch (err) {
      this.areaNote.textContent = err.message;
      setStatus(err.message, true);
    }
    this.changed();
  }

  async loadCorridors(file) {
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const issues = await api.strawSetCorridors(file.name, bytes);
      this.corridorSource = { kind: 'file', name: file.name, bytes: bytesToJson(bytes) };
      if (issues.length) setStatus(`${file.name}：${issues.length} 个要素未使用（${issues[0].message}）`);
    } catch (err) {
      setStatus(err.message, true);
    }
    await this.drawCorridors();
    this.changed();
  }

  async resetCorridors() {
    await api.strawResetCorridors();
    this.corridorSource = { kind: 'demo' };
    await this.drawCorridors();
    this.changed();
  }

  async drawCorridors() {
    const { label, geojson } = await api.strawCorridors();
    this.corridorNote.textContent = `走廊图层：${label}（禁烧区：机场 15 km，高速公路和铁路两侧 2 km，国道省道两侧 1 km）`;
    const g = this.group.corridors;
    g.clearLayers();
    L.geoJSON(JSON.parse(geojson), {
      style: (f) => ({ color: CORRIDOR_COLORS[f.properties.class] || '#6b7280', weight: 2, dashArray: '6 4', opacity: 0.7 }),
      pointToLayer: (f, ll) => L.circle(ll, { radius: this.settings?.priority.airport_m ?? 15000, color: CORRIDOR_COLORS.airport, weight: 1, fillOpacity: 0.04 }),
      onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.label}：${f.properties.name}`),
    }).addTo(g);
  }

  async runIncidents() {
    if (!this.date.value) {
      setStatus('请先选择日期', true);
      return;
    }
    try {
      const t0 = performance.now();
      const out = await api.strawIncidents(this.request());
      this.incidents = out.incidents;
      const fr = out.filter_report;
      this.incidentSummary.textContent = `火点 ${fmt.int(out.detections)} 个，保留 ${fmt.int(fr.kept)} 个` +
        `（时间范围外 ${fr.before_window + fr.after_window}，低置信度 ${fr.low_confidence}，辖区外 ${fmt.int(fr.outside_jurisdiction)}，排除类型 ${fr.excluded_type}），` +
        `合并为事件 ${out.incidents.length} 个；时间 ${hhmm(out.filter.from)} 至 ${hhmm(out.filter.to)}（${Math.round(performance.now() - t0)} ms）`;
      this.incidentSummary.dataset.count = String(out.incidents.length);
      this.incidentSummary.dataset.ms = String(Math.round(performance.now() - t0));
      this.incidentSummary.dataset.run = String(Number(this.incidentSummary.dataset.run || 0) + 1); // one more per run
      this.renderIncidents();
      this.drawIncidents();
      this.changed();
      setStatus(`火点事件 ${out.incidents.length} 个`);
    } catch (err) {
      setStatus(err.message, true);
      this.incidentSummary.textContent = err.message;
    }
  }

  renderIncidents() {
    const body = el('tbody');
    for (const x of this.incidents) {
      body.append(el('tr', { dataset: { testid: 'straw-incident', id: x.id, level: x.level }, onclick: () => this.select(x.id) }, [
        el('td', {}, x.id),
        el('td', { class: 'num' }, [el('span', { class: 'swatch', style: `background:${LEVEL_COLORS[x.level]}` }), ` ${x.score}`]),
        el('td', { class: 'num' }, x.detection_count),
        el('td', {}, hhmm(x.first_seen)),
        el('td', {}, x.reasons.filter((r) => r.code !== 'base').map((r) => r.text).join('；')),
      ]));
    }
    clear(this.incidentList).append(el('table', { class: 'grid', dataset: { testid: 'straw-incidents' } }, [
      el('thead', {}, el('tr', {}, ['编号', '优先级', '探测', '首次发现', '原因'].map((h) => el('th', {}, h)))), body]));
  }

  drawIncidents() {
    const g = this.group.incidents;
    g.clearLayers();
    for (const x of this.incidents) {
      const m = L.circleMarker([x.lat, x.lon], { renderer: this.map.renderer, radius: 6 + Math.min(6, x.score / 20), color: '#1f2933', weight: 1, fillColor: LEVEL_COLORS[x.level], fillOpacity: 0.9 });
      m.bindTooltip(`${x.id} 优先级 ${x.score}`);
      m.on('click', () => this.select(x.id));
      m.addTo(g);
    }
  }

  select(id) {
    const x = this.incidents.find((i) => i.id === id);
    if (!x) return;
    this.selected = id;
    this.map.flyTo(x.lon, x.lat, 12);
    const box = details(`火点事件 ${x.id}`, [
      ['位置', `${x.lon.toFixed(5)}, ${x.lat.toFixed(5)}`], ['首次 / 末次发现', `${x.first_seen} / ${x.last_seen}`],
      ['探测', `${x.detection_count} 次（${x.sources.join('、')}）`], ['火辐射功率', x.max_frp_mw != null ? `${x.max_frp_mw} MW` : ''],
      ['优先级', `${x.score}（${x.level_label}）`],
    ]);
    box.append(
      el('ul', { dataset: { testid: 'straw-reasons' } }, x.reasons.map((r) => el('li', { dataset: { testid: 'straw-reason', code: r.code } }, r.text))),
      el('ul', { class: 'muted' }, x.checks.map((r) => el('li', { dataset: { testid: 'straw-check', code: r.code } }, r.text))),
    );
    clear(this.detail).append(box, this.verificationForm(x));
  }

  verificationForm(x) {
    const t = (id) => ({ dataset: { testid: `straw-v-${id}` } });
    const stop = this.plan?.dispatch.routes.flatMap((r) => r.stops.map((s) => ({ ...s, team: r.team }))).find((s) => s.incident_id === x.id);
    const found = el('select', t('found'), [['true', '发现火情/过火痕迹'], ['false', '未发现']].map(([v, l]) => el('option', { value: v }, l)));
    const kind = el('select', t('kind'), [el('option', { value: '' }, '（未选）'), ...KINDS.map(([v, l]) => el('option', { value: v }, l))]);
    const area = el('input', { type: 'number', min: 0, placeholder: 'm²', ...t('area') });
    const time = el('input', { type: 'datetime-local', value: toLocal(stop?.departure ?? this.now.value ?? ''), ...t('time') });
    const team = el('input', { type: 'text', value: stop?.team ?? '', ...t('team') });
    const note = el('input', { type: 'text', ...t('note') });
    const result = el('div', t('result'));
    const save = async () => {
      try {
        const rec = await api.strawRecordVerification({
          incident_id: x.id, team: team.value, time: fromLocal(time.value) ?? `${this.date.value}T12:00:00`,
          found: found.value === 'true', kind: kind.value || null, area_m2: num(area), note: note.value,
        });
        result.textContent = `已记录${rec.key_case ? '：重点案件' : ''}`;
        result.className = rec.key_case ? 'bad' : 'ok';
        await this.showRecords();
        this.changed();
      } catch (err) {
        result.textContent = err.message;
        result.className = 'bad';
      }
    };
    // photos the team took at this incident (records imported in the export tab)
    const photos = this.app && this.app.field ? this.app.field.photosOf(x.id) : [];
    return el('div', { class: 'report' }, [
      photos.length ? el('div', {}, [`巡查端照片 ${photos.length} 张：`, photoStrip(photos)]) : null,
      el('strong', {}, '核查记录（秸秆 ≥ 200 m²、垃圾 ≥ 20 m² 为重点案件）'),
      el('div', { class: 'form-grid' }, [el('label', {}, '结果'), found, el('label', {}, '类型'), kind, el('label', {}, '过火面积'), area,
        el('label', {}, '核查时间'), time, el('label', {}, '队伍'), team, el('label', {}, '备注'), note]),
      el('div', { class: 'actions' }, [el('button', { class: 'primary', ...t('save'), onclick: save }, '保存核查记录')]), result,
    ]);
  }

  async showRecords() {
    const [records, rows] = await Promise.all([api.strawVerifications(), api.strawSummary()]);
    const kinds = Object.fromEntries(KINDS);
    clear(this.records).append(el('table', { class: 'grid', dataset: { testid: 'straw-records-table' } }, [
      el('thead', {}, el('tr', {}, ['事件', '时间', '队伍', '结果', '类型', '面积 m²', '重点'].map((h) => el('th', {}, h)))),
      el('tbody', {}, records.map((v) => el('tr', { dataset: { testid: 'straw-record', id: v.incident_id, key: String(v.key_case) } }, [
        el('td', {}, v.incident_id), el('td', {}, hhmm(v.time)), el('td', {}, v.team), el('td', {}, v.found ? '发现' : '未发现'),
        el('td', {}, kinds[v.kind] ?? ''), el('td', { class: 'num' }, v.area_m2 ?? ''), el('td', {}, v.key_case ? '是' : '')]))),
    ]));
    const cols = [['date', '日期'], ['incidents', '事件'], ['dispatched', '派单'], ['verified', '核查'], ['found', '发现'], ['not_found', '未发现'], ['false_alarms', '误报'], ['key_cases', '重点'], ['area_m2', '面积 m²'], ['late', '超24h']];
    clear(this.summary).append(el('table', { class: 'grid', dataset: { testid: 'straw-summary-table' } }, [
      el('thead', {}, el('tr', {}, cols.map(([, h]) => el('th', {}, h)))),
      el('tbody', {}, rows.map((row) => el('tr', { dataset: { testid: 'straw-summary-row', date: row.date } }, cols.map(([k]) => el('td', { class: k === 'date' ? '' : 'num', dataset: { key: k } }, k === 'area_m2' ? Math.round(row[k]) : row[k]))))),
    ]));
  }

  async loadTeams(file) {
    try {
      const r = file ? await api.strawLoadTeams(file.name, new Uint8Array(await file.arrayBuffer()), this.crs.value) : { teams: await api.strawTeams(), issues: [] };
      this.teamsNote.textContent = r.issues.length ? r.issues.map((i) => `第${i.row ?? '?'}行 ${i.field ?? ''}：${i.message}`).join('；') : '';
      this.showTeams(r.teams.length ? r.teams : await api.strawTeams());
    } catch (err) {
      setStatus(err.message, true);
    }
    this.teamsFile.value = '';
    if (file) this.changed();
  }

  async demoTeams() {
    this.showTeams((await api.strawDemoTeams()).teams);
    this.changed();
  }

  showTeams(teams) {
    clear(this.teamsBody);
    for (const team of teams) this.addTeamRow(team);
  }

  addTeamRow(team) {
    const cell = (value, type = 'text', width = '6em') => el('td', {}, el('input', { type, value: value ?? '', style: `width:${width}` }));
    const row = el('tr', { dataset: { testid: 'straw-team' } }, [
      cell(team.name, 'text', '9em'), cell(team.base.lon, 'number', '6.5em'), cell(team.base.lat, 'number', '5.5em'),
      cell(team.shift_start, 'text', '3.5em'), cell(team.shift_end, 'text', '3.5em'), cell(team.vehicles, 'number', '3em'),
      el('td', {}, el('button', { class: 'secondary', onclick: () => { row.remove(); this.changed(); } }, '删')),
    ]);
    row.district = team.district || '';
    this.teamsBody.append(row);
  }

  async saveTeams() {
    const teams = [...this.teamsBody.children].map((row) => {
      const v = [...row.querySelectorAll('input')].map((i) => i.value.trim());
      return { name: v[0], base: { lon: Number(v[1]), lat: Number(v[2]) }, shift_start: v[3], shift_end: v[4], vehicles: Math.max(1, Number(v[5]) || 1), district: row.district };
    });
    await api.strawSetTeams(teams);
  }

  async dispatch(replan) {
    if (!this.incidents.length) await this.runIncidents();
    const request = this.request();
    this.cancelled = false;
    this.progress.hidden = false;
    try {
      await this.saveTeams();
      if (replan) {
        if (!this.plan) throw new Error('请先派单，再在新火点到达后重新派单');
        if (!this.now.value) throw new Error('请填写当前时间');
        request.replan = await api.strawReplanState(fromLocal(this.now.value));
        await this.runIncidents();
      }
      const t0 = performance.now();
      this.plan = await api.strawDispatch(request, {
        onProgress: (p) => { this.progress.value = p.progress; },
        isCancelled: () => this.cancelled,
      });
      this.solverNote.dataset.ms = String(Math.round(performance.now() - t0));
      this.renderPlan();
      this.publish();
      await this.showRecords();
      this.changed();
    } catch (err) {
      setStatus(err.message, true);
      this.solverNote.textContent = err.message;
    } finally {
      this.progress.hidden = true;
    }
  }

  renderPlan() {
    const d = this.plan.dispatch;
    const solverName = { 'route-solver': '路径求解器（优先级作为奖励，从贪心方案出发搜索）', greedy: '贪心算法（优先级优先插入 + 2-opt）' }[d.solver] || d.solver;
    this.solverNote.textContent = `派单算法：${solverName}；` +
      (d.along_roads ? '行车按道路计算（已加载路网，各道路等级车速；离路网过远的点按直线估算）' : `行车时间按直线距离 × ${d.settings.detour_factor}、${d.settings.speed_kmh} km/h 估算（未加载路网）`) +
      (d.planned_at ? `；${hhmm(d.planned_at)} 重新派单，在途目标保留` : '');
    const byId = Object.fromEntries(this.incidents.map((x) => [x.id, x]));
    const routes = d.routes.filter((r) => r.stops.length);
    clear(this.routes).append(...routes.map((r) => el('div', { class: 'report', dataset: { testid: 'straw-route', id: r.route_id } }, [
      el('strong', {}, r.route_id), ` ${r.stops.length} 个事件，${r.distance_km} km，${r.duration_min} 分钟，${hhmm(r.start_time)} 出发，${hhmm(r.return_time)} 返回`,
      el('ol', {}, r.stops.map((s) => el('li', { dataset: { testid: 'straw-route-stop', id: s.incident_id, locked: String(s.locked) }, onclick: () => this.select(s.incident_id) },
        `${hhmm(s.arrival)} ${s.incident_id} 优先级 ${s.score}${s.locked ? '（在途目标，保留）' : ''}${byId[s.incident_id] ? '' : '（已合并）'}`))),
    ])));
    if (!routes.length) this.routes.append(el('p', { class: 'muted' }, '没有派出任何路线'));
    clear(this.unassigned).append(...(d.unassigned.length ? [el('strong', {}, `未派出 ${d.unassigned.length} 个`), el('table', { class: 'grid' }, [
      el('thead', {}, el('tr', {}, ['事件', '优先级', '原因'].map((h) => el('th', {}, h)))),
      el('tbody', {}, d.unassigned.map((u) => el('tr', { dataset: { testid: 'straw-unassigned-row', id: u.incident_id, code: u.code }, onclick: () => this.select(u.incident_id) }, [
        el('td', {}, u.incident_id), el('td', { class: 'num' }, u.score), el('td', {}, u.reason)]))),
    ])] : []));
    const g = this.group.routes;
    g.clearLayers();
    routes.forEach((r, i) => {
      const pts = [r.start_location, ...r.stops.map((s) => s.location), r.base].map((p) => [p.lat, p.lon]);
      L.polyline(pts, { color: ROUTE_COLORS[i % ROUTE_COLORS.length], weight: 3, opacity: 0.8 }).bindTooltip(r.route_id).addTo(g);
      L.circleMarker(pts[0], { radius: 5, color: ROUTE_COLORS[i % ROUTE_COLORS.length], fillColor: '#fff', fillOpacity: 1 }).bindTooltip(`${r.team} 出发点`).addTo(g);
    });
    setStatus(`已派单：${routes.length} 条路线，未派出 ${d.unassigned.length} 个`);
  }

  /** Publishes the dispatch (and each re-plan, replacing it) to the export tab: registry id
   *  `straw` (docs/FIELD.md); also a `zouhang:plan` event. */
  publish() {
    const plan = this.plan.plan;
    this.app.plans.set('straw', plan);
    window.dispatchEvent(new CustomEvent('zouhang:plan', { detail: { kind: 'straw', plan } }));
  }
}
