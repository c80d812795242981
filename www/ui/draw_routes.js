// The routes part of the 双随机 tab: settings (depot, first day, times, speed), the planned
// route sheets per team and day, their lines on the map, and the exports (plan JSON, route sheet
// CSV, GeoJSON). Planning runs in the worker on the last draw; the ordering is the route solver
// (seeded from the draw, a fixed iteration count: the CLI gives the same plan), or on request the
// simple router (nearest neighbour + 2-opt), both on straight-line estimates.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { api } from '../api.js';
import { clear, download, el, setStatus } from './dom.js';

/** The id of the routes in the app's plan registry (one inspection plan at a time). */
export const PLAN_ID = 'draw-inspection';
/** The settings inputs kept as typed in the workspace (the weekend box aside). */
const FORM_FIELDS = ['lon', 'lat', 'depotName', 'startDate', 'dayStart', 'service', 'workday', 'speed', 'router'];

export class DrawRoutes {
  /** root: the container; map: the MapView; colorOf(teamId): the team's colour on the map;
   *  plans: the app's PlanRegistry (optional), where the planned routes are published for the
   *  export tab (GPX, KML, route sheets, navigation links). */
  constructor(root, map, colorOf, plans) {
    this.root = root;
    this.map = map;
    this.colorOf = colorOf;
    this.plans = plans;
    this.routes = null;
    /** The last planning: {settings, plan (null when it gave problems)}, for the workspace. */
    this.lastRun = null;
    /** Called after the user planned routes (set by the panel). */
    this.onChange = null;
    this.group = L.layerGroup();
    this.render();
    this.setEnabled(false);
  }

  render() {
    const num = (testid, value, attrs = {}) => el('input', { type: 'number', value, dataset: { testid }, ...attrs });
    this.lon = el('input', { type: 'text', size: 11, placeholder: '经度', dataset: { testid: 'draw-route-lon' } });
    this.lat = el('input', { type: 'text', size: 10, placeholder: '纬度', dataset: { testid: 'draw-route-lat' } });
    this.depotName = el('input', { type: 'text', size: 16, value: '出发点', dataset: { testid: 'draw-route-depot-name' } });
    this.startDate = el('input', { type: 'date', dataset: { testid: 'draw-route-date' } });
    this.skipWeekends = el('input', { type: 'checkbox', checked: true, dataset: { testid: 'draw-route-skip-weekends' } });
    this.dayStart = el('input', { type: 'time', value: '08:30', dataset: { testid: 'draw-route-day-start' } });
    this.service = num('draw-route-service', 60, { min: 0, step: 5 });
    this.workday = num('draw-route-workday', 480, { min: 1, step: 10 });
    this.speed = num('draw-route-speed', 30, { min: 1, step: 1 });
    this.router = el('select', { dataset: { testid: 'draw-route-router' } }, [
      el('option', { value: 'solver', selected: true }, '路线求解器（每天一条路线，联合分日）'),
      el('option', { value: 'interim' }, '简单排线（最近邻 + 2-opt）'),
    ]);
    this.button = el('button', { class: 'primary', dataset: { testid: 'draw-routes-run' }, onclick: () => this.run() }, '排线');
    this.method = el('p', { class: 'muted', dataset: { testid: 'draw-routes-method' } },
      '路线求解器按每日工作时长和家数上限把各组企业分到各天并排序，按直线距离 × 1.3 估算行车；种子取自抽取，同一抽取结果在浏览器和命令行排出同样的路线。');
    this.box = el('div', { dataset: { testid: 'draw-routes' } });
    this.exports = el('div', { class: 'actions' }, [
      el('button', { class: 'secondary', dataset: { testid: 'draw-routes-export-plan' }, onclick: () => this.export('plan') }, '路线 JSON'),
      el('button', { class: 'secondary', dataset: { testid: 'draw-routes-export-csv' }, onclick: () => this.export('csv') }, '路线单 CSV'),
      el('button', { class: 'secondary', dataset: { testid: 'draw-routes-export-geojson' }, onclick: () => this.export('geojson') }, 'GeoJSON'),
    ]);
    this.exports.style.display = 'none';
    clear(this.root).append(
      el('h2', {}, '检查路线'),
      el('p', { class: 'muted' }, '按抽取结果为各检查组排出每日路线（每日上限和天数取自抽查规则）。路线只在本机计算，导出前不会离开浏览器；排出的路线也可在“导出与导航”中导出 GPX、KML、路线单和导航链接。'),
      el('div', { class: 'form-grid' }, [
        el('label', {}, '出发点'), el('span', {}, [this.lon, ' ', this.lat, ' ', this.depotName]),
        el('label', {}, ''), el('span', { class: 'muted' }, '留空则各组以本组企业的中心为出发点'),
        el('label', {}, '开始日期'), el('span', {}, [this.startDate, ' ', el('label', {}, [this.skipWeekends, ' 跳过周末'])]),
        el('label', {}, '出发时间'), this.dayStart,
        el('label', {}, '每家检查'), el('span', {}, [this.service, ' 分钟']),
        el('label', {}, '每日工作'), el('span', {}, [this.workday, ' 分钟']),
        el('label', {}, '车速'), el('span', {}, [this.speed, ' km/h']),
        el('label', {}, '排线方法'), this.router,
      ]),
      el('div', { class: 'actions' }, [this.button]),
      this.method,
      this.box,
      this.exports,
    );
  }

