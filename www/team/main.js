// Team mode (巡查端): the page a patrol team opens from the dispatcher's link or QR code. Plain
// ES modules and the vendored Leaflet, no wasm, so it loads fast on a weak network and works
// offline once loaded. Flow: read the link's fragment (or a .zhroute file) → keep the route in
// IndexedDB → show it; every mark, verification and photo is written before it is shown.
import { el, clear, download, setStatus } from '../ui/dom.js';
import { startOffline } from '../offline.js';
import { isoLocal } from './db.js';
import { Position } from './geo.js';
import { TeamLinkError, findPayload } from './link.js';
import { TeamMap } from './map.js';
import { formatBytes } from './photos.js';
import { nextStop, stopStates } from './records.js';
import { TeamState } from './state.js';
import { RouteView } from './view.js';

const $ = (id) => document.getElementById(id);
const networkText = () => (navigator.onLine ? '网络：在线' : '网络：离线（记录照常保存在本机，恢复网络后无需任何操作）');

class TeamApp {
  async start() {
    try {
      this.state = await TeamState.open();
    } catch (err) {
      this.fatal(`无法打开本机存储（${err.message || err}）：请关闭无痕/隐私模式后重试，否则记录无法保存`);
      return;
    }
    this.map = new TeamMap($('map'));
    this.map.setBasemap(this.state.basemap);
    this.position = new Position(() => this.onPosition());
    this.view = new RouteView($('main'), this);
    $('routes-button').addEventListener('click', () => this.toggleRoutes());
    // a link tapped while the page is open changes only the fragment; one at a time
    this.opening = Promise.resolve();
    window.addEventListener('hashchange', () => {
      this.opening = this.opening.then(() => this.openHash());
    });
    window.addEventListener('online', () => this.showNetwork());
    window.addEventListener('offline', () => this.showNetwork());
    await this.openHash(true);
    this.position.start();
    this.askPersistence();
    this.showNetwork();
    document.body.dataset.ready = '1';
    // the service worker keeps this page for use without a network (www/sw.js, as the desk page)
    // its notes (e.g. storage not persisted: also in the settings card) never hide an error
    startOffline($('offline-state'), (text) => {
      if (!$('status').classList.contains('error')) setStatus(text);
    }, { set: 'team' });
  }

  fatal(message) {
    clear($('main')).append(el('section', { class: 'card bad', dataset: { testid: 'team-error' } }, message));
    setStatus(message, true);
    document.body.dataset.ready = '1';
  }

  /** Opens the route in the address's fragment, if any; otherwise shows the current one. */
  async openHash(first = false) {
    const payload = findPayload(location.hash);
    let error = null;
    if (location.hash.length > 1 && !payload) error = '链接中没有路线（应以 #r1. 开头）：请让调度员重新发送完整链接或路线文件';
    if (payload) {
      try {
        const { doc, added } = await this.state.openPayload(payload);
        setStatus(added ? `已打开路线「${doc.route.name}」` : `路线「${doc.route.name}」已在本机，继续上次的记录`);
        // the route is kept on the phone now: a reload shows it from storage
        history.replaceState(null, '', location.pathname + location.search);
      } catch (err) {
        error = err instanceof TeamLinkError ? `${err.message}：请让调度员重新发送链接或路线文件（.zhroute）` : `无法打开路线：${err.message || err}`;
      }
    }
    this.render(first || payload != null);
    const c = this.state.current;
    if (error) this.showError(error);
    else if (!payload && first) setStatus(c ? `已载入本机保存的路线「${c.doc.route.name || c.doc.route.id}」` : '请用调度员发来的链接或二维码打开路线');
  }

  showError(message) {
    $('main').prepend(el('section', { class: 'card bad', dataset: { testid: 'team-error' } }, message));
    setStatus(message, true);
  }

