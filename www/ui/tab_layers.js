// Map layers per tab and the legend. Each tab owns the layers its panel drew (its plan's routes,
// its query's rings) and shows them while it is active; the 图层 control on the map keeps chosen
// tabs' layers visible on the other tabs too, and its legend names every symbol and colour that
// is on the map: the base layers (as switched in the 图层 tab) and the layers of the visible tabs.
//
// A layer a hidden tab adds to the map again (a redraw, a restored workspace) is taken off at
// once ('layeradd'), so the rule holds whatever the panels do.
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import { clear, el } from './dom.js';
import { CATEGORY_COLORS } from './map.js';

/** Who drew what the map's overlay holds: 站点周边 (its rings are GeoJSON) or 双随机. The two
 *  share the overlay, and each clears it before drawing. */
function overlayOwner(overlay) {
  return overlay.getLayers().some((l) => l instanceof L.GeoJSON) ? 'station' : 'draw';
}

/** The layers a tab owns. */
function ownedLayers(tab, panel, mapView) {
  if (!panel) return [];
  switch (tab) {
    case 'station':
    case 'draw':
      return overlayOwner(mapView.layers.overlay) === tab ? [mapView.layers.overlay] : [];
    case 'month':
    case 'plan':
      return [panel.layer];
    case 'roads':
      return [panel.routeLayer];
    case 'export':
      return [panel.overlay];
    case 'straw':
      return Object.values(panel.group || {});
    default:
      return [];
  }
}

const line = (color, dash = false) => ({ kind: 'line', color, dash });
const dot = (fill, stroke = fill) => ({ kind: 'dot', fill, stroke });
const many = (colors, dash = false) => ({ kind: 'many', colors, dash });
const TEAM = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];

/** Legend entries per tab: [symbol, text]. The colours are those the panels draw with. */
const TAB_LEGEND = {
  station: [
    [line('#15803d', true), '距离圈（0.5、1、3、5 km）'],
    [{ kind: 'area', fill: '#fb923c', stroke: '#ea580c' }, '上风向扇区'],
    [dot('#7c3aed', '#c2410c'), '上风向的污染源（橙色描边）'],
  ],
  draw: [
    [dot('#dc2626', '#111827'), '抽中的企业（颜色 = 检查组）'],
    [many(['#dc2626', '#2563eb', '#16a34a', '#d97706']), '检查组每天的路线（每组一种颜色）'],
    [many(['#dc2626', '#2563eb', '#16a34a', '#d97706'], true), '虚线：直线估算，未按道路'],
    [dot('#ffffff', '#111827'), '出发点'],
  ],
  month: [
    [line('#7c3aed'), 'VOCs 走航路线'],
    [line('#a16207'), '道路积尘走航路线'],
    [dot('#7c3aed'), '走航目标（颜色同路线）'],
  ],
  plan: [
    [dot('#1d4ed8', '#1d4ed8'), '候选点（灰色 = 未选）'],
    [dot('#facc15', '#111827'), '基地'],
    [many(TEAM), '各小组路线（每组一种颜色，数字为停靠顺序）'],
    [many(TEAM, true), '虚线：直线估算，未按道路'],
  ],
  straw: [
    [dot('#b91c1c', '#1f2933'), '高优先级火情'],
    [dot('#f97316', '#1f2933'), '中优先级火情'],
    [dot('#eab308', '#1f2933'), '低优先级火情'],
    [many(['#b45309', '#374151', '#1d4ed8', '#65a30d'], true), '禁烧重点区域：高速、铁路、高铁、国道省道（虚线）'],
    [{ kind: 'area', fill: '#be185d', stroke: '#be185d' }, '机场周边禁烧范围'],
    [many(['#2563eb', '#16a34a', '#9333ea', '#db2777']), '各巡查队路线（每队一种颜色）'],
    [dot('#ffffff', '#2563eb'), '巡查队出发点'],
  ],
  export: [
    [many(TEAM), '所选计划的路线（每条一种颜色）'],
    [many(TEAM, true), '虚线：直线估算，未按道路'],
    [dot('#dc2626', '#7f1d1d'), '出发、返回地点'],
  ],
  roads: [
    [line('#dc2626'), '试算路线'],
    [dot('#2563eb'), '起点、终点'],
  ],
};

/** Legend of the base layers, shown while each is switched on in the 图层 tab. */
function baseLegend(shown) {
  const out = [];
  if (shown.stations) out.push([dot('#10b981', '#065f46'), '国控站点（浅色 = 对照点）']);
  if (shown.sources) {
    for (const [cat, color] of Object.entries(CATEGORY_COLORS)) {
      out.push([dot(color), cat === '电厂' ? '电厂（黑色描边）' : cat]);
    }
  }
  if (shown.fires) out.push([dot('#dc2626', '#7f1d1d'), '火点（白天）'], [dot('#f97316', '#7f1d1d'), '火点（夜间）']);
  if (shown.roads) out.push([line('#94a3b8'), '主干路网']);
  return out;
}

/** Which kinds of line the groups hold: {solid, dashed}, looked up through nested groups. */
function lineKinds(groups) {
  const kinds = { solid: false, dashed: false };
  const visit = (layer) => {
    if (layer instanceof L.Polyline && !(layer instanceof L.Polygon)) {
      if (layer.options.dashArray) kinds.dashed = true;
      else kinds.solid = true;
    } else if (layer.eachLayer) layer.eachLayer(visit);
  };
  for (const g of groups) visit(g);
  return kinds;
}