  setEnabled(on) {
    this.button.disabled = !on;
  }

  /** Forgets the routes (a new draw or new registers). */
  clear() {
    this.routes = null;
    this.lastRun = null;
    clear(this.box);
    this.exports.style.display = 'none';
    this.group.clearLayers();
    this.group.remove();
  }

  settings() {
    const text = (input) => input.value.trim();
    const number = (input) => (text(input) === '' ? NaN : Number(text(input)));
    const s = {
      depot_name: text(this.depotName) || '出发点',
      skip_weekends: this.skipWeekends.checked,
      day_start: text(this.dayStart),
      service_min: number(this.service),
      workday_min: number(this.workday),
      speed_kmh: number(this.speed),
      router: this.router.value,
    };
    if (text(this.lon) !== '' || text(this.lat) !== '') s.depot = { lon: number(this.lon), lat: number(this.lat) };
    if (text(this.startDate) !== '') s.start_date = text(this.startDate);
    return s;
  }

  /** The form's fields as typed (for the workspace). */
  formState() {
    const f = {};
    for (const k of FORM_FIELDS) f[k] = this[k].value;
    f.skipWeekends = this.skipWeekends.checked;
    return f;
  }

  /** Puts fields saved by formState() back; unknown or missing fields stay as they are. */
  setFormState(f) {
    for (const k of FORM_FIELDS) if (typeof f[k] === 'string') this[k].value = f[k];
    if (typeof f.skipWeekends === 'boolean') this.skipWeekends.checked = f.skipWeekends;
  }

  async run() {
    await this.plan(this.settings());
    if (this.onChange) this.onChange();
  }

  /** Plans the last draw's routes with these settings and shows them; returns the core's
   *  answer, or null when it could not read the settings. */
  async plan(settings) {
    this.clear();
    let answer;
    try {
      answer = await api.drawRoutes(JSON.stringify(settings));
    } catch (err) {
      // e.g. a number field left empty or out of the integer range: the settings cannot be read
      this.box.append(el('div', { class: 'report bad', dataset: { testid: 'draw-routes-error' } }, err.message));
      setStatus(err.message, true);
      return null;
    }
    this.lastRun = { settings, plan: answer.ok ? answer.routes.plan : null };
    if (!answer.ok) {
      this.renderProblems(answer.problems);
      setStatus(`无法排线：${answer.problems.length} 个问题`, true);
      return answer;
    }
    this.routes = answer.routes;
    this.method.textContent = `排线方法：${answer.routes.method}`;
    this.renderRoutes();
    this.drawMap();
    this.exports.style.display = '';
    if (this.plans) this.plans.set(PLAN_ID, answer.routes.plan);
    setStatus(`排出 ${answer.routes.plan.routes.length} 条检查路线`);
    return answer;
  }

