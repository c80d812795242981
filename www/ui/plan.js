// The "plan routes" tab (路线规划): pick stops (a filtered list around a station, or clicks on
// the map), a base, the number of teams and the shift; solve in the worker with a progress bar
// and a cancel button; see the routes, per-route distance, time and stop table. Stops can be
// dragged on the map onto another route, moved in the table, locked, and the rest re-optimised.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { api } from '../api.js';
import { clear, el, fmt, setStatus } from './dom.js';
import { registerPlannerSection } from './plan_persist.js';
import { routesPlanDocument } from './plan_doc.js';

const CATEGORIES = ['工业企业', '餐饮', '汽修', '加油站', '建筑工地', '电厂'];
const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];
const ESTIMATE = '估算：直线距离 × 1.3（未加载路网）';

export class PlanPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.map = mapView;
    this.app = app;
    this.layer = L.layerGroup().addTo(mapView.map);
    this.candidates = [];
    this.selected = new Set();
    this.base = null;
    this.plan = null; // last response
    this.draft = null; // [{vehicle, stops: [{id, lock}]}]: the plan with the user's edits
    this.picking = false;
    this.running = false;
    mapView.map.on('click', (e) => this.mapClick(e.latlng));
    this.render();
    // the draft survives a reload and goes into the workspace file (www/ui/plan_persist.js)
    if (app && app.store) {
      registerPlannerSection(app.store, this);
      this.root.addEventListener('change', () => this.changed());
    }
  }

  /** Tells the workspace store that the draft changed (it saves a moment later). */
  changed() {
    if (this.app && this.app.store) this.app.store.changed();
  }

  /** Forgets the draft: the form back to its defaults, no candidates, base or routes. */
  reset() {
    this.candidates = [];
    this.selected = new Set();
    this.base = null;
    this.plan = null;
    this.draft = null;
    this.picking = false;
    this.render();
    if (this.stations) this.setStations(this.stations);
    this.draw();
  }

  render() {
    const r = clear(this.root);
    r.append(el('h2', {}, '路线规划'));
    const relist = () => this.filterChanged();
    this.station = el('select', { dataset: { testid: 'plan-station' }, onchange: relist });
    this.radius = el('select', { dataset: { testid: 'plan-radius' }, onchange: relist },
      [1, 3, 5, 10].map((v) => el('option', { value: v, selected: v === 3 }, `${v} km`)));
    this.cats = CATEGORIES.map((c) => el('input', { type: 'checkbox', checked: c === '工业企业' || c === '电厂', value: c, onchange: relist }));
    this.teams = el('input', { type: 'number', min: 1, max: 20, value: 2, dataset: { testid: 'plan-teams' } });
    this.shiftStart = el('input', { type: 'time', value: '08:30', dataset: { testid: 'plan-shift-start' } });
    this.shiftEnd = el('input', { type: 'time', value: '17:30', dataset: { testid: 'plan-shift-end' } });
    this.service = el('input', { type: 'number', min: 0, max: 600, value: 20 });
    this.speed = el('input', { type: 'number', min: 5, max: 120, value: 30 });
    this.seconds = el('input', { type: 'number', min: 1, max: 120, value: 3, dataset: { testid: 'plan-seconds' } });
    this.baseLabel = el('span', { dataset: { testid: 'plan-base' } }, '（默认以所选站点为基地）');
    r.append(
      el('div', { class: 'form-grid' }, [
        el('label', {}, '站点'), this.station,
        el('label', {}, '半径'), this.radius,
        el('label', {}, '类别'), el('div', { class: 'chips' }, this.cats.map((c) => el('label', {}, [c, c.value]))),
        el('label', {}, '基地'), el('span', {}, [this.baseLabel, ' ',
          el('button', { class: 'secondary', onclick: () => this.pickBase() }, '在地图上点选')]),
        el('label', {}, '小组数'), this.teams,
        el('label', {}, '班次'), el('span', {}, [this.shiftStart, ' – ', this.shiftEnd, '（结束早于开始即跨夜）']),
        el('label', {}, '每点停留'), el('span', {}, [this.service, ' 分钟']),
        el('label', {}, '车速'), el('span', {}, [this.speed, ' km/h']),
        el('label', {}, '计算时间'), el('span', {}, [this.seconds, ' 秒']),
      ]),
    );
    this.solveBtn = el('button', { class: 'primary', dataset: { testid: 'plan-solve' }, onclick: () => this.solve(false) }, '规划路线');
    this.reoptBtn = el('button', { class: 'secondary', dataset: { testid: 'plan-reoptimise' }, disabled: true, onclick: () => this.solve(true) }, '保留锁定，重新优化');
    this.cancelBtn = el('button', { class: 'secondary', dataset: { testid: 'plan-cancel' }, disabled: true, onclick: () => api.solveCancel() }, '取消');
    r.append(el('div', { class: 'actions' }, [
      el('button', { class: 'secondary', dataset: { testid: 'plan-list' }, onclick: () => this.list() }, '重新列出候选点'),
      this.solveBtn, this.reoptBtn, this.cancelBtn,
    ]));
    this.progress = el('progress', { max: 1, value: 0, dataset: { testid: 'plan-progress' } });
    this.progressText = el('span', { class: 'muted' });
    r.append(el('div', {}, [this.progress, ' ', this.progressText]));
    this.candidateBox = el('div', { class: 'list-wrap', dataset: { testid: 'plan-candidates' } });
    this.result = el('div', { dataset: { testid: 'plan-result' } });
    r.append(this.candidateBox, this.result);
  }

  onData({ stations }) {
    this.setStations(stations);
  }

  /** The tab is shown: on first use the candidates around the chosen station are listed at once. */
  onShow() {
    this.shown = true;
    this.autoList();
  }

  autoList() {
    if (!this.shown || !this.stations || !this.stations.length || this.listing) return;
    if (this.candidates.length || this.plan || this.draft) return;
    this.list();
  }

  /** The station, radius or categories changed: list again unless routes are already planned. */
  filterChanged() {
    if (!this.plan && !this.draft) this.list();
  }

  setStations(stations) {
    this.stations = stations;
    // a restored draft names its station before the stations are known
    const current = this.wantStation || this.station.value;
    this.wantStation = null;
    clear(this.station);
    for (const s of stations) this.station.append(el('option', { value: s.code }, `${s.code} ${s.name}`));
    this.station.value = current && stations.some((s) => s.code === current) ? current : (stations.find((s) => s.code === '1161A') || stations[0] || {}).code || '';
    this.autoList();
  }

  async list() {
    this.listing = true;
    try {
      const s = await api.surroundings({
        station: this.station.value,
        radius_km: Number(this.radius.value),
        wind_from_deg: null,
        sector_deg: 90,
        categories: this.cats.filter((c) => c.checked).map((c) => c.value),
      });
      this.candidates = s.sources;
      this.selected = new Set(s.sources.map((x) => x.id));
      const st = s.station.location;
      this.base = { lon: st.lon, lat: st.lat };
      this.baseLabel.textContent = `${s.station.code} ${s.station.name}`;
      this.plan = null;
      this.draft = null;
      this.renderCandidates();
      this.draw();
      this.map.map.fitBounds(L.latLng(st.lat, st.lon).toBounds(s.radius_m * 2.3));
      setStatus(`候选点 ${s.sources.length} 个（点击地图上的点可取消或重新选中）`);
      this.changed();
    } catch (err) {
      setStatus(err.message, true);
    } finally {
      this.listing = false;
    }
  }

  renderCandidates() {
    const body = el('tbody');
    for (const c of this.candidates) {
      const box = el('input', {
        type: 'checkbox',
        checked: this.selected.has(c.id),
        onchange: () => this.toggle(c.id, box.checked),
      });
      body.append(el('tr', {}, [el('td', {}, box), el('td', {}, c.category), el('td', {}, c.name), el('td', { class: 'num' }, fmt.m(c.distance_m))]));
    }
    clear(this.candidateBox).append(
      el('p', {}, `已选 ${this.selected.size} / ${this.candidates.length} 个点`),
      el('table', {}, [el('thead', {}, el('tr', {}, ['', '类别', '名称', '距离'].map((h) => el('th', {}, h)))), body]),
    );
  }

  toggle(id, on) {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    this.renderCandidates();
    this.draw();
    this.changed();
  }

  pickBase() {
    this.picking = true;
    setStatus('请在地图上点击基地位置');
  }

  mapClick(latlng) {
    if (!this.picking) return;
    this.picking = false;
    this.base = { lon: latlng.lng, lat: latlng.lat };
    this.baseLabel.textContent = `${latlng.lng.toFixed(5)}, ${latlng.lat.toFixed(5)}`;
    this.draw();
    setStatus('基地已设定');
    this.changed();
  }

  request(withDraft) {
    const byId = new Map(this.candidates.map((c) => [c.id, c]));
    const stops = [...this.selected].filter((id) => byId.has(id)).map((id) => {
      const c = byId.get(id);
      return { id, lon: c.lon, lat: c.lat, service_s: Number(this.service.value) * 60 };
    });
    const n = Math.max(1, Math.min(20, Number(this.teams.value) || 1));
    const vehicles = Array.from({ length: n }, (_, i) => ({
      id: `第${i + 1}组`,
      start: this.base,
      shift: [this.shiftStart.value || '08:00', this.shiftEnd.value || '17:00'],
      speed_kmh: Number(this.speed.value) || 30,
    }));
    const req = { stops, vehicles, options: { time_limit_ms: Math.round(Number(this.seconds.value) * 1000) || 3000 } };
    if (withDraft && this.draft) {
      const ok = new Set(stops.map((s) => s.id));
      const teams = new Set(vehicles.map((v) => v.id));
      req.initial_routes = this.draft
        .filter((r) => teams.has(r.vehicle))
        .map((r) => ({ vehicle: r.vehicle, stops: r.stops.filter((s) => ok.has(s.id)).map((s) => ({ id: s.id, lock: s.lock })) }));
    }
    return req;
  }

  async solve(withDraft) {
    if (this.running) return;
    if (!this.base || this.selected.size === 0) {
      setStatus('请至少选择一个点：勾选列出的候选点，或在地图上点选', true);
      return;
    }
    this.running = true;
    this.solveBtn.disabled = true;
    this.reoptBtn.disabled = true;
    this.cancelBtn.disabled = false;
    this.progress.value = 0;
    try {
      const res = await api.solve(this.request(withDraft), (p) => {
        this.progress.value = p.fraction;
        this.progressText.textContent = `迭代 ${fmt.int(p.iterations)}，当前最优 ${fmt.m(p.best_cost)}${p.best_unassigned ? `，未安排 ${p.best_unassigned}` : ''}`;
      });
      this.plan = res;
      const locks = new Map();
      for (const r of this.draft || []) for (const s of r.stops) if (s.lock !== 'none') locks.set(s.id, s.lock);
      this.draft = res.routes.map((r) => ({ vehicle: r.vehicle, stops: r.stops.map((s) => ({ id: s.id, lock: locks.get(s.id) || 'none' })) }));
      this.progress.value = 1;
      this.renderPlan();
      this.draw();
      this.publish();
      setStatus(`规划完成：${res.routes.length} 条路线，共 ${fmt.m(res.summary.distance_m)}${res.check.feasible ? '（独立校验通过）' : '（校验未通过）'}`, !res.check.feasible);
    } catch (err) {
      setStatus(err.message, true);
    } finally {
      this.running = false;
      this.solveBtn.disabled = false;
      this.reoptBtn.disabled = !this.plan;
      this.cancelBtn.disabled = true;
      this.changed();
    }
  }

  /** Publishes the last answer to the export tab as registry id `routes` (docs/FIELD.md); each
   *  re-optimisation replaces it. */
  publish() {
    if (!this.app || !this.app.plans || !this.plan || !this.base) return;
    const doc = routesPlanDocument(this.plan, this.candidates, this.base, this.baseLabel.textContent.startsWith('（') ? '基地' : this.baseLabel.textContent);
    if (doc.routes.length) this.app.plans.set('routes', doc);
  }

  /** Moves stop `id` to route `vehicle` after stop `after` (or to its end); it stays on that route. */
  move(id, vehicle, after = null) {
    let stop = null;
    for (const r of this.draft) {
      const i = r.stops.findIndex((s) => s.id === id);
      if (i >= 0) stop = r.stops.splice(i, 1)[0];
    }
    let target = this.draft.find((r) => r.vehicle === vehicle);
    if (!target) {
      target = { vehicle, stops: [] };
      this.draft.push(target);
    }
    stop = stop || { id, lock: 'none' };
    if (stop.lock === 'none') stop.lock = 'route';
    const at = after === null ? -1 : target.stops.findIndex((s) => s.id === after);
    target.stops.splice(at < 0 ? target.stops.length : at + 1, 0, stop);
    this.renderPlan();
    this.draw();
    setStatus('已修改，点击“保留锁定，重新优化”重新计算其余部分');
    this.changed();
  }

  renderPlan() {
    const res = this.plan;
    const out = clear(this.result);
    if (!res) return;
    const names = new Map(this.candidates.map((c) => [c.id, c.name]));
    const routeOut = new Map(res.routes.map((r) => [r.vehicle, r]));
    const teams = Array.from({ length: Math.max(1, Number(this.teams.value) || 1) }, (_, i) => `第${i + 1}组`);
    if (res.along_roads) {
      out.append(el('p', { dataset: { testid: 'plan-roads' } },
        `按道路计算（已加载路网）${res.road_problems ? `；${res.road_problems} 个点无法接入路网` : ''}`));
    } else {
      out.append(el('p', { class: 'estimate', dataset: { testid: 'plan-estimate' } }, ESTIMATE));
    }
    out.append(el('p', {}, `总里程 ${fmt.m(res.summary.distance_m)}，总时长 ${(res.summary.duration_s / 3600).toFixed(2)} h，${res.routes.length} 组出车，独立校验：${res.check.feasible ? '通过' : '未通过'}`));
    // fewer teams out than asked: say why (the solver minimises the total distance)
    if (res.routes.length < teams.length) {
      const idle = teams.length - res.routes.length;
      out.append(el('p', { class: 'hint', dataset: { testid: 'plan-teams-note' } }, res.unassigned.length
        ? `要求 ${teams.length} 组，${res.routes.length} 组出车：另外 ${idle} 组也无法在班次内服务下面列出的未安排点（原因见下）。`
        : `要求 ${teams.length} 组，${res.routes.length} 组出车：${res.routes.length} 组即可在班次内走完全部点，多派 ${idle} 组只会增加总里程（规划以总里程最短为目标）。如需各组分担，请在表中把部分点改派给其他组、锁定后重新优化。`));
    }
    this.draft.forEach((r, k) => {
      const ro = routeOut.get(r.vehicle);
      const times = new Map((ro ? ro.stops : []).map((s) => [s.id, s]));
      out.append(el('h3', { style: `color:${COLORS[k % COLORS.length]}` },
        ro ? `${r.vehicle}：${r.stops.length} 个点，${fmt.m(ro.distance_m)}，${ro.start}–${ro.end}（${(ro.duration_s / 3600).toFixed(2)} h）` : `${r.vehicle}：${r.stops.length} 个点（待重新优化）`));
      const body = el('tbody');
      r.stops.forEach((s, i) => {
        const t = times.get(s.id);
        const lock = el('input', { type: 'checkbox', checked: s.lock !== 'none', title: '锁定：保持在本组并保持顺序',
          onchange: () => { s.lock = lock.checked ? 'position' : 'none'; } });
        const to = el('select', { onchange: () => this.move(s.id, to.value) }, teams.map((v) => el('option', { value: v, selected: v === r.vehicle }, v)));
        body.append(el('tr', {}, [
          el('td', { class: 'num' }, i + 1), el('td', {}, names.get(s.id) || s.id),
          el('td', {}, t ? t.arrival : '—'), el('td', {}, t ? t.departure : '—'),
          el('td', {}, lock), el('td', {}, to),
        ]));
      });
      out.append(el('table', { dataset: { testid: 'plan-route' } }, [
        el('thead', {}, el('tr', {}, ['#', '名称', '到达', '离开', '锁定', '改派'].map((h) => el('th', {}, h)))), body]));
    });
    if (res.unassigned.length) {
      out.append(el('h3', {}, `未安排 ${res.unassigned.length} 个点`));
      out.append(el('ul', {}, res.unassigned.map((u) => el('li', {}, `${names.get(u.id) || u.id}：${u.reason_text}`))));
    }
  }

  /** Draws a route leg by leg along the loaded road graph (straight where a leg has no road path). */
  async drawAlongRoads(g, vehicle, pts, color) {
    const line = [];
    for (let i = 0; i + 1 < pts.length; i++) {
      const [a, b] = [pts[i], pts[i + 1]];
      try {
        const r = await api.roadRoute([a[1], a[0]], [b[1], b[0]]);
        for (const [lon, lat] of r.geometry) line.push([lat, lon]);
      } catch {
        line.push(a, b);
      }
    }
    if (g !== this.layer) return;
    this.root.dataset.roadVertices = String(Number(this.root.dataset.roadVertices || 0) + line.length);
    L.polyline(line, { color, weight: 3, className: 'plan-road-route' })
      .bindTooltip(`${vehicle} · 按道路`)
      .addTo(g);
  }

  draw() {
    const g = this.layer;
    delete this.root.dataset.roadVertices;
    g.clearLayers();
    const byId = new Map(this.candidates.map((c) => [c.id, c]));
    const onRoute = new Set((this.draft || []).flatMap((r) => r.stops.map((s) => s.id)));
    for (const c of this.candidates) {
      if (onRoute.has(c.id)) continue;
      const on = this.selected.has(c.id);
      L.circleMarker([c.lat, c.lon], { radius: 6, color: on ? '#1d4ed8' : '#94a3b8', weight: 2, fillOpacity: on ? 0.7 : 0.1 })
        .bindTooltip(`${c.name}${on ? '（已选）' : '（点击选中）'}`)
        .on('click', (e) => {
          L.DomEvent.stopPropagation(e);
          this.toggle(c.id, !this.selected.has(c.id));
        })
        .addTo(g);
    }
    if (this.base) {
      L.circleMarker([this.base.lat, this.base.lon], { radius: 9, color: '#111827', weight: 3, fillColor: '#facc15', fillOpacity: 1 })
        .bindTooltip('基地').addTo(g);
    }
    (this.draft || []).forEach((r, k) => {
      const color = COLORS[k % COLORS.length];
      const pts = [this.base, ...r.stops.map((s) => byId.get(s.id)).filter(Boolean), this.base].map((p) => [p.lat, p.lon]);
      if (pts.length > 2 && this.plan && this.plan.along_roads) {
        this.drawAlongRoads(g, r.vehicle, pts, color);
      } else if (pts.length > 2) {
        L.polyline(pts, { color, weight: 3, dashArray: '6 6' })
          .bindTooltip(`${r.vehicle} · 估算（直线）`, { permanent: true, direction: 'center', className: 'estimate' })
          .addTo(g);
      }
      r.stops.forEach((s, i) => {
        const c = byId.get(s.id);
        if (!c) return;
        const icon = L.divIcon({ className: 'plan-stop', html: '', iconSize: [20, 20] });
        const m = L.marker([c.lat, c.lon], { icon, draggable: true, title: `${r.vehicle} #${i + 1} ${c.name}` });
        m.on('add', () => {
          const node = m.getElement();
          if (!node) return;
          node.textContent = String(i + 1);
          node.style.background = color;
          if (s.lock !== 'none') node.classList.add('locked');
        });
        m.on('dragend', () => this.dropped(s.id, m.getLatLng()));
        m.addTo(g);
      });
    });
  }

  /** A stop dragged on the map goes after the nearest other stop (onto that stop's route). */
  dropped(id, latlng) {
    const byId = new Map(this.candidates.map((c) => [c.id, c]));
    let best = null;
    for (const r of this.draft || []) {
      for (const s of r.stops) {
        const c = byId.get(s.id);
        if (!c || s.id === id) continue;
        const d = this.map.map.distance(latlng, [c.lat, c.lon]);
        if (!best || d < best.d) best = { d, vehicle: r.vehicle, after: s.id };
      }
    }
    if (best) this.move(id, best.vehicle, best.after);
    else this.draw();
  }
}
