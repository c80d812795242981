// Team mode's state: the routes on this phone, the current route's records, photos and drafts,
// and every change the team makes — each written to IndexedDB before the page shows it.
import { TeamDb, isoLocal, newId } from './db.js';
import { decodePayload, routeKey } from './link.js';
import { downscale } from './photos.js';
import { buildExport, exportSize, isKeyCase, verificationProblems } from './records.js';

export class TeamState {
  static async open() {
    const s = new TeamState(await TeamDb.open());
    s.device = await s.db.meta('device');
    if (!s.device) {
      s.device = newId();
      await s.db.setMeta('device', s.device);
    }
    s.routes = await s.db.all('routes');
    s.currentKey = await s.db.meta('current');
    s.basemap = await s.db.meta('basemap', 'none');
    if (s.currentKey && !s.routes.some((r) => r.key === s.currentKey)) s.currentKey = null;
    if (!s.currentKey && s.routes.length) s.currentKey = s.routes[s.routes.length - 1].key;
    await s.load();
    return s;
  }

  constructor(db) {
    this.db = db;
    this.routes = [];
    this.records = [];
    this.photos = [];
    this.drafts = new Map();
    this.lastSeq = 0;
  }

  get current() {
    return this.routes.find((r) => r.key === this.currentKey) || null;
  }

  /** Loads the current route's records, photos and drafts. */
  async load() {
    const key = this.currentKey;
    this.records = key ? await this.db.byRoute('records', key) : [];
    this.photos = key ? await this.db.byRoute('photos', key) : [];
    const drafts = key ? (await this.db.all('drafts')).filter((d) => d.route_key === key) : [];
    this.drafts = new Map(drafts.map((d) => [d.stop_id, d]));
    this.lastSeq = Math.max(0, ...this.records.map((r) => r.seq || 0));
  }

  /** Opens a link payload: keeps the route (once) and makes it current; returns {doc, added}. */
  async openPayload(payload) {
    const doc = await decodePayload(payload);
    const key = routeKey(doc);
    let added = false;
    if (!this.routes.some((r) => r.key === key)) {
      const entry = { key, doc, opened_at: isoLocal() };
      await this.db.put('routes', entry);
      this.routes.push(entry);
      added = true;
    }
    await this.select(key);
    return { doc, added };
  }

  async select(key) {
    this.currentKey = key;
    await this.db.setMeta('current', key);
    await this.load();
  }

  async setBasemap(kind) {
    this.basemap = kind;
    await this.db.setMeta('basemap', kind);
  }

  /** Other versions of the current route (same plan id and route id, another plan time). */
  otherVersions() {
    const c = this.current;
    if (!c) return [];
    return this.routes.filter((r) => r.key !== c.key && r.doc.plan.id === c.doc.plan.id && r.doc.route.id === c.doc.route.id);
  }

  async addRecord(fields, position) {
    this.lastSeq = Math.max(Date.now(), this.lastSeq + 1);
    const rec = { id: newId(), route_key: this.currentKey, seq: this.lastSeq, at: isoLocal(), exported_at: null, ...position.forRecord(), ...fields };
    await this.db.put('records', rec);
    this.records.push(rec);
    return rec;
  }

  /** Marks a stop arrived, done or skipped (skipped needs a reason). */
  mark(stop, status, reason, position) {
    if (status === 'skipped' && !String(reason || '').trim()) throw new Error('跳过停靠点时请填写原因');
    return this.addRecord({ kind: 'stop', stop_id: stop.id, status, reason: status === 'skipped' ? reason.trim() : undefined }, position);
  }

  measure(kind, position) {
    return this.addRecord({ kind }, position);
  }

  /** The verification being typed for a stop (made when first asked for). */
  draft(stop) {
    let d = this.drafts.get(stop.id);
    if (!d) {
      d = { key: `${this.currentKey}|${stop.id}`, route_key: this.currentKey, stop_id: stop.id, id: newId(), found: 'true', kind: '', area: '', note: '', photos: [] };
      this.drafts.set(stop.id, d);
    }
    return d;
  }

  async saveDraft(d) {
    await this.db.put('drafts', d);
  }

  async addPhotos(d, files) {
    for (const file of files) {
      const p = await downscale(file);
      const photo = { id: newId(), route_key: this.currentKey, record_id: d.id, taken_at: isoLocal(), ...p };
      await this.db.put('photos', photo);
      this.photos.push(photo);
      d.photos.push(photo.id);
      await this.saveDraft(d);
    }
  }

  async removePhoto(d, id) {
    d.photos = d.photos.filter((x) => x !== id);
    this.photos = this.photos.filter((p) => p.id !== id);
    await this.db.write(['photos', 'drafts'], (s) => {
      s.photos.delete(id);
      s.drafts.put(d);
    });
  }

  /** The verification of a draft as the file carries it, and its problems. */
  verificationOf(d, team) {
    const area = String(d.area).trim() === '' ? null : Number(d.area);
    const v = { found: d.found === 'true', kind: d.kind || null, area_m2: area, team: team || '', note: String(d.note || '').trim() };
    return { v, problems: verificationProblems(v), key: isKeyCase(v) };
  }

  /** Saves a draft as a verification record (id = the draft's, so its photos stay attached). */
  async saveVerification(stop, team, position) {
    const d = this.drafts.get(stop.id);
    if (!d) throw new Error('没有正在填写的核查记录');
    const { v, problems } = this.verificationOf(d, team);
    if (problems.length) throw new Error(problems.join('；'));
    this.lastSeq = Math.max(Date.now(), this.lastSeq + 1);
    const rec = { id: d.id, route_key: this.currentKey, seq: this.lastSeq, kind: 'verification', stop_id: stop.id, at: isoLocal(), exported_at: null, ...position.forRecord(), verification: v, photos: [...d.photos] };
    await this.db.write(['records', 'drafts'], (s) => {
      s.records.put(rec);
      s.drafts.delete(d.key);
    });
    this.records.push(rec);
    this.drafts.delete(stop.id);
    return rec;
  }

  /** Photos that belong to saved records (not to a draft still being typed). */
  savedPhotos() {
    const ids = new Set(this.records.map((r) => r.id));
    return this.photos.filter((p) => ids.has(p.record_id));
  }

  unexported() {
    return this.records.filter((r) => !r.exported_at);
  }

  exportBytes() {
    return exportSize(this.records, this.savedPhotos());
  }

  /** The records file of the current route: {name, text, count}. */
  async exportFile() {
    const c = this.current;
    const f = await buildExport(c.doc, this.device, this.records, this.savedPhotos());
    return { ...f, ids: this.records.map((r) => r.id) };
  }

  /** Notes that the records `ids` went out in a file at `at`. */
  async markExported(ids, at) {
    const set = new Set(ids);
    const list = this.records.filter((r) => set.has(r.id) && !r.exported_at);
    for (const r of list) r.exported_at = at;
    await this.db.write(['records'], (s) => list.forEach((r) => s.records.put(r)));
    await this.db.setMeta(`exported:${this.currentKey}`, at);
  }

  lastExport() {
    return this.db.meta(`exported:${this.currentKey}`);
  }

  /** Records and unexported records of another route (for the route list). */
  async countsOf(key) {
    const recs = await this.db.byRoute('records', key);
    return { records: recs.length, unexported: recs.filter((r) => !r.exported_at).length };
  }
}