  renderProblems(problems) {
    const body = el('tbody');
    for (const p of problems) {
      body.append(el('tr', { dataset: { testid: 'draw-route-problem', code: p.code, field: p.field ?? '' } }, [
        el('td', {}, p.code), el('td', {}, p.field ?? ''), el('td', { class: 'bad' }, p.message), el('td', {}, p.action),
      ]));
    }
    this.box.append(el('table', { class: 'grid' }, [
      el('thead', {}, el('tr', {}, ['代码', '设置', '原因', '怎么改'].map((h) => el('th', {}, h)))),
      body,
    ]));
  }

  renderRoutes() {
    const { plan, warnings } = this.routes;
    for (const w of warnings) {
      this.box.append(el('div', { class: 'muted', dataset: { testid: 'draw-route-warning', code: w.code } }, `提示：${w.message}（${w.action}）`));
    }
    const body = el('tbody');
    for (const r of plan.routes) {
      const visits = r.stops.filter((s) => s.kind === 'visit');
      const team = r.id.split('-')[0];
      body.append(el('tr', {
        dataset: { testid: 'draw-route', id: r.id, stops: visits.map((s) => s.id).join(',') },
        onclick: () => this.focus(r),
      }, [
        el('td', {}, [el('span', { class: 'swatch', style: `background:${this.colorOf(team)}` }), ` ${r.name}`]),
        el('td', { class: 'num' }, visits.length),
        el('td', { class: 'num' }, (r.distance_m / 1000).toFixed(1)),
        el('td', { class: 'num' }, `${Math.floor(r.duration_s / 3600)}:${String(Math.round((r.duration_s % 3600) / 60)).padStart(2, '0')}`),
        el('td', {}, visits.map((s) => `${s.arrival} ${s.name}`).join(' → ')),
      ]));
    }
    this.box.append(el('div', { class: 'list-wrap' }, el('table', { class: 'grid', dataset: { testid: 'draw-route-table' } }, [
      el('thead', {}, el('tr', {}, ['线路', '家数', '里程 km', '时长', '到达与企业'].map((h) => el('th', {}, h)))),
      body,
    ])));
  }

  drawMap() {
    this.group.clearLayers();
    for (const r of this.routes.plan.routes) {
      const team = r.id.split('-')[0];
      const line = (r.geometry.length ? r.geometry : r.stops.map((s) => s.location)).map((p) => [p.lat, p.lon]);
      L.polyline(line, { renderer: this.map.renderer, color: this.colorOf(team), weight: 2, opacity: 0.8, dashArray: r.along_roads ? null : '6 4' })
        .bindTooltip(r.name)
        .addTo(this.group);
    }
    const depots = new Map();
    for (const r of this.routes.plan.routes) {
      const d = r.stops[0];
      if (d) depots.set(`${d.location.lon},${d.location.lat}`, d);
    }
    for (const d of depots.values()) {
      L.circleMarker([d.location.lat, d.location.lon], { renderer: this.map.renderer, radius: 7, color: '#111827', weight: 2, fillColor: '#ffffff', fillOpacity: 1 })
        .bindTooltip(d.name)
        .addTo(this.group);
    }
    this.group.addTo(this.map.layers.overlay);
  }

  focus(route) {
    const pts = route.stops.map((s) => [s.location.lat, s.location.lon]);
    if (pts.length) this.map.map.fitBounds(L.latLngBounds(pts), { padding: [30, 30], maxZoom: 14 });
  }

  async export(format) {
    if (!this.routes) return;
    const names = { plan: ['路线.json', 'application/json'], csv: ['路线单.csv', 'text/csv;charset=utf-8'], geojson: ['路线.geojson', 'application/geo+json'] };
    const [suffix, type] = names[format];
    try {
      download(`双随机_${suffix}`, await api.drawRoutesExport(format), type);
    } catch (err) {
      setStatus(err.message, true);
    }
  }
}
