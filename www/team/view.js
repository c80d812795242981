// Team mode's route view, built for one thumb at 390×844: the next stop (distance, ETA, the
// AMap/Baidu hand-off of its leg, big mark buttons), the measuring segment of a 走航 run, every
// stop with its state and times, the straw verification form with photos, and the records
// export. User text reaches the page only as text.
import { el, clear, setStatus } from '../ui/dom.js';
import { formatBytes } from './photos.js';
import { FINDING_KINDS, STATUS_LABELS, haversineM, legTo, nextStop, stopStates } from './records.js';

const t = (id, extra = {}) => ({ ...extra, dataset: { testid: id, ...(extra.dataset || {}) } });
const hhmm = (iso) => (iso ? String(iso).slice(11, 16) : '');
const IOS = /iPhone|iPad|iPod/.test(navigator.userAgent);
/** Straight-line distance × 1.3 at 30 km/h, the planner's own estimate without roads. */
const DETOUR = 1.3;
const SPEED_KMH = 30;

function planned(s) {
  const a = s.arrival ? String(s.arrival).slice(-5) : '';
  return a ? `计划 ${a}` : '';
}

export function distanceText(stop, pos) {
  if (!pos) return { dist: '距离：—（无定位）', eta: '' };
  const d = haversineM(pos, stop.location);
  const min = Math.round(((d * DETOUR) / 1000 / SPEED_KMH) * 60);
  const at = new Date(Date.now() + min * 60_000);
  const dist = d >= 1000 ? `${(d / 1000).toFixed(1)} km` : `${Math.round(d)} m`;
  return {
    dist: `直线 ${dist}`,
    eta: `约 ${min} 分钟 · ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')} 到达（直线×1.3、30 km/h 估算）`,
  };
}

export class RouteView {
  /** `app` gives state, position and the actions (mark, measure, verify, photos, export). */
  constructor(root, app) {
    this.root = root;
    this.app = app;
    this.open = new Set();
    this.again = new Set();
  }

  render() {
    const { state } = this.app;
    const c = state.current;
    clear(this.root);
    if (!c) return;
    const doc = c.doc;
    const states = stopStates(state.records);
    this.states = states;
    const next = nextStop(doc.route, states);
    this.next = next;
    this.root.append(this.nextCard(doc, next, states));
    if (doc.plan.kind === 'month') this.root.append(this.measureCard());
    this.root.append(this.stopList(doc, states, next), this.recordsCard());
  }

  /** Updates distance and ETA only (the position moved), keeping whatever is being typed. */
  updateDistance() {
    if (!this.next || !this.distEl) return;
    const d = distanceText(this.next, this.app.position.pos);
    this.distEl.textContent = d.dist;
    this.etaEl.textContent = d.eta;
  }

  nextCard(doc, next, states) {
    const r = doc.route;
    const visits = r.stops.filter((s) => s.kind !== 'depot');
    const closed = visits.filter((s) => ['done', 'skipped'].includes(states.get(s.id)?.status)).length;
    const box = el('section', t('team-next', { class: 'card next' }));
    box.append(el('div', { class: 'progress' }, [el('span', t('team-progress'), `${closed}/${visits.length}`), ' 个停靠点已完成或跳过']));
    if (!next) {
      box.append(el('h2', {}, '本路线没有停靠点'));
      return box;
    }
    const seq = r.stops.indexOf(next) + 1;
    const allClosed = next.kind === 'depot';
    box.append(
      el('div', { class: 'label' }, allClosed ? '全部停靠点已处理 · 返回' : `下一站 · 第 ${seq} 站`),
      el('h2', t('team-next-name'), next.name || next.id),
      el('div', { class: 'muted' }, [planned(next), next.note ? ` · ${next.note}` : ''].join('')),
    );
    const d = distanceText(next, this.app.position.pos);
    this.distEl = el('div', t('team-distance', { class: 'dist' }), d.dist);
    this.etaEl = el('div', t('team-eta', { class: 'muted' }), d.eta);
    box.append(this.distEl, this.etaEl);
    box.append(this.navButtons(doc, next));
    if (!allClosed) box.append(this.markButtons(next, 'next'));
    return box;
  }