  render(fit = false) {
    const c = this.state.current;
    $('route-name').textContent = c ? c.doc.route.name || c.doc.route.id : '巡查端';
    $('route-plan').textContent = c ? `${c.doc.plan.title || ''}${c.doc.plan.made_at ? ` · ${c.doc.plan.made_at.slice(5, 16).replace('T', ' ')} 派发` : ''}` : '';
    if (!c) {
      clear($('main')).append(
        el('section', { class: 'card', dataset: { testid: 'team-empty' } }, [
          el('h2', {}, '还没有路线'),
          el('p', {}, '请用调度员发来的链接或二维码打开本页，或打开路线文件（.zhroute）。'),
        ]),
        this.settingsCard(),
      );
      this.map.draw({ route: { stops: [] }, line: '' }, () => 'open', false);
      return;
    }
    this.view.render();
    $('main').append(this.settingsCard());
    this.drawMap(fit);
    this.showOtherVersions();
  }

  drawMap(fit) {
    const doc = this.state.current.doc;
    const states = stopStates(this.state.records);
    const next = nextStop(doc.route, states);
    this.map.draw(doc, (s) => (s === next ? 'next' : s.kind === 'depot' ? 'depot' : states.get(s.id)?.status || 'open'), fit);
    this.map.showMe(this.position?.pos);
  }

  showOtherVersions() {
    const others = this.state.otherVersions();
    if (!others.length) return;
    const newer = others.some((o) => (o.doc.plan.made_at || '') > (this.state.current.doc.plan.made_at || ''));
    $('main').prepend(el('section', { class: 'card warn', dataset: { testid: 'team-versions' } },
      newer ? '本机有这条路线的更新版本（调度员重新派单）：请在「路线」列表中切换。' : '本机还有这条路线的旧版本，其记录仍保留在旧版本下。'));
  }

  settingsCard() {
    const basemap = el('select', { dataset: { testid: 'team-basemap' }, onchange: async (e) => { await this.state.setBasemap(e.target.value); this.map.setBasemap(e.target.value); } }, [
      el('option', { value: 'none', selected: this.state.basemap === 'none' }, '无底图（离线可用）'),
      el('option', { value: 'osm', selected: this.state.basemap === 'osm' }, 'OpenStreetMap（需联网）'),
    ]);
    const file = el('input', { type: 'file', accept: '.zhroute,.txt,text/plain', class: 'file', dataset: { testid: 'team-open-file' }, onchange: (e) => this.openFile(e.target.files[0]) });
    return el('section', { class: 'card' }, [
      el('h3', {}, '设置'),
      el('div', { class: 'form' }, [el('label', {}, ['底图', basemap]), el('label', { class: 'btn' }, ['打开路线文件（.zhroute）', file])]),
      el('p', { class: 'muted', dataset: { testid: 'team-geo' } }, this.position ? this.position.message : ''),
      el('p', { class: 'muted', dataset: { testid: 'team-persist' } }, this.persistMessage || ''),
      el('p', { class: navigator.onLine ? 'muted' : 'warn', dataset: { testid: 'team-network' } }, networkText()),
    ]);
  }

  async openFile(file) {
    if (!file) return;
    const payload = findPayload(await file.text());
    if (!payload) return this.showError(`「${file.name}」不是路线文件（其中没有 #r1. 开头的路线）`);
    location.hash = payload;
  }

  onPosition() {
    this.map.showMe(this.position.pos);
    for (const p of document.querySelectorAll('[data-testid=team-geo]')) {
      p.textContent = this.position.message;
      p.className = this.position.ok ? 'ok' : 'warn';
    }
    $('geo-dot').className = `dot ${this.position.ok ? 'on' : 'off'}`;
    $('geo-dot').title = this.position.message;
    if (!this.position.ok) setStatus(this.position.message, true);
    this.view.updateDistance();
  }

  showNetwork() {
    const on = navigator.onLine;
    for (const p of document.querySelectorAll('[data-testid=team-network]')) {
      p.textContent = networkText();
      p.className = on ? 'muted' : 'warn';
    }
    $('net').textContent = on ? '' : '离线';
  }

