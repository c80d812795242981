// Records back from the field (docs/FIELD.md): the dispatcher imports the `zouhang-team-records`
// files team mode exports. The core reads and merges each file (api.importTeamRecords: located
// errors, merge by record id, refusal of a damaged file or one for a plan this workspace does
// not know); this module keeps the merged log and the photos' bytes (store section `field`,
// hence IndexedDB and the workspace file), passes new verifications to the straw session (its
// daily summary counts them), and tells the month panel and the report what was done.
//
// UI (export tab): [data-testid=records-import] (file input, several files) and
// [data-testid=records-import-report] (one [data-testid=records-import-file] per file, with
// data-ok, data-added, data-duplicates, data-photos, data-photo-bytes).
import { api } from '../api.js';
import { WorkspaceError, bytesFromJson } from '../store.js';
import { clear, el, setStatus } from './dom.js';

function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** `1.2 MB`, `35 KB`, `800 B`. */
export function sizeText(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} B`;
}

function issueLine(i) {
  const where = [i.file, i.row != null ? `第 ${i.row} 项` : '', i.field ? `字段 ${i.field}` : ''].filter(Boolean).join(' ');
  return `${where ? `${where}：` : ''}${i.message}（${i.action}）`;
}

/** The field log of the workspace: records imported from team mode and their photos. */
export class FieldRecords {
  constructor(app) {
    this.app = app;
    this.log = { records: [], photos: [] };
    this.photos = new Map(); // photo id → {type, bytes: Uint8Array}
    this.listeners = new Set();
    app.store.register('field', {
      save: () => ({ log: this.log, photos: [...this.photos].map(([id, p]) => ({ id, type: p.type, bytes: p.bytes })) }),
      restore: (d) => this.restore(d),
      validate: (d) => this.check(d),
    });
  }

  onChange(fn) {
    this.listeners.add(fn);
  }

  emit() {
    for (const fn of this.listeners) fn(this);
  }

  /** Throws a WorkspaceError when a saved section cannot be used. */
  check(d) {
    if (d == null) return;
    if (typeof d !== 'object' || !d.log || !Array.isArray(d.log.records) || !Array.isArray(d.log.photos) || !Array.isArray(d.photos)) {
      throw new WorkspaceError('工作区中的巡查端记录（field）格式不正确');
    }
    for (const [i, p] of d.photos.entries()) {
      if (!p || typeof p.id !== 'string') throw new WorkspaceError(`巡查端记录的第 ${i + 1} 张照片格式不正确`);
      bytesFromJson(p.bytes, `巡查端照片 ${p.id}`);
    }
  }

  restore(d) {
    this.check(d);
    this.log = d ? d.log : { records: [], photos: [] };
    this.photos = new Map((d ? d.photos : []).map((p) => [p.id, { type: p.type || 'image/jpeg', bytes: bytesFromJson(p.bytes, `巡查端照片 ${p.id}`) }]));
    this.emit();
  }

  /** The workspace's plans as the core's import needs them: [{id, made_at, routes}]. */
  known() {
    return this.app.plans.entries().map(([id, plan]) => ({ id, made_at: this.app.plans.madeAt(id), routes: (plan.routes || []).map((r) => r.id) }));
  }

  /** Imports one file; returns the core's answer (ok or refused, with the report). */
  async importFile(name, bytes) {
    const ans = await api.importTeamRecords(bytes, name, this.log, this.known());
    if (!ans.ok) return ans;
    this.log = ans.log;
    for (const p of ans.report.new_photos) {
      try {
        this.photos.set(p.id, { type: p.type, bytes: fromBase64(p.data) });
      } catch {
        ans.warnings.push({ file: name, message: `照片 ${p.id} 无法解码`, action: '请巡查端重新导出', code: 'W_RECORDS_PHOTO' });
      }
    }
    ans.applied = 0;
    for (const v of ans.report.verifications) {
      try {
        await api.strawRecordVerification(v);
        ans.applied += 1;
      } catch (err) {
        ans.warnings.push({ file: name, row: null, field: 'stop_id', code: 'W_RECORDS_STRAW', message: `事件 ${v.incident_id} 的核查未计入秸秆禁烧汇总：${err.message}`, action: '确认当前派单包含此事件' });
      }
    }
    return ans;
  }

  /** Imports several files one by one; a refused file changes nothing. */
  async importFiles(files) {
    const out = [];
    for (const f of files) {
      let ans;
      try {
        ans = await this.importFile(f.name, new Uint8Array(await f.arrayBuffer()));
      } catch (err) {
        ans = { ok: false, message: `${f.name}：${err.message}`, issues: [], warnings: [] };
      }
      out.push({ name: f.name, ans });
    }
    if (out.some((x) => x.ans.ok)) {
      const straw = this.app.panels && this.app.panels.straw;
      if (straw && straw.showRecords) await straw.showRecords().catch(() => {});
      this.app.store.changed();
      this.emit();
    }
    return out;
  }

  /** Progress of every route of registry plan `id`: the core's RouteProgress list. */
  async progress(id) {
    const plan = this.app.plans.get(id);
    if (!plan || !this.log.records.length) return [];
    return api.fieldProgress(this.log, id, plan);
  }

  /** Ids of the routes, over all plans, that the field reported done. */
  async doneRouteIds() {
    const ids = [];
    for (const [id] of this.app.plans.entries()) for (const p of await this.progress(id)) if (p.complete) ids.push(p.route_id);
    return ids;
  }

  /** The photos of the records about stop/incident `stopId`: [{id, type, bytes, url()}]. */
  photosOf(stopId) {
    const recs = new Set(this.log.records.filter((r) => r.record.stop_id === stopId).map((r) => r.record.id));
    return this.log.photos.filter((p) => recs.has(p.record_id) && this.photos.has(p.id)).map((p) => ({ ...p, ...this.photos.get(p.id) }));
  }
}

/** A box of photos (object URLs, revoked when the box is replaced). */
export function photoStrip(photos) {
  const box = el('div', { class: 'photo-strip', dataset: { testid: 'field-photos' } });
  for (const p of photos) {
    const url = URL.createObjectURL(new Blob([p.bytes], { type: p.type }));
    const img = el('img', { src: url, alt: `照片 ${p.id}`, dataset: { testid: 'field-photo' }, style: 'max-width:160px;max-height:120px;margin:2px' });
    img.addEventListener('load', () => setTimeout(() => URL.revokeObjectURL(url), 60_000), { once: true });
    box.append(el('a', { href: url, target: '_blank', rel: 'noopener' }, img));
  }
  return box;
}

/** The import part of the export tab, appended to `root`. */
export function renderRecordsImport(root, field) {
  const report = el('div', { dataset: { testid: 'records-import-report' } });
  const input = el('input', {
    type: 'file', multiple: true, accept: '.json,.zhrec,application/json', dataset: { testid: 'records-import' },
    onchange: async (e) => {
      const files = [...e.target.files];
      if (!files.length) return;
      const results = await field.importFiles(files);
      input.value = '';
      showReport(report, results, field);
    },
  });
  root.append(
    el('h2', {}, '巡查端记录'),
    el('p', { class: 'muted' }, '导入巡查端（手机）导出的记录文件（.zhrec.json，可多选）：停靠点完成情况、走航段起止和火点核查（含照片）。同一记录重复导入不会重复计数；计划不在本工作区或文件损坏时整个文件不导入，已有记录不变。'),
    el('div', { class: 'form-grid' }, [el('label', {}, '导入记录文件'), input]),
    report,
  );
}

function showReport(box, results, field) {
  clear(box);
  let bad = 0;
  for (const { name, ans } of results) {
    if (!ans.ok) {
      bad += 1;
      box.append(el('div', { class: 'report bad', dataset: { testid: 'records-import-file', ok: 'false', file: name } }, [
        el('strong', {}, `未导入：${ans.message}`),
        el('ul', { class: 'issues' }, ans.issues.map((i) => el('li', { class: 'bad', dataset: { code: i.code } }, issueLine(i)))),
        el('div', { class: 'muted' }, `已有记录未改动（共 ${field.log.records.length} 条）。`),
      ]));
      continue;
    }
    const r = ans.report;
    const photos = r.photo_count ? `，照片 ${r.photo_count} 张共 ${sizeText(r.photo_bytes)}` : '，无照片';
    const rows = [
      el('strong', {}, `${name}：${r.plan.title || r.plan.id} · ${r.route.name || r.route.id}`),
      el('div', {}, `新增 ${r.added} 条记录，已导入过 ${r.duplicates} 条（未重复计入）${r.conflicts ? `，编号冲突 ${r.conflicts} 条` : ''}${photos}${r.verifications.length ? `；核查 ${ans.applied} 条计入秸秆禁烧汇总` : ''}`),
    ];
    const warnings = [...ans.warnings, ...r.warnings];
    if (warnings.length) rows.push(el('ul', { class: 'issues' }, warnings.map((i) => el('li', { class: 'warn', dataset: { code: i.code || '' } }, issueLine(i)))));
    const stops = new Set(field.log.records.filter((x) => x.file === name && x.record.kind === 'verification').map((x) => x.record.stop_id));
    for (const s of stops) {
      const ph = field.photosOf(s);
      if (ph.length) rows.push(el('div', {}, [`事件 ${s} 的照片：`, photoStrip(ph)]));
    }
    box.append(el('div', {
      class: warnings.length ? 'report warn' : 'report ok',
      dataset: { testid: 'records-import-file', ok: 'true', file: name, added: String(r.added), duplicates: String(r.duplicates), photos: String(r.photo_count), photoBytes: String(r.photo_bytes) },
    }, rows));
  }
  setStatus(bad ? `${bad} 个记录文件未导入（见导出与导航页）` : `已导入 ${results.length} 个记录文件`, bad > 0);
}