function swatch(sym) {
  if (sym.kind === 'line') {
    return el('span', { class: `lg-line${sym.dash ? ' dash' : ''}`, style: `border-top-color:${sym.color}` });
  }
  if (sym.kind === 'many') {
    return el('span', { class: 'lg-many' }, sym.colors.map((c) => el('span', { class: `lg-line${sym.dash ? ' dash' : ''}`, style: `border-top-color:${c}` })));
  }
  if (sym.kind === 'area') return el('span', { class: 'lg-area', style: `background:${sym.fill};border-color:${sym.stroke}` });
  return el('span', { class: 'lg-dot', style: `background:${sym.fill};border-color:${sym.stroke}` });
}

export class TabLayers {
  /** tabs: [[name, label], …] in display order. */
  constructor(mapView, panels, tabs) {
    this.mapView = mapView;
    this.map = mapView.map;
    this.panels = panels;
    this.tabs = tabs;
    this.active = null;
    this.keep = new Set(JSON.parse(localStorage.getItem('zouhang.keepLayers') || '[]'));
    this.map.on('layeradd', (e) => {
      if (this.active === null) return;
      const owners = this.ownersOf(e.layer);
      if (owners.length && !owners.some((t) => this.visible(t))) setTimeout(() => this.apply(), 0);
    });
    // the legend follows what is drawn (a plan made, a layer switched off)
    this.map.on('layeradd layerremove', () => {
      clearTimeout(this.legendTimer);
      this.legendTimer = setTimeout(() => this.renderControl(), 150);
    });
    this.control = this.makeControl();
  }

  visible(tab) {
    return tab === this.active || this.keep.has(tab);
  }

  ownersOf(layer) {
    return this.tabs.map(([t]) => t).filter((t) => ownedLayers(t, this.panels[t], this.mapView).includes(layer));
  }

  /** Shows tab `name`'s layers (and those kept), hides the others'. */
  show(name) {
    this.active = name;
    this.apply();
  }

  apply() {
    const want = new Map();
    for (const [t] of this.tabs) {
      for (const layer of ownedLayers(t, this.panels[t], this.mapView)) {
        if (!layer) continue;
        want.set(layer, (want.get(layer) || false) || this.visible(t));
      }
    }
    // the shared overlay stays on the map while empty, so whichever tab draws into it is seen
    const overlay = this.mapView.layers.overlay;
    if (!overlay.getLayers().length) want.set(overlay, true);
    for (const [layer, on] of want) {
      if (on && !this.map.hasLayer(layer)) layer.addTo(this.map);
      else if (!on && this.map.hasLayer(layer)) layer.remove();
    }
    this.renderControl();
  }

  makeControl() {
    const Ctl = L.Control.extend({
      onAdd: () => {
        this.box = el('div', { class: 'leaflet-bar map-legend', dataset: { testid: 'map-legend' } });
        L.DomEvent.disableClickPropagation(this.box);
        L.DomEvent.disableScrollPropagation(this.box);
        return this.box;
      },
    });
    const c = new Ctl({ position: 'topright' });
    c.addTo(this.map);
    return c;
  }

  renderControl() {
    if (!this.box) return;
    const open = this.box.querySelector('details') ? this.box.querySelector('details').open : window.innerWidth > 760;
    const d = el('details', { open }, [el('summary', { dataset: { testid: 'map-legend-toggle' } }, '图层与图例')]);
    const shown = Object.fromEntries(Object.entries(this.mapView.layers).map(([k, g]) => [k, this.map.hasLayer(g)]));
    const entries = baseLegend(shown);
    const withLayers = this.tabs.filter(([t]) => TAB_LEGEND[t]);
    for (const [t] of withLayers) {
      // what is on the map, not what should be: the legend reads the map
      const layers = ownedLayers(t, this.panels[t], this.mapView);
      if (!layers.some((g) => g && this.map.hasLayer(g) && g.getLayers().length)) continue;
      // route entries only when such lines are drawn (a plan tab with candidates has none yet)
      const kinds = lineKinds(layers);
      for (const [sym, text] of TAB_LEGEND[t]) {
        if (sym.kind === 'many' && !(sym.dash ? kinds.dashed : kinds.solid)) continue;
        entries.push([sym, text, t]);
      }
    }
    const list = el('div', { class: 'lg-list', dataset: { testid: 'map-legend-list' } });
    for (const [sym, text, from] of entries) {
      list.append(el('div', { class: 'lg-row', dataset: { tab: from || 'base' } }, [swatch(sym), el('span', {}, text)]));
    }
    const keep = el('div', { class: 'lg-keep' }, [el('div', { class: 'muted' }, '在其他页也显示：')]);
    for (const [t, label] of withLayers) {
      const box = el('input', {
        type: 'checkbox',
        checked: this.keep.has(t),
        dataset: { testid: `map-keep-${t}` },
        onchange: (ev) => {
          if (ev.target.checked) this.keep.add(t);
          else this.keep.delete(t);
          localStorage.setItem('zouhang.keepLayers', JSON.stringify([...this.keep]));
          this.apply();
        },
      });
      keep.append(el('label', { class: 'lg-keep-row' }, [box, ` ${label}`]));
    }
    d.append(list, keep);
    clear(this.box).append(d);
  }
}
