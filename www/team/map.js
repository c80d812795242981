// The team's map: Leaflet (the vendored global build, no wasm) on a plain background that
// works offline, optional OpenStreetMap tiles; the route along roads where the link carries a
// path (dashed straight lines otherwise), numbered stops coloured by state, the phone's position.
import { decodePolyline } from './link.js';
import { textTooltips } from '../ui/text_tooltips.js';

const L = window.L;
textTooltips(L);
const COLOURS = { next: '#ea580c', done: '#16a34a', skipped: '#94a3b8', arrived: '#2563eb', open: '#1d4ed8', depot: '#dc2626' };

export class TeamMap {
  constructor(el) {
    this.map = L.map(el, { zoomControl: true, attributionControl: true, preferCanvas: true, tap: false });
    this.map.setView([31.3, 120.6], 10);
    this.layer = L.layerGroup().addTo(this.map);
    this.me = L.layerGroup().addTo(this.map);
    this.tiles = null;
    this.bounds = null;
  }

  setBasemap(kind) {
    if (this.tiles) this.tiles.remove();
    this.tiles = null;
    if (kind === 'osm') {
      this.tiles = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 19, attribution: '© OpenStreetMap 贡献者' }).addTo(this.map);
    }
  }

  /** Draws the route; `stateOf(stop)` gives next|done|skipped|arrived|open|depot. */
  draw(doc, stateOf, fit) {
    this.layer.clearLayers();
    const r = doc.route;
    const path = doc.line ? decodePolyline(doc.line) : [];
    const straight = r.stops.map((s) => [s.location.lat, s.location.lon]);
    const line = path.length >= 2 ? path : straight;
    L.polyline(line, { color: '#2563eb', weight: 5, opacity: 0.75, dashArray: path.length >= 2 ? null : '8 6' }).addTo(this.layer);
    r.stops.forEach((s, i) => {
      const state = stateOf(s);
      const big = state === 'next';
      L.circleMarker([s.location.lat, s.location.lon], {
        radius: big ? 12 : 9, color: '#fff', weight: 3, fillColor: COLOURS[state] || COLOURS.open, fillOpacity: 1,
      }).bindTooltip(`${i + 1}. ${s.name}`, { permanent: big, direction: 'top', offset: [0, -10] }).addTo(this.layer);
    });
    this.bounds = L.latLngBounds(line);
    if (fit) this.fit();
  }

  fit() {
    this.map.invalidateSize();
    if (this.bounds && this.bounds.isValid()) this.map.fitBounds(this.bounds, { padding: [24, 24], maxZoom: 15, animate: false });
  }

  showMe(pos) {
    this.me.clearLayers();
    if (!pos) return;
    const at = [pos.lat, pos.lon];
    if (pos.accuracy_m) L.circle(at, { radius: pos.accuracy_m, color: '#0ea5e9', weight: 1, fillOpacity: 0.12 }).addTo(this.me);
    L.circleMarker(at, { radius: 8, color: '#fff', weight: 3, fillColor: '#0ea5e9', fillOpacity: 1 }).bindTooltip('我的位置').addTo(this.me);
  }

  centreOn(pos) {
    if (pos) this.map.setView([pos.lat, pos.lon], Math.max(this.map.getZoom(), 14));
  }

  invalidate() {
    this.map.invalidateSize();
  }
}