  navButtons(doc, stop) {
    const links = [];
    for (const [k, label] of [['amap', '高德导航'], ['baidu', '百度导航']]) {
      const leg = legTo(doc.nav[k] || [], doc.route, stop);
      if (!leg) continue;
      links.push(el('a', t(`team-nav-${k}`, { class: 'btn nav', href: IOS ? leg.ios : leg.android, rel: 'noopener' }), `${label} ${leg.from}→${leg.to}`));
    }
    if (!links.length) return el('p', { class: 'muted' }, '此路线没有导航链接');
    const leg = legTo(doc.nav.amap || [], doc.route, stop);
    return el('div', {}, [
      el('div', { class: 'row' }, links),
      leg ? el('a', { class: 'small-link', href: leg.web, target: '_blank', rel: 'noopener' }, '没有装地图应用？打开高德网页版') : null,
    ]);
  }

  markButtons(stop, where) {
    const s = this.states.get(stop.id)?.status;
    const reason = el('input', t('team-skip-reason', { type: 'text', placeholder: '跳过原因（必填），如 道路封闭', class: 'reason', hidden: true }));
    const skip = () => {
      if (reason.value.trim()) return this.app.mark(stop, 'skipped', reason.value);
      setStatus('跳过停靠点时请填写原因', true);
      reason.classList.add('missing');
      reason.focus();
      return null;
    };
    const confirm = el('button', t('team-skip-confirm', { class: 'btn warn', hidden: true, onclick: skip }), '确认跳过');
    const row = el('div', { class: 'row marks', dataset: { where } }, [
      el('button', t('team-arrive', { class: `btn${s === 'arrived' ? ' on' : ''}`, onclick: () => this.app.mark(stop, 'arrived') }), '到达'),
      el('button', t('team-done', { class: `btn primary${s === 'done' ? ' on' : ''}`, onclick: () => this.app.mark(stop, 'done') }), '完成'),
      el('button', t('team-skip', { class: `btn${s === 'skipped' ? ' on' : ''}`, onclick: () => { reason.hidden = false; confirm.hidden = false; reason.focus(); } }), '跳过'),
    ]);
    return el('div', {}, [row, el('div', { class: 'row' }, [reason, confirm])]);
  }

  measureCard() {
    const recs = this.app.state.records.filter((r) => r.kind === 'measure_start' || r.kind === 'measure_end').sort((a, b) => a.seq - b.seq);
    const last = recs[recs.length - 1];
    const measuring = last && last.kind === 'measure_start';
    return el('section', t('team-measure', { class: 'card' }), [
      el('h3', {}, '走航测量段'),
      el('p', t('team-measure-state', { class: measuring ? 'ok' : 'muted' }), measuring ? `测量中，${hhmm(last.at)} 开始` : last ? `上一段 ${hhmm(recs[recs.length - 2]?.at)}–${hhmm(last.at)}` : '尚未开始测量'),
      el('div', { class: 'row' }, [
        el('button', t('team-measure-start', { class: 'btn primary', disabled: measuring, onclick: () => this.app.measure('measure_start') }), '开始测量'),
        el('button', t('team-measure-end', { class: 'btn', disabled: !measuring, onclick: () => this.app.measure('measure_end') }), '结束测量'),
      ]),
      el('ul', { class: 'times' }, recs.map((r) => el('li', {}, `${r.kind === 'measure_start' ? '开始' : '结束'} ${hhmm(r.at)}${r.location ? '' : '（无定位）'}`))),
    ]);
  }