  async askPersistence() {
    const s = navigator.storage;
    let ok = false;
    try {
      ok = s && s.persisted ? await s.persisted() : false;
      if (!ok && s && s.persist) ok = await s.persist();
    } catch {
      ok = false;
    }
    this.persistMessage = ok ? '已开启持久保存：浏览器不会自动清除本机记录' : '浏览器未允许持久保存：手机存储紧张时记录可能被清除，请及时导出（添加到主屏幕后通常可开启）';
    for (const p of document.querySelectorAll('[data-testid=team-persist]')) {
      p.textContent = this.persistMessage;
      p.className = ok ? 'ok' : 'warn';
    }
  }

  async act(fn, done) {
    try {
      await fn();
      if (done) setStatus(done);
    } catch (err) {
      setStatus(err.message || String(err), true);
    }
    this.refresh();
  }

  /** Shows the current route again after a change, keeping the scroll position. */
  refresh() {
    const y = window.scrollY;
    this.view.render();
    $('main').append(this.settingsCard());
    this.drawMap(false);
    this.showOtherVersions();
    window.scrollTo(0, y);
  }

  mark(stop, status, reason) {
    const label = { arrived: '到达', done: '完成', skipped: '跳过' }[status];
    return this.act(() => this.state.mark(stop, status, reason, this.position), `已记录：${stop.name} ${label}`);
  }

  measure(kind) {
    return this.act(() => this.state.measure(kind, this.position), kind === 'measure_start' ? '测量段开始' : '测量段结束');
  }

  addPhotos(draft, files) {
    return this.act(() => this.state.addPhotos(draft, files), `已保存 ${files.length} 张照片`);
  }

  removePhoto(draft, id) {
    return this.act(() => this.state.removePhoto(draft, id), '已删除照片');
  }

  saveVerification(stop) {
    const team = this.state.current.doc.route.team;
    return this.act(async () => {
      const r = await this.state.saveVerification(stop, team, this.position);
      this.view.again.delete(stop.id);
      const key = this.state.verificationOf({ found: String(r.verification.found), kind: r.verification.kind, area: r.verification.area_m2 ?? '' }, '').key;
      setStatus(`已保存核查记录${key ? '（重点案件）' : ''}`);
    });
  }

  canShare() {
    try {
      return !!(navigator.canShare && navigator.canShare({ files: [new File(['{}'], 'x.zhrec.json', { type: 'application/json' })] }));
    } catch {
      return false;
    }
  }

  exportRecords(share) {
    return this.act(async () => {
      const f = await this.state.exportFile();
      const size = formatBytes(new Blob([f.text]).size);
      if (share) {
        const file = new File([f.text], f.name, { type: 'application/json' });
        try {
          await navigator.share({ files: [file], title: f.name });
        } catch (err) {
          if (err && err.name === 'AbortError') throw new Error('已取消分享，记录未导出');
          throw new Error(`分享失败（${err.message || err}）：请改用「导出记录文件」`);
        }
      } else {
        download(f.name, f.text, 'application/json');
      }
      await this.state.markExported(f.ids, isoLocal());
      setStatus(`已导出 ${f.ids.length} 条记录（${f.name}，${size}）`);
    });
  }

  async toggleRoutes() {
    const panel = $('routes');
    if (!panel.hidden) {
      panel.hidden = true;
      return;
    }
    clear(panel).append(el('h3', {}, '本机的路线'));
    const ul = el('ul', { class: 'route-list', dataset: { testid: 'team-routes' } });
    for (const r of [...this.state.routes].reverse()) {
      const n = await this.state.countsOf(r.key);
      const cur = r.key === this.state.currentKey;
      ul.append(el('li', { class: cur ? 'current' : '' }, [
        el('button', { class: 'btn wide', dataset: { testid: 'team-route-open', key: r.key }, onclick: async () => { panel.hidden = true; await this.state.select(r.key); this.render(true); } }, [
          el('strong', {}, r.doc.route.name || r.doc.route.id),
          el('span', { class: 'muted' }, ` ${r.doc.plan.title || ''} · ${n.records} 条记录${n.unexported ? `，${n.unexported} 条未导出` : ''}${cur ? ' · 当前' : ''}`),
        ]),
      ]));
    }
    if (!this.state.routes.length) ul.append(el('li', { class: 'muted' }, '还没有路线'));
    panel.append(ul);
    panel.hidden = false;
  }
}

new TeamApp().start();
