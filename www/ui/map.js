// The map: Leaflet with a canvas renderer (thousands of points stay smooth), the app's own
// layers, and optional online tiles. Offline, the map is a plain background with our layers.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { details, fmt } from './dom.js';
import { textTooltips } from './text_tooltips.js';

textTooltips(L);

export const CATEGORY_COLORS = {
  工业企业: '#7c3aed',
  餐饮: '#f59e0b',
  汽修: '#0284c7',
  加油站: '#db2777',
  建筑工地: '#a16207',
  电厂: '#111827',
};

const TIANDITU = (layer, key) =>
  `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
  `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;

export class MapView {
  constructor(container) {
    this.map = L.map(container, { preferCanvas: true, zoomSnap: 0.5 }).setView([31.45, 120.75], 9);
    this.renderer = L.canvas({ padding: 0.5 });
    L.control.scale({ imperial: false }).addTo(this.map);
    this.layers = {
      roads: L.layerGroup().addTo(this.map),
      sources: L.layerGroup().addTo(this.map),
      fires: L.layerGroup().addTo(this.map),
      stations: L.layerGroup().addTo(this.map),
      overlay: L.layerGroup().addTo(this.map),
    };
    this.tiles = [];
    this.counts = {};
  }

  /** Base map: 'none' (offline), 'osm', or 'tianditu' (needs a key). */
  setBasemap(kind, key = '') {
    for (const t of this.tiles) t.remove();
    this.tiles = [];
    if (kind === 'osm') {
      this.tiles.push(
        L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
          maxZoom: 19,
          attribution: '© OpenStreetMap 贡献者',
        }),
      );
    } else if (kind === 'tianditu' && key) {
      const opts = { subdomains: '01234567', maxZoom: 18, attribution: '天地图' };
      this.tiles.push(L.tileLayer(TIANDITU('vec', key), opts), L.tileLayer(TIANDITU('cva', key), opts));
    }
    for (const t of this.tiles) t.addTo(this.map).bringToBack();
  }

  show(name, visible) {
    const layer = this.layers[name];
    if (!layer) return;
    if (visible) layer.addTo(this.map);
    else layer.remove();
  }

  drawRoads(segments) {
    const g = this.layers.roads;
    g.clearLayers();
    const latlngs = segments.map(([a, b]) => [
      [a[1], a[0]],
      [b[1], b[0]],
    ]);
    L.polyline(latlngs, { renderer: this.renderer, color: '#94a3b8', weight: 1.2, interactive: false }).addTo(g);
    this.counts.roads = segments.length;
  }

  drawStations(stations, onSelect) {
    const g = this.layers.stations;
    g.clearLayers();
    for (const s of stations) {
      const m = L.circleMarker([s.location.lat, s.location.lon], {
        renderer: this.renderer,
        radius: 7,
        color: '#065f46',
        weight: 3,
        fillColor: s.background ? '#a7f3d0' : '#10b981',
        fillOpacity: 0.95,
      });
      m.bindTooltip(`${s.code} ${s.name}`, { className: 'station-label', direction: 'top' });
      const box = details(`${s.name}（${s.code}）`, [
        ['城市', s.city],
        ['对照点', s.background ? '是' : '否'],
        ['经纬度', `${s.location.lon.toFixed(4)}, ${s.location.lat.toFixed(4)}`],
      ]);
      if (onSelect) {
        const b = document.createElement('button');
        b.className = 'secondary';
        b.textContent = '查看周边污染源';
        b.addEventListener('click', () => onSelect(s.code));
        box.append(b);
      }
      m.bindPopup(box);
      m.addTo(g);
    }
    this.counts.stations = stations.length;
  }

  drawSources(sources) {
    const g = this.layers.sources;
    g.clearLayers();
    for (const s of sources) {
      const power = s.kind === '电厂';
      const m = L.circleMarker([s.location.lat, s.location.lon], {
        renderer: this.renderer,
        radius: power ? 6 : s.key_polluter ? 4.5 : 3,
        color: power ? '#000' : CATEGORY_COLORS[s.category] || '#475569',
        weight: power ? 2 : 1,
        fillColor: CATEGORY_COLORS[s.category] || '#475569',
        fillOpacity: 0.75,
      });
      m.bindPopup(() =>
        details(s.name, [
          ['编号', s.id],
          ['类别', s.category],
          ['行业', s.industry],
          ['排放类型', s.emission],
          ['重点排污单位', s.key_polluter ? '是' : '否'],
          ['监管类别', s.supervision],
          ['区县', s.district],
          ['装机容量', s.capacity_mw != null ? `${s.capacity_mw} MW` : ''],
          ['燃料', s.fuel],
        ]),
      );
      m.addTo(g);
    }
    this.counts.sources = sources.length;
  }

  drawFires(fires) {
    const g = this.layers.fires;
    g.clearLayers();
    for (const f of fires) {
      const m = L.circleMarker([f.location.lat, f.location.lon], {
        renderer: this.renderer,
        radius: 5,
        color: '#7f1d1d',
        weight: 1,
        fillColor: f.daynight === 'N' ? '#f97316' : '#dc2626',
        fillOpacity: 0.85,
      });
      m.bindPopup(() =>
        details('火点', [
          ['时间（北京时间）', f.time_bj.replace('T', ' ')],
          ['来源', f.source.toUpperCase()],
          ['卫星', f.satellite],
          ['置信度', `${f.confidence_raw || f.confidence_pct}`],
          ['火辐射功率', f.frp_mw != null ? `${f.frp_mw} MW` : ''],
          ['昼夜', f.daynight === 'N' ? '夜间' : f.daynight === 'D' ? '白天' : ''],
          ['备注', f.note],
        ]),
      );
      m.addTo(g);
    }
    this.counts.fires = fires.length;
  }

  /** Draws a surroundings answer: rings and upwind sector from its GeoJSON, sources on top. */
  drawSurroundings(geojsonText, surroundings, onSourceClick) {
    const g = this.layers.overlay;
    g.clearLayers();
    const gj = JSON.parse(geojsonText);
    L.geoJSON(gj, {
      filter: (f) => f.properties.layer === 'ring' || f.properties.layer === 'upwind_sector',
      style: (f) =>
        f.properties.layer === 'ring'
          ? { color: '#15803d', weight: 1.5, dashArray: '4 4', fill: false }
          : { color: '#ea580c', weight: 1, fillColor: '#fb923c', fillOpacity: 0.18 },
      interactive: false,
    }).addTo(g);
    for (const x of surroundings.sources) {
      const m = L.circleMarker([x.lat, x.lon], {
        renderer: this.renderer,
        radius: 6,
        color: x.upwind ? '#c2410c' : '#1f2933',
        weight: 2,
        fillColor: CATEGORY_COLORS[x.category] || '#475569',
        fillOpacity: 0.9,
      });
      m.bindTooltip(`${x.name}｜${fmt.m(x.distance_m)} ${x.direction}`);
      if (onSourceClick) m.on('click', () => onSourceClick(x));
      m.addTo(g);
    }
    const st = surroundings.station.location;
    this.map.fitBounds(L.latLng(st.lat, st.lon).toBounds(surroundings.radius_m * 2.3));
  }

  clearOverlay() {
    this.layers.overlay.clearLayers();
  }

  flyTo(lon, lat, zoom = 15) {
    this.map.flyTo([lat, lon], Math.max(this.map.getZoom(), zoom), { duration: 0.5 });
  }
}
