// Bootstrap: starts the worker-hosted core, loads the embedded Suzhou data, draws the map and
// wires the panels. Everything else lives in ui/*.js; only api.js talks to the core.
import { api } from './api.js';
import { setStatus } from './ui/dom.js';
import { MapView } from './ui/map.js';
import { LayersPanel } from './ui/layers.js';
import { StationPanel } from './ui/station.js';
import { PlanPanel } from './ui/plan.js';

const mapView = new MapView(document.getElementById('map'));
let station;

function showTab(name) {
  for (const b of document.querySelectorAll('.tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  for (const s of document.querySelectorAll('.tab')) s.classList.toggle('active', s.id === `tab-${name}`);
}
for (const b of document.querySelectorAll('.tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));

async function refresh() {
  const [counts, stations, sources, fires] = await Promise.all([api.counts(), api.stations(), api.sources(), api.fires()]);
  mapView.drawStations(stations, (code) => {
    showTab('station');
    station.open(code);
  });
  mapView.drawSources(sources);
  mapView.drawFires(fires);
  layers.setCounts({ ...counts, roads: mapView.counts.roads ?? 0 });
  station.setStations(stations);
  plan.setStations(stations);
}

const layers = new LayersPanel(document.getElementById('tab-layers'), mapView, refresh);
station = new StationPanel(document.getElementById('tab-station'), mapView);
const plan = new PlanPanel(document.getElementById('tab-plan'), mapView);

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

(async () => {
  try {
    document.getElementById('version').textContent = `v${await api.version()}`;
    await api.loadDefaults();
    mapView.drawRoads(await api.roadBaseSegments());
    await refresh();
    setStatus('已加载苏州默认数据');
    document.body.dataset.ready = '1';
  } catch (err) {
    setStatus(`加载失败：${err.message}`, true);
    document.body.dataset.ready = 'error';
  }
})();
