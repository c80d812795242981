// The export tab's team links: for the selected plan, one link and QR code per route that opens
// team mode (team.html) on a patrol team's phone with that route inside the link's fragment
// (docs/FIELD.md). The core builds the links and QR codes (nav::team_links); a link longer than
// one QR code holds is offered as a .zhroute file instead.
import { api } from '../api.js';
import { clear, download, el } from './dom.js';

function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  return doc.documentElement && doc.documentElement.nodeName === 'svg' ? document.importNode(doc.documentElement, true) : null;
}

/** The team page's address next to this page (no query, no fragment). */
export function teamPageUrl() {
  return new URL('team.html', `${location.origin}${location.pathname}`).href;
}

export class TeamLinks {
  constructor(root) {
    this.root = root;
    this.token = 0;
  }

  /** Shows the links of plan `id` (published at `madeAt`), or a hint when there is none. */
  async show(id, plan, madeAt) {
    const token = ++this.token;
    clear(this.root);
    if (!plan) return;
    let links;
    try {
      const ref = { id, kind: plan.kind || '', title: plan.title || '', made_at: madeAt || '' };
      links = await api.teamLinks(plan, ref, teamPageUrl());
    } catch (err) {
      if (token === this.token) this.root.append(el('p', { class: 'bad' }, `无法生成巡查端链接：${err.message}`));
      return;
    }
    if (token !== this.token) return;
    this.root.append(el('p', { class: 'muted' }, '每条路线一个链接：巡查队用手机扫码或点开链接，路线即存入手机（无需联网、不经服务器），可标记停靠点、核查拍照、离线使用，记录导出后交回调度员导入。'));
    if (!madeAt) this.root.append(el('p', { class: 'warn' }, '此计划没有生成时间：导入巡查记录时无法判断计划是否已重新派单。'));
    for (const l of links) this.root.append(this.routeBox(l));
  }

  routeBox(l) {
    const qr = l.qr_svg ? svgNode(l.qr_svg) : null;
    const file = () => download(`${(l.team || l.route_name || l.route).replace(/[\\/:*?"<>|\s]+/g, '_')}.zhroute`, `${l.url}\n`, 'text/plain;charset=utf-8');
    const copy = async (e) => {
      try {
        await navigator.clipboard.writeText(l.url);
        e.target.textContent = '已复制';
      } catch {
        e.target.textContent = '无法复制：请长按链接复制';
      }
    };
    return el('div', { class: 'nav-leg', dataset: { testid: 'team-route', route: l.route, bytes: String(l.url_bytes) } }, [
      qr ? el('div', { class: 'qr', title: '点击放大', dataset: { testid: 'team-qr' }, onclick: (e) => e.currentTarget.classList.toggle('big') }, qr) : null,
      el('div', {}, [
        el('strong', {}, `${l.route_name}${l.team && l.team !== l.route_name ? `（${l.team}）` : ''}：${l.stops} 个停靠点`),
        el('div', { class: 'links' }, [
          el('a', { href: l.url, target: '_blank', rel: 'noopener', dataset: { testid: 'team-link' } }, '巡查端链接'),
          ' · ',
          el('button', { class: 'linkish', onclick: copy }, '复制链接'),
          ' · ',
          el('button', { class: 'linkish', dataset: { testid: 'team-route-file' }, onclick: file }, '下载路线文件 .zhroute'),
        ]),
        el('div', { class: qr ? 'muted' : 'warn', dataset: { testid: 'team-qr-note' } }, qr
          ? `链接 ${l.url_bytes} 字节（一个二维码最多 2953 字节）`
          : `${l.qr_error || '没有二维码'}。把路线文件用微信/QQ/数据线发到手机，在巡查端「设置 → 打开路线文件」中打开，或直接发送链接。`),
      ]),
    ]);
  }
}
