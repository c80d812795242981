// The roads tab: load a road network (the embedded Suzhou graph, a file, or the roads of the
// current view from Overpass), save it as .zhg, and try a route by clicking two points. The
// status line always says whether distances are by road or straight-line estimates.
// The loaded network is part of the workspace (section "roads"): the embedded graph as a
// marker, any other network as its prepared .zhg bytes (read back in well under a second,
// with no import or contraction to redo).
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { api } from '../api.js';
import { clear, el, fmt, setStatus } from './dom.js';
import { fetchOverpass } from './overpass.js';
import { WorkspaceError, bytesFromJson } from '../store.js';

const ENDPOINT_KEY = 'zouhang.overpass.endpoint';
const ROAD_COLORS = { motorway: '#dc2626', trunk: '#ea580c', primary: '#ca8a04', secondary: '#65a30d' };

export class RoadsPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.map = mapView;
    this.app = app;
    this.stats = null;
    this.picking = null;
    this.routeLayer = L.layerGroup().addTo(mapView.map);
    // what the workspace keeps: null, {kind: 'default'} or {kind: 'zhg', name, bytes}
    this.source = null;
    this.render();
    mapView.map.on('click', (e) => this.onMapClick(e));
    if (app && app.store) {
      app.store.register('roads', {
        save: () => this.source,
        validate: (d) => checkSection(d),
        restore: (d) => this.restore(d),
      });
    }
  }

  /** Puts back the workspace's network; a network that cannot be read is reported on the
   *  status line and leaves the straight-line estimates (never the rest of the workspace). */
  async restore(d) {
    try {
      checkSection(d);
    } catch (err) {
      setStatus(`路网未恢复：${err.message}`, true);
      d = null;
    }
    if (!d) {
      if (this.stats) {
        await api.clearRoads();
        this.showStats(null);
        this.map.drawRoads(await api.roadBaseSegments());
      }
      this.source = null;
      return;
    }
    const out = await this.run(
      '恢复路网',
      () => (d.kind === 'default' ? api.loadDefaultRoads() : api.loadRoads(d.name || 'roads.zhg', bytesFromJson(d.bytes, '路网'))),
      { keep: false },
    );
    if (out && out.stats) {
      this.source = d;
    } else {
      // the saved graph could not be read: straight-line estimates, said on the status line
      await api.clearRoads();
      this.showStats(null);
      this.source = null;
    }
  }

  /** Records what was loaded for the workspace: the embedded graph by name, anything else as
   *  the prepared .zhg the core writes (kept as bytes, written to the workspace file as base64). */
  async remember(kind, name) {
    if (kind === 'default') this.source = { kind: 'default' };
    else if (kind === null) this.source = null;
    else {
      try {
        this.source = { kind: 'zhg', name: name.replace(/\.(osm\.pbf|pbf|osm|json|gz|zhg)$/i, '') + '.zhg', bytes: await api.roadsFile() };
      } catch (err) {
        this.source = null;
        setStatus(`路网已加载，但无法保存到工作区：${err.message}`, true);
      }
    }
    if (this.app && this.app.store) this.app.store.changed();
  }

  render() {
    const r = clear(this.root);
    r.append(el('h2', {}, '路网'));
    this.status = el('p', { class: 'roads-status', dataset: { testid: 'roads-status' } });
    r.append(this.status);
    r.append(
      el('div', { class: 'row' }, [
        el('button', { dataset: { testid: 'roads-default' }, onclick: () => this.run('加载内置路网', () => api.loadDefaultRoads(), { keep: 'default' }) }, '内置苏州主干路网'),
        el('label', { class: 'button' }, [
          '导入路网文件…',
          el('input', {
            type: 'file',
            hidden: true,
            accept: '.pbf,.osm,.json,.zhg,.gz',
            dataset: { testid: 'roads-file' },
            onchange: (e) => this.loadFile(e.target.files && e.target.files[0]),
          }),
        ]),
      ]),
    );
    r.append(el('p', { class: 'hint' }, '支持 .osm.pbf、.osm（XML）、Overpass JSON 与本应用保存的 .zhg 路网文件；大城市请用命令行 zouhang roads build 生成 .zhg 后导入。'));
    const saved = localStorage.getItem(ENDPOINT_KEY) || '';
    this.endpoint = el('input', { type: 'url', placeholder: 'Overpass 服务地址（默认 overpass-api.de）', value: saved, dataset: { testid: 'roads-endpoint' } });
    this.progress = el('progress', { max: 1, value: 0, hidden: true, dataset: { testid: 'roads-progress' } });
    r.append(
      el('div', { class: 'row' }, [
        this.endpoint,
        el('button', { dataset: { testid: 'roads-overpass' }, onclick: () => this.loadView() }, '加载当前视图的道路'),
        this.progress,
      ]),
    );
    r.append(
      el('div', { class: 'row' }, [
        el('button', { dataset: { testid: 'roads-save' }, onclick: () => this.save() }, '保存路网（.zhg）'),
        el('button', { onclick: () => this.run('清除路网', async () => (await api.clearRoads(), null), { keep: null }) }, '清除路网'),
      ]),
    );
    r.append(el('h3', {}, '路线试算'));
    this.metric = el('select', { dataset: { testid: 'roads-metric' } }, [
      el('option', { value: 'time' }, '最短时间'),
      el('option', { value: 'distance' }, '最短距离'),
    ]);
    r.append(
      el('div', { class: 'row' }, [
        this.metric,
        el('button', { dataset: { testid: 'roads-pick' }, onclick: () => this.startPick() }, '在地图上点起点和终点'),
      ]),
    );
    this.result = el('div', { dataset: { testid: 'roads-route' } });
    r.append(this.result);
    this.showStats(null);
  }

  showStats(stats) {
    this.stats = stats;
    if (!stats) {
      this.status.textContent = '未加载路网：路线距离为直线估计（直线距离 × 1.3 绕行系数）。';
      this.status.dataset.mode = 'straight';
      return;
    }
    this.status.dataset.mode = 'road';
    this.status.textContent =
      `已加载路网：${fmt.int(stats.nodes)} 个节点，${fmt.int(stats.edges)} 条路段，共 ${fmt.int(Math.round(stats.length_km))} km；` +
      `路线使用道路距离与行驶时间。`;
  }

  /** Runs a load/clear job and shows its outcome. `keep`: what the workspace should remember
   *  after success ('default', 'file' with `name`, null for cleared, false for nothing). */
  async run(label, job, { keep = 'file', name = label } = {}) {
    try {
      setStatus(`${label}…`);
      const out = await job();
      if (keep !== false && (out === null || (out && out.stats))) await this.remember(out === null ? null : keep, name);
      if (out && out.stats) {
        this.showStats(out.stats);
        await this.drawNetwork();
      } else if (out === null) {
        this.showStats(null);
        this.map.drawRoads(await api.roadBaseSegments());
      }
      const rep = out && out.report;
      setStatus(rep ? `${label}完成：${rep.format}，${fmt.int(rep.nodes)} 个节点，${fmt.int(rep.edges)} 条路段，${rep.issues.length} 条提示` : `${label}完成`);
      return out;
    } catch (err) {
      setStatus(`${label}失败：${err.message}`, true);
      this.status.dataset.error = err.message;
      return undefined;
    }
  }

  async drawNetwork() {
    const lines = await api.roadPolylines(null);
    const segments = [];
    for (const l of lines) for (let i = 1; i < l.coordinates.length; i++) segments.push([l.coordinates[i - 1], l.coordinates[i]]);
    this.map.drawRoads(segments);
  }

  async loadFile(file) {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    await this.run(`导入 ${file.name}`, () => api.loadRoads(file.name, bytes), { name: file.name });
  }

  async loadView() {
    const b = this.map.map.getBounds();
    const bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];
    const stamp = new Date().toISOString().slice(0, 10);
    await this.run('加载当前视图的道路', async () => {
      const req = await api.overpassRequest(bbox);
      const endpoint = this.endpoint.value.trim() || req.endpoint;
      localStorage.setItem(ENDPOINT_KEY, this.endpoint.value.trim());
      this.progress.hidden = false;
      this.progress.removeAttribute('value');
      try {
        const bytes = await fetchOverpass({
          endpoint,
          query: req.query,
          maxBytes: req.maxBytes,
          onProgress: (n, total) => {
            if (total) {
              this.progress.max = total;
              this.progress.value = n;
            }
            setStatus(`正在下载道路数据：${(n / 1e6).toFixed(1)} MB`);
          },
        });
        setStatus('正在建立路网…');
        return await api.loadOverpass(bytes);
      } finally {
        this.progress.hidden = true;
      }
    }, { name: `overpass-${stamp}` });
  }

  async save() {
    try {
      const bytes = await api.roadsFile();
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const a = el('a', { href: url, download: 'roads.zhg' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  startPick() {
    this.picking = [];
    this.routeLayer.clearLayers();
    setStatus('请在地图上点击起点');
  }

  async onMapClick(e) {
    if (!this.picking) return;
    const p = [e.latlng.lng, e.latlng.lat];
    this.picking.push(p);
    L.circleMarker([p[1], p[0]], { radius: 5, color: '#2563eb' }).addTo(this.routeLayer);
    if (this.picking.length < 2) {
      setStatus('请在地图上点击终点');
      return;
    }
    const [from, to] = this.picking;
    this.picking = null;
    await this.route(from, to);
  }

  /** Routes between two [lon, lat] points by road, or says why it can only estimate. */
  async route(from, to) {
    const r = clear(this.result);
    if (!this.stats) {
      r.append(el('p', { dataset: { testid: 'roads-route-mode' } }, '未加载路网：无法计算道路路线，请先加载路网。'));
      return;
    }
    try {
      const route = await api.roadRoute(from, to, { metric: this.metric.value });
      L.polyline(route.geometry.map(([lon, lat]) => [lat, lon]), { color: ROAD_COLORS.motorway, weight: 4 }).addTo(this.routeLayer);
      r.append(
        el('p', { dataset: { testid: 'roads-route-mode' } }, '按道路计算（路网）'),
        el('p', { dataset: { testid: 'roads-route-summary' } }, `${fmt.m(route.distance_m)}，约 ${Math.round(route.duration_s / 60)} 分钟`),
        el('p', { class: 'hint' }, `起点距道路 ${fmt.m(route.from.distance_m)}，终点距道路 ${fmt.m(route.to.distance_m)}`),
      );
      setStatus('路线已计算');
    } catch (err) {
      r.append(el('p', { class: 'error', dataset: { testid: 'roads-route-error' } }, err.message));
      setStatus(err.message, true);
    }
  }
}

/** Checks a workspace's roads section without loading it; throws a WorkspaceError. */
function checkSection(d) {
  if (d === null || d === undefined) return;
  if (typeof d !== 'object') throw new WorkspaceError('工作区中的路网格式不正确');
  if (d.kind === 'default') return;
  if (d.kind !== 'zhg') throw new WorkspaceError(`工作区中的路网类型未知（「${d.kind}」）`);
  const bytes = bytesFromJson(d.bytes, '工作区中的路网');
  // the .zhg magic; the core checks version, checksum and invariants when it loads the graph
  const magic = [...'ZHROADS'].map((c) => c.charCodeAt(0));
  if (bytes.length < 16 || !magic.every((b, i) => bytes[i] === b)) throw new WorkspaceError('工作区中的路网文件已损坏（不是 .zhg 路网）');
}
