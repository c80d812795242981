// The printable A4 route sheet and monthly report (styles in print.css): built into #print-root
// with DOM calls (user text only via textContent); the map is the core's SVG, which holds only
// numbers and is parsed as SVG, never as HTML.
import { api } from '../api.js';
import { clear, el } from './dom.js';

const KIND_LABELS = { depot: '出发/返回点', visit: '检查点', road_start: '路段起点', road_end: '路段终点' };

const mins = (s) => (Number.isFinite(s) && s > 0 ? Math.round(s / 60) : 0);
const km = (m) => (Number.isFinite(m) && m >= 0 ? (m / 1000).toFixed(1) : '—');
const hm = (s) => {
  const m = mins(s);
  return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
};

/** The print container (created once, a direct child of <body>). */
export function printRoot() {
  let root = document.getElementById('print-root');
  if (!root) {
    root = el('div', { id: 'print-root', dataset: { testid: 'print-root' } });
    document.body.append(root);
  }
  return root;
}

function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  return svg && svg.nodeName === 'svg' ? document.importNode(svg, true) : el('div', {}, '（地图无法显示）');
}

/** Builds the route sheets of a plan into #print-root; resolves to the root. */
export async function buildRouteSheets(plan) {
  const root = clear(printRoot());
  for (const [i, r] of plan.routes.entries()) {
    const svg = await api.routeMapSvg(plan, i, 720, 430);
    const body = el('tbody');
    r.stops.forEach((s, k) => {
      body.append(
        el('tr', { dataset: { testid: 'sheet-stop' } }, [
          el('td', { class: 'num' }, String(k + 1)),
          el('td', {}, s.name),
          el('td', {}, s.id),
          el('td', {}, KIND_LABELS[s.kind] || s.kind),
          el('td', {}, s.arrival || ''),
          el('td', {}, s.departure || ''),
          el('td', { class: 'num' }, String(mins(s.service_s))),
          el('td', {}, s.note || ''),
          el('td', { class: 'check' }),
        ]),
      );
    });
    const sub = [`路线 ${i + 1}：${r.name}`];
    if (r.team) sub.push(`班组/车辆：${r.team}`);
    if (r.date) sub.push(`日期：${r.date}`);
    const totals = [`停靠点 ${r.stops.length} 个`, `里程 ${km(r.distance_m)} km`, `用时 ${hm(r.duration_s)}`];
    if (r.measured_m != null) totals.push(`走航有效里程 ${km(r.measured_m)} km`);
    totals.push(r.along_roads ? '沿道路计算' : '直线距离估算');
    root.append(
      el('section', { class: 'sheet', dataset: { testid: 'sheet' } }, [
        el('header', {}, [el('h1', {}, plan.title), el('p', { class: 'sub' }, sub.join(' · '))]),
        el('div', { class: 'map' }, svgNode(svg)),
        el('table', { class: 'stops' }, [
          el('thead', {}, el('tr', {}, ['序号', '名称', '编号', '类型', '到达', '离开', '停留(分)', '备注', '✓'].map((h) => el('th', {}, h)))),
          body,
        ]),
        el('p', { class: 'totals' }, totals.join('　')),
        el('p', { class: 'foot' }, '坐标 WGS-84 · 走航规划 zouhang'),
      ]),
    );
  }
  return root;
}

/** Builds the monthly report table into #print-root. */
export function buildReportSheet(report) {
  const root = clear(printRoot());
  const rows = el('tbody');
  for (const r of report.rows) {
    rows.append(el('tr', { dataset: { key: r.key } }, [el('td', {}, r.item), el('td', { class: 'num' }, r.value), el('td', {}, r.unit), el('td', {}, r.source)]));
  }
  const cases = el('tbody');
  report.key_cases.forEach((k, i) => {
    cases.append(
      el('tr', {}, [
        el('td', { class: 'num' }, String(i + 1)),
        el('td', {}, k.incident_id),
        el('td', {}, k.time),
        el('td', {}, k.type === 'straw' ? '秸秆焚烧' : k.type === 'garbage' ? '垃圾焚烧' : k.type),
        el('td', { class: 'num' }, k.burned_area_m2 != null ? String(Math.round(k.burned_area_m2)) : ''),
        el('td', {}, k.place || ''),
        el('td', {}, k.note || ''),
      ]),
    );
  });
  root.append(
    el('section', { class: 'sheet report' }, [
      el('header', {}, el('h1', {}, `${report.unit || ''}${report.month} 月度工作统计表`)),
      el('table', { class: 'report-table' }, [el('thead', {}, el('tr', {}, ['项目', '本月', '单位', '数据来源'].map((h) => el('th', {}, h)))), rows]),
      el('h2', {}, '重点案件'),
      el('table', { class: 'report-table' }, [
        el('thead', {}, el('tr', {}, ['序号', '编号', '时间', '类型', '过火面积(m²)', '地点', '备注'].map((h) => el('th', {}, h)))),
        cases,
      ]),
    ]),
  );
  return root;
}

/** Prints what is in #print-root (the rest of the page is hidden by print.css). */
export function printNow() {
  document.body.classList.add('printing');
  const done = () => {
    document.body.classList.remove('printing');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}
