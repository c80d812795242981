// The 开始 tab: the first screen of an empty workspace. One card per workflow says in a line what
// it needs and what it gives, with a button that opens its tab. The data already loaded (the
// embedded Suzhou layers) is counted, so the user sees what is there before importing anything.
import { clear, el, fmt } from './dom.js';

/** [tab, title, needs, gives]: in the order of the work. */
export const WORKFLOWS = [
  ['month', '月度走航计划', '走航车辆与频次规则（默认按苏州 2023 年方案）；走航目标已内置演示数据。', '一个月的走航日历、每次走航的路线和合规检查表。'],
  ['straw', '秸秆禁烧巡查派单', '火点文件（FIRMS、葵花）或手工录入的火点；巡查队伍、驻地和班次。', '按优先级排好的各队巡查路线，以及未派出火点的原因。'],
  ['draw', '双随机抽查', '企业名录和执法人员名录（CSV）；抽查比例等规则。', '可复核的抽取结果、检查组和各组每天的检查路线。'],
  ['plan', '路线规划', '要去的点（站点周边自动列出，或在地图上点选）、出发地、小组数和班次。', '各小组的巡查路线、到达时间和停靠点表。'],
  ['station', '站点周边污染源', '国控站点和企业图层（已内置苏州数据）。', '站点 0.5–5 km 内的污染源清单，可按风向标出上风向。'],
];

/** Optional first steps: own data and a road network. */
const PREPARE = [
  ['layers', '导入自己的数据', '企业、站点、火点的 CSV 或 GeoJSON 文件。'],
  ['roads', '加载路网（可选）', '按道路计算行车距离和时间；不加载则按直线距离估算。'],
  ['export', '打开已有工作区', '在“导出”页打开保存过的工作区文件，继续上次的工作。'],
];

export class StartPanel {
  constructor(root, mapView, app) {
    this.root = root;
    this.app = app;
    this.render(null);
  }

  onData({ counts }) {
    this.render(counts);
  }

  render(counts) {
    const r = clear(this.root);
    r.append(el('h2', {}, '开始'));
    const loaded = counts
      ? `已载入：国控站点 ${fmt.int(counts.stations || 0)} 个、企业与电厂 ${fmt.int(counts.sources || 0)} 家、火点 ${fmt.int(counts.fires || 0)} 个。`
      : '正在载入内置的苏州数据…';
    r.append(
      el('p', {}, '本工具在浏览器中规划环境巡查和走航监测路线，所有数据只在本机处理，不上传。'),
      el('p', { class: 'muted', dataset: { testid: 'start-loaded' } }, loaded),
      el('h3', {}, '选一项工作'),
    );
    for (const [tab, title, needs, gives] of WORKFLOWS) r.append(this.card(tab, title, needs, gives));
    r.append(el('h3', {}, '准备数据'));
    for (const [tab, title, text] of PREPARE) r.append(this.card(tab, title, text, null));
    r.append(el('p', { class: 'muted' }, '有了计划后，在“导出”页下载 GPX / KML、打印 A4 路线单或生成手机导航二维码。'));
  }

  card(tab, title, needs, gives) {
    return el('div', { class: 'start-card', dataset: { testid: `start-${tab}` } }, [
      el('div', { class: 'start-text' }, [
        el('div', { class: 'start-title' }, title),
        el('div', {}, gives ? `需要：${needs}` : needs),
        gives ? el('div', { class: 'muted' }, `得到：${gives}`) : null,
      ]),
      el('button', { class: gives ? 'primary' : 'secondary', dataset: { testid: `start-go-${tab}` }, onclick: () => this.app.showTab(tab) }, gives ? '开始' : '前往'),
    ]);
  }
}
