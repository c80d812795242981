// Bootstrap: starts the worker-hosted core, loads the embedded Suzhou data, draws the map and
// wires the panels. Everything else lives in ui/*.js; only api.js talks to the core.
//
// Each workflow is a panel (a class taking (rootElement, mapView, app)) registered in PANELS;
// adding a workflow is one import and one line here.
import { api } from './api.js';
import { el, setStatus } from './ui/dom.js';
import { MapView } from './ui/map.js';
import { LayersPanel } from './ui/layers.js';
import { StationPanel } from './ui/station.js';
import { DrawPanel } from './ui/draw.js';
import { ExportPanel } from './ui/export.js';
import { PlanRegistry, WorkspaceStore } from './store.js';
import { StrawPanel } from './ui/straw.js';
import { PlanPanel } from './ui/plan.js';
import { MonthPanel } from './ui/month.js';
import { RoadsPanel } from './ui/roads.js';
import { FieldRecords } from './ui/field_records.js';
import { controllerBuild, startOffline } from './offline.js';
import { StartPanel } from './ui/start.js';
import { TabLayers } from './ui/tab_layers.js';

// In the order of the work: start, the data, the workflows, then the hand-off. Labels stay
// short (2–3 characters) so the nine tabs fit one row of the panel without wrapping; the full
// name is the tab's tooltip and its heading.
const PANELS = [
  ['start', '开始', StartPanel, '开始'],
  ['layers', '图层', LayersPanel, '图层与导入'],
  ['roads', '路网', RoadsPanel, '路网'],
  ['station', '周边', StationPanel, '站点周边污染源'],
  ['month', '走航', MonthPanel, '月度走航计划'],
  ['straw', '秸秆', StrawPanel, '秸秆禁烧巡查派单'],
  ['draw', '双随机', DrawPanel, '双随机抽查'],
  ['plan', '路线', PlanPanel, '路线规划'],
  ['export', '导出', ExportPanel, '导出与导航'],
];

const mapView = new MapView(document.getElementById('map'));
const panels = {};
// each tab shows its own map layers (and those kept visible in the map's 图层 control)
const tabLayers = new TabLayers(mapView, panels, PANELS.map(([name, , , title]) => [name, title]));

/** What every panel may use: the map, the api, tab switching and a data-changed broadcast. */
const app = {
  api,
  map: mapView,
  panels,
  showTab,
  /** Redraws the layers and tells every panel (`onData(data)`) that the data changed. */
  refresh,
};

// The session's plans and records, and their persistence (IndexedDB, workspace files).
app.plans = new PlanRegistry();
app.records = { verifications: [], inspections: [] };
app.store = new WorkspaceStore(api);
app.store.track();
// storage faults (quota, another tab, a section that failed to save) go to the status line
app.store.onNotice = (text, isError = false) => setStatus(text, isError);
app.store.register('plans', { save: () => app.plans.toJSON(), restore: (d) => app.plans.replaceAll(d || []) });
app.store.register('records', {
  save: () => app.records,
  restore: (d) => {
    app.records.verifications.splice(0, Infinity, ...((d && d.verifications) || []));
    app.records.inspections.splice(0, Infinity, ...((d && d.inspections) || []));
  },
});
app.plans.onChange(() => app.store.changed());
// records imported from team mode (docs/FIELD.md); store section `field`
app.field = new FieldRecords(app);

