// The station-surroundings tab (国控站点重点涉气污染源地图): choose a station, radius, wind;
// see rings and the upwind sector on the map, counts per category and ring, and a sortable
// list; export CSV and GeoJSON.
import { api } from '../api.js';
import { clear, download, el, fmt, setStatus } from './dom.js';

const CATEGORIES = ['工业企业', '餐饮', '汽修', '加油站', '建筑工地', '电厂'];
const COLUMNS = [
  ['distance_m', '距离', (x) => fmt.m(x.distance_m), 'num'],
  ['bearing_deg', '方位', (x) => `${x.direction} ${fmt.deg(x.bearing_deg)}`, 'num'],
  ['category', '类别', (x) => x.category],
  ['name', '名称', (x) => x.name],
  ['upwind', '上风向', (x) => (x.upwind === true ? '是' : x.upwind === false ? '' : '—')],
];

const ROAD_COLUMN = ['road_distance_m', '道路距离', (x) => (x.road_distance_m == null ? '不通' : fmt.m(x.road_distance_m)), 'num'];

export class StationPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.map = mapView;
    this.app = app;
    this.sort = { key: 'distance_m', dir: 1 };
    this.result = null;
    this.render();
  }

  render() {
    const r = clear(this.root);
    r.append(el('h2', {}, '国控站点周边污染源'));
    this.station = el('select', { dataset: { testid: 'station-select' } });
    this.radius = el('select', { dataset: { testid: 'station-radius' } },
      [0.5, 1, 3, 5].map((v) => el('option', { value: v, selected: v === 3 }, `${v} km`)));
    this.wind = el('input', { type: 'number', min: 0, max: 360, step: 1, placeholder: '不考虑', dataset: { testid: 'station-wind' } });
    this.sector = el('input', { type: 'number', min: 10, max: 360, step: 5, value: 90, dataset: { testid: 'station-sector' } });
    this.cats = CATEGORIES.map((c) => el('input', { type: 'checkbox', checked: true, value: c }));
    r.append(
      el('div', { class: 'form-grid' }, [
        el('label', {}, '站点'), this.station,
        el('label', {}, '半径'), this.radius,
        el('label', {}, '风向（来向）'), el('span', {}, [this.wind, ' °（北=0，东=90）']),
        el('label', {}, '上风向扇区'), el('span', {}, [this.sector, ' °']),
        el('label', {}, '类别'), el('div', { class: 'chips' }, this.cats.map((c) => el('label', {}, [c, c.value]))),
      ]),
    );
    r.append(
      el('div', { class: 'actions' }, [
        el('button', { class: 'primary', dataset: { testid: 'station-run' }, onclick: () => this.run() }, '查询'),
        el('button', { class: 'secondary', dataset: { testid: 'export-csv' }, onclick: () => this.export('csv') }, '导出 CSV'),
        el('button', { class: 'secondary', dataset: { testid: 'export-geojson' }, onclick: () => this.export('geojson') }, '导出 GeoJSON'),
      ]),
    );
    this.summary = el('div', { dataset: { testid: 'station-summary' } });
    this.counts = el('div');
    this.list = el('div', { class: 'list-wrap' });
    r.append(this.summary, this.counts, this.list);
  }

  onData({ stations }) {
    this.setStations(stations);
  }

  setStations(stations) {
    const current = this.station.value;
    clear(this.station);
    for (const s of stations) {
      this.station.append(el('option', { value: s.code }, `${s.code} ${s.name}（${s.city}）`));
    }
    if (current && stations.some((s) => s.code === current)) this.station.value = current;
  }

  query() {
    const wind = this.wind.value === '' ? null : Number(this.wind.value);
    return {
      station: this.station.value,
      radius_km: Number(this.radius.value),
      wind_from_deg: wind,
      sector_deg: Number(this.sector.value) || 90,
      categories: this.cats.filter((c) => c.checked).map((c) => c.value),
    };
  }

  async open(code) {
    this.station.value = code;
    await this.run();
  }

  async run() {
    const q = this.query();
    if (!q.station) return;
    try {
      const [s, gj] = await Promise.all([api.surroundings(q), api.surroundingsGeojson(q)]);
      this.result = s;
      this.map.drawSurroundings(gj, s, (x) => this.highlight(x.id));
      this.renderResult();
      setStatus(`${s.station.name}：${s.sources.length} 个污染源`);
    } catch (err) {
      setStatus(err.message, true);
      clear(this.summary).append(el('div', { class: 'bad' }, err.message));
    }
  }

  renderResult() {
    const s = this.result;
    clear(this.summary).append(
      el('p', {}, [
        el('strong', {}, `${s.station.code} ${s.station.name}`),
        ` 周边 ${s.radius_m / 1000} km 内污染源 `,
        el('strong', { dataset: { testid: 'station-total' } }, String(s.sources.length)),
        ' 个',
        s.wind_from_deg != null
          ? `，风向（来向）${s.wind_from_deg}°，上风向 ${s.sources.filter((x) => x.upwind).length} 个`
          : '',
      ]),
    );
    const bands = s.rings_km.map((r, i) => (i === 0 ? `0–${r}` : `${s.rings_km[i - 1]}–${r}`) + ' km');
    const body = el('tbody');
    for (const c of s.counts.filter((c) => c.total > 0)) {
      body.append(
        el('tr', {}, [
          el('td', {}, c.category),
          ...c.per_ring.map((n) => el('td', { class: 'num' }, n)),
          el('td', { class: 'num' }, c.total),
          el('td', { class: 'num' }, s.wind_from_deg != null ? c.upwind : '—'),
        ]),
      );
    }
    clear(this.counts).append(
      el('table', { class: 'grid', dataset: { testid: 'station-counts' } }, [
        el('thead', {}, el('tr', {}, [el('th', {}, '类别'), ...bands.map((b) => el('th', {}, b)), el('th', {}, '合计'), el('th', {}, '上风向')])),
        body,
      ]),
    );
    this.renderList();
  }

  renderList() {
    const s = this.result;
    const { key, dir } = this.sort;
    const rows = [...s.sources].sort((a, b) => {
      const va = a[key];
      const vb = b[key];
      const c = typeof va === 'number' ? va - vb : String(va ?? '').localeCompare(String(vb ?? ''), 'zh-CN');
      return c * dir || a.distance_m - b.distance_m;
    });
    const columns = s.distances_by_road ? [...COLUMNS, ROAD_COLUMN] : COLUMNS;
    const head = el('tr', {}, columns.map(([k, label]) =>
      el('th', {
        class: `sortable${k === key ? (dir > 0 ? ' sorted-asc' : ' sorted-desc') : ''}`,
        dataset: { sort: k },
        onclick: () => {
          this.sort = { key: k, dir: k === key ? -dir : 1 };
          this.renderList();
        },
      }, label)));
    const body = el('tbody');
    for (const x of rows) {
      body.append(
        el('tr', {
          class: x.upwind ? 'upwind' : '',
          dataset: { testid: 'station-row', id: x.id },
          onclick: () => this.map.flyTo(x.lon, x.lat),
        }, columns.map(([, , get, cls]) => el('td', { class: cls || '' }, get(x)))),
      );
    }
    const basis = s.distances_by_road
      ? '道路距离：按已加载路网的最短行驶距离；“距离”为直线距离'
      : '距离为直线距离（未加载路网；在“路网”面板加载后显示道路距离）';
    clear(this.list).append(el('p', { class: 'hint', dataset: { testid: 'station-distance-basis' } }, basis), el('table', { class: 'grid', dataset: { testid: 'station-list' } }, [el('thead', {}, head), body]));
  }

  highlight(id) {
    const row = this.list.querySelector(`tr[data-id="${CSS.escape(id)}"]`);
    if (row) {
      row.scrollIntoView({ block: 'nearest' });
      row.classList.add('upwind');
    }
  }

  async export(kind) {
    const q = this.query();
    if (!q.station) return;
    try {
      if (kind === 'csv') {
        download(`${q.station}_周边污染源_${q.radius_km}km.csv`, await api.surroundingsCsv(q), 'text/csv;charset=utf-8');
      } else {
        download(`${q.station}_周边污染源_${q.radius_km}km.geojson`, await api.surroundingsGeojson(q), 'application/geo+json');
      }
    } catch (err) {
      setStatus(err.message, true);
    }
  }
}