  stopList(doc, states, next) {
    const straw = doc.plan.kind === 'straw';
    const ul = el('ol', t('team-stops', { class: 'stops' }));
    doc.route.stops.forEach((s, i) => {
      const st = states.get(s.id);
      const status = s.kind === 'depot' ? 'depot' : st?.status || 'open';
      const li = el('li', t('team-stop', { class: `stop ${status}${s === next ? ' is-next' : ''}`, dataset: { id: s.id, status } }));
      const verified = this.app.state.records.filter((r) => r.kind === 'verification' && r.stop_id === s.id);
      const head = el('button', { class: 'stop-head', 'aria-expanded': String(this.open.has(s.id)), onclick: () => { this.toggle(s.id); } }, [
        el('span', { class: 'seq' }, String(i + 1)),
        el('span', { class: 'name' }, s.name || s.id),
        el('span', { class: 'state' }, s.kind === 'depot' ? '驻地' : st ? `${STATUS_LABELS[st.status]} ${hhmm(st.at)}` : planned(s)),
        verified.length ? el('span', { class: 'badge' }, '已核查') : null,
      ]);
      li.append(head);
      if (this.open.has(s.id)) {
        const body = el('div', { class: 'stop-body' });
        if (s.note) body.append(el('p', { class: 'muted' }, s.note));
        if (st?.status === 'skipped') body.append(el('p', { class: 'warn' }, `跳过原因：${st.reason}`));
        if (s.kind !== 'depot') body.append(this.markButtons(s, 'list'));
        if (straw && s.kind !== 'depot') body.append(this.verification(s, verified));
        li.append(body);
      }
      ul.append(li);
    });
    return el('section', { class: 'card' }, [el('h3', {}, '停靠点（点击展开，标记或核查）'), ul]);
  }

  toggle(id) {
    if (this.open.has(id)) this.open.delete(id);
    else this.open.add(id);
    this.app.refresh();
  }