function showTab(name) {
  for (const b of document.querySelectorAll('#tabs button')) {
    b.classList.toggle('active', b.dataset.tab === name);
    // at phone size the tabs are one row that scrolls: keep the chosen one in view
    if (b.dataset.tab === name && b.parentElement.scrollWidth > b.parentElement.clientWidth) {
      b.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }
  for (const s of document.querySelectorAll('.tab')) s.classList.toggle('active', s.id === `tab-${name}`);
  tabLayers.show(name);
  // a panel may do its first step when first shown (路线规划 lists its candidates)
  if (panels[name] && panels[name].onShow) panels[name].onShow();
}

const tabs = document.getElementById('tabs');
const sections = document.getElementById('tab-sections');
for (const [name, label, Panel, title] of PANELS) {
  tabs.append(el('button', { role: 'tab', title, dataset: { tab: name, testid: `tab-${name}` }, onclick: () => showTab(name) }, label));
  const section = el('section', { id: `tab-${name}`, class: 'tab' });
  sections.append(section);
  panels[name] = new Panel(section, mapView, app);
}
showTab(PANELS[0][0]);

async function refresh() {
  const [counts, stations, sources, fires] = await Promise.all([api.counts(), api.stations(), api.sources(), api.fires()]);
  mapView.drawStations(stations, (code) => {
    showTab('station');
    panels.station.open(code);
  });
  mapView.drawSources(sources);
  mapView.drawFires(fires);
  const data = { counts: { ...counts, roads: mapView.counts.roads ?? 0 }, stations, sources, fires };
  for (const p of Object.values(panels)) if (p.onData) p.onData(data);
}

const basemap = document.getElementById('basemap');
const tdtKey = document.getElementById('tdt-key');
tdtKey.value = localStorage.getItem('zouhang.tianditu.key') || '';
function applyBasemap() {
  tdtKey.hidden = basemap.value !== 'tianditu';
  localStorage.setItem('zouhang.tianditu.key', tdtKey.value.trim());
  localStorage.setItem('zouhang.basemap', basemap.value);
  mapView.setBasemap(basemap.value, tdtKey.value.trim());
}
basemap.value = localStorage.getItem('zouhang.basemap') || 'none';
basemap.addEventListener('change', applyBasemap);
tdtKey.addEventListener('change', applyBasemap);
applyBasemap();
app.store.register('settings', {
  save: () => ({ basemap: basemap.value }),
  restore: (d) => {
    if (d && d.basemap && d.basemap !== basemap.value) {
      basemap.value = d.basemap;
      applyBasemap();
    }
  },
});

(async () => {
  try {
    document.getElementById('version').textContent = `v${await api.version()}`;
    await api.loadDefaults();
    const restored = await app.store.restore();
    // a road network restored with the workspace has drawn itself; otherwise the base roads
    if (!(panels.roads && panels.roads.stats)) mapView.drawRoads(await api.roadBaseSegments());
    await refresh();
    setStatus('已加载苏州默认数据');
    if (restored) setStatus(`已恢复上次的工作区（${restored.imports} 个导入文件，${app.plans.size} 个计划）`);
    // the 开始 panel greets an empty workspace; a restored one opens on its data
    const onStart = document.querySelector('#tabs button.active[data-tab=start]');
    if (onStart && ((restored && restored.imports) || app.plans.size)) showTab('layers');
    if (app.store.warnings.length) setStatus(app.store.warnings.join('；'), true);
    if (app.store.lastError) setStatus(app.store.lastError, true);
    document.body.dataset.ready = '1';
  } catch (err) {
    setStatus(`加载失败：${err.message}`, true);
    document.body.dataset.ready = 'error';
  }
  // Offline use (sw.js) and persistent storage: after start-up, so neither delays the page.
  const status = document.getElementById('status');
  const say = (text, append) => {
    if (append && status.classList.contains('error')) return;
    setStatus(append && status.textContent ? `${status.textContent}；${text}` : text);
  };
  // the footer names the build the service worker serves (after the first install, too)
  const version = document.getElementById('version');
  const appVersion = version.textContent;
  const showBuild = async () => {
    const build = await controllerBuild();
    if (build) version.textContent = `${appVersion} · 构建 ${build.slice(0, 8)}`;
  };
  if (navigator.serviceWorker) navigator.serviceWorker.addEventListener('controllerchange', showBuild);
  showBuild();
  await startOffline(document.getElementById('offline-state'), say);
})();