  verification(stop, saved) {
    const { state } = this.app;
    const box = el('div', t('team-verify', { class: 'verify' }), [el('h4', {}, '火点核查（秸秆 ≥ 200 m²、垃圾 ≥ 20 m² 为重点案件）')]);
    for (const r of saved) {
      const v = r.verification;
      const kind = Object.fromEntries(FINDING_KINDS)[v.kind] || '未选类型';
      const key = state.verificationOf({ found: String(v.found), kind: v.kind, area: v.area_m2 ?? '' }, '').key;
      box.append(el('p', t('team-verify-saved', { class: key ? 'bad' : 'ok' }), `${hhmm(r.at)} 已记录：${v.found ? '发现' : '未发现'} · ${kind}${v.area_m2 != null ? ` · ${v.area_m2} m²` : ''}${key ? ' · 重点案件' : ''} · ${r.photos.length} 张照片`));
    }
    if (saved.length && !this.again.has(stop.id) && !state.drafts.has(stop.id)) {
      box.append(el('button', t('team-verify-again', { class: 'btn', onclick: () => { this.again.add(stop.id); this.app.refresh(); } }), '再次核查（新记录，以最新一条为准）'));
      return box;
    }
    const d = state.draft(stop);
    const save = () => state.saveDraft(d);
    const found = el('select', t('team-verify-found', { onchange: (e) => { d.found = e.target.value; save(); check(); } }), [['true', '发现火情/过火痕迹'], ['false', '未发现']].map(([v, l]) => el('option', { value: v, selected: d.found === v }, l)));
    const kind = el('select', t('team-verify-kind', { onchange: (e) => { d.kind = e.target.value; save(); check(); } }), [el('option', { value: '' }, '（未选）'), ...FINDING_KINDS.map(([v, l]) => el('option', { value: v, selected: d.kind === v }, l))]);
    const area = el('input', t('team-verify-area', { type: 'number', inputmode: 'decimal', min: 0, placeholder: '过火面积 m²', value: d.area, oninput: (e) => { d.area = e.target.value; save(); check(); } }));
    const note = el('input', t('team-verify-note', { type: 'text', placeholder: '备注', value: d.note, oninput: (e) => { d.note = e.target.value; save(); } }));
    const photo = el('input', t('team-verify-photo', { type: 'file', accept: 'image/*', capture: 'environment', multiple: true, class: 'file', onchange: (e) => this.app.addPhotos(d, [...e.target.files]) }));
    const mine = state.photos.filter((p) => d.photos.includes(p.id));
    const bytes = mine.reduce((n, p) => n + p.bytes, 0);
    const thumbs = el('div', { class: 'thumbs' }, mine.map((p) => {
      const img = el('img', { alt: '照片', src: URL.createObjectURL(p.blob), onload: (e) => URL.revokeObjectURL(e.target.src) });
      return el('div', { class: 'thumb' }, [img, el('button', { class: 'x', 'aria-label': '删除照片', onclick: () => this.app.removePhoto(d, p.id) }, '×')]);
    }));
    const hint = el('p', t('team-verify-check'));
    const check = () => {
      const { problems, key } = state.verificationOf(d, '');
      if (d.kind === '' && String(d.area) === '' && d.found === 'true') {
        hint.textContent = '请选择类型并填写过火面积';
        hint.className = 'muted';
        return;
      }
      hint.textContent = problems.length ? problems.join('；') : key ? '将记为重点案件' : '';
      hint.className = problems.length ? 'bad' : key ? 'warn' : '';
    };
    check();
    box.append(
      el('div', { class: 'form' }, [
        el('label', {}, ['结果', found]), el('label', {}, ['类型', kind]), el('label', {}, ['过火面积（m²）', area]), el('label', {}, ['备注', note]),
        el('label', { class: 'btn camera' }, ['拍照 / 选照片', photo]),
      ]),
      el('p', t('team-verify-photos', { class: 'muted' }), mine.length ? `${mine.length} 张照片，共 ${formatBytes(bytes)}（已压缩至最长边 1600 像素）` : '还没有照片'),
      thumbs, hint,
      el('button', t('team-verify-save', { class: 'btn primary wide', onclick: () => this.app.saveVerification(stop) }), saved.length ? '保存新的核查记录' : '保存核查记录'),
    );
    return box;
  }

  recordsCard() {
    const { state } = this.app;
    const un = state.unexported();
    const photos = state.savedPhotos();
    const photoBytes = photos.reduce((n, p) => n + p.bytes, 0);
    const box = el('section', t('team-records', { class: 'card' }), [el('h3', {}, '记录与导出')]);
    box.append(
      el('p', t('team-unexported', { class: un.length ? 'warn' : 'ok', dataset: { count: String(un.length) } }), un.length ? `${un.length} 条记录未导出` : state.records.length ? `全部 ${state.records.length} 条记录已导出` : '还没有记录'),
      el('p', t('team-export-size', { class: 'muted' }), `共 ${state.records.length} 条记录、${photos.length} 张照片（照片 ${formatBytes(photoBytes)}），导出文件约 ${formatBytes(state.exportBytes())}`),
      el('div', { class: 'row' }, [
        el('button', t('team-export', { class: 'btn primary', disabled: !state.records.length, onclick: () => this.app.exportRecords(false) }), '导出记录文件'),
        this.app.canShare() ? el('button', t('team-share', { class: 'btn', disabled: !state.records.length, onclick: () => this.app.exportRecords(true) }), '分享给调度员') : null,
      ]),
      el('p', t('team-last-export', { class: 'muted' }), ''),
      el('p', { class: 'muted' }, '记录文件（.zhrec.json）含照片，交给调度员在「导出与导航」页导入。重复导出不会重复计数。'),
    );
    state.lastExport().then((at) => {
      const p = box.querySelector('[data-testid=team-last-export]');
      if (p) p.textContent = at ? `上次导出：${at.slice(0, 10)} ${hhmm(at)}` : '尚未导出';
    });
    return box;
  }
}
