// Workspace persistence. Everything loaded, edited and planned survives a page reload and a
// browser restart (IndexedDB), and the whole workspace can be saved to and opened from one
// versioned JSON file ({"format":"zouhang-workspace","version":1,…}).
//
// The layers live in the worker's core, so they are kept as a journal of the operations that
// built them (loadDefaults, importFile with the file's bytes and settings, clearLayer) and
// replayed on load: the core is deterministic, so the same journal gives the same layers.
// Other state (plans, settings, and whatever later workflows hold: monthly plans, verification
// records, draws) registers a section: store.register(name, {save() → JSON data (or a promise
// of it), restore(data)}). Binary data inside a section is either {"$bytes": base64} (see
// bytesToJson) or a plain Uint8Array, which IndexedDB keeps as it is (cheap for large data such
// as a road graph) and the workspace file writes as {"$bytes": base64}; bytesFromJson reads both.
//
// Opening a file validates all of it first (format, version, every journal entry, every plan)
// and replaces nothing when anything is wrong; if replaying fails half-way, the previous
// workspace is put back.

export const WORKSPACE_FORMAT = 'zouhang-workspace';
export const WORKSPACE_VERSION = 1;
const DB_NAME = 'zouhang';
const DB_STORE = 'workspace';
const KINDS = new Set(['stations', 'enterprises', 'fires']);
const CRS = new Set(['wgs84', 'gcj02', 'bd09']);
// Migrations from older file versions: MIGRATIONS[v](doc) returns the doc in version v + 1.
// Version 1 is the first; there is nothing to migrate yet.
const MIGRATIONS = {};

/** A workspace file or record that cannot be used; the message is for the user (Chinese). */
export class WorkspaceError extends Error {}

/** The local time as ISO 8601 with the UTC offset, e.g. `2026-06-01T20:15:00+08:00`. */
export function isoLocal(d = new Date()) {
  const p = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    `${off >= 0 ? '+' : '-'}${p(off / 60)}:${p(off % 60)}`;
}

// Chinese labels of the registry ids (docs/FIELD.md): what the plan select shows before the title.
const PLAN_LABELS = {
  month: '月度走航计划',
  straw: '秸秆禁烧派单',
  routes: '路线规划',
  'draw-inspection': '双随机检查路线',
  demo: '演示计划',
};

/** The label of a registry entry: `<workflow> · <title> · <HH:MM of made_at>`. */
export function planLabel(id, doc, madeAt) {
  const kind = PLAN_LABELS[id] || (String(id).startsWith('file:') ? '计划文件' : '计划');
  const m = /T(\d{2}:\d{2})/.exec(madeAt || '');
  const day = /^\d{4}-(\d{2})-(\d{2})/.exec(madeAt || '');
  const today = day && madeAt.slice(0, 10) === isoLocal().slice(0, 10);
  const when = m ? `${today ? '' : `${Number(day[1])}月${Number(day[2])}日 `}${m[1]}` : '时间未知';
  return `${kind} · ${(doc && doc.title) || id} · ${when}`;
}

/** The plans of the session: id → {plan (a PlanDocument), made_at}, with change listeners.
 *  Every workflow publishes here (app.plans.set(id, doc), ids in docs/FIELD.md); publishing
 *  again under the same id replaces the entry (a re-plan). The registry stamps `made_at` (local
 *  ISO time) on each set and keeps it across reloads; setting a document equal to the one there
 *  keeps its time (a workflow restoring itself republishes the same plan). */
export class PlanRegistry {
  constructor() {
    this.plans = new Map();
    this.listeners = new Set();
  }
  set(id, doc) {
    const key = String(id);
    const old = this.plans.get(key);
    const same = old && old.made_at && JSON.stringify(old.plan) === JSON.stringify(doc);
    this.plans.set(key, { plan: doc, made_at: same ? old.made_at : isoLocal() });
    this.emit();
  }
  get(id) {
    const e = this.plans.get(String(id));
    return e ? e.plan : undefined;
  }
  /** When the plan under `id` was made (ISO 8601 with offset), or null. */
  madeAt(id) {
    const e = this.plans.get(String(id));
    return e ? e.made_at : null;
  }
  /** The select label of the plan under `id` (see planLabel). */
  label(id) {
    const e = this.plans.get(String(id));
    return e ? planLabel(String(id), e.plan, e.made_at) : String(id);
  }
  delete(id) {
    this.plans.delete(String(id));
    this.emit();
  }
  /** [id, PlanDocument] pairs in publishing order. */
  entries() {
    return [...this.plans.entries()].map(([id, e]) => [id, e.plan]);
  }
  get size() {
    return this.plans.size;
  }
  onChange(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  emit() {
    for (const fn of this.listeners) fn(this);
  }
  toJSON() {
    return [...this.plans.entries()].map(([id, e]) => ({ id, plan: e.plan, made_at: e.made_at }));
  }
  /** Puts a saved list back. Entries saved before plans had a time (no `made_at`) get none and
   *  show "时间未知"; the next publish stamps them. */
  replaceAll(list) {
    this.plans = new Map((list || []).map(({ id, plan, made_at }) => [String(id), { plan, made_at: typeof made_at === 'string' ? made_at : null }]));
    this.emit();
  }
}

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Binary data inside section JSON: {"$bytes": base64}. */
export function bytesToJson(bytes) {
  return { $bytes: toBase64(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) };
}

/** The bytes of a {"$bytes": base64} value (or of a Uint8Array kept as such in IndexedDB);
 *  throws a WorkspaceError when it is neither. */
export function bytesFromJson(v, what) {
  if (v instanceof Uint8Array) return v;
  if (!v || typeof v.$bytes !== 'string') throw new WorkspaceError(`${what}：缺少文件内容`);
  try {
    return fromBase64(v.$bytes);
  } catch {
    throw new WorkspaceError(`${what}：文件内容已损坏（base64 无法解码）`);
  }
}

function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function openDb() {
  return new Promise((resolve, reject) => {
    if (!('indexedDB' in self)) return reject(new Error('浏览器不支持 IndexedDB'));
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(DB_STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error || new Error('无法打开 IndexedDB'));
  });
}

function idb(db, mode, fn) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(DB_STORE, mode);
    const req = fn(tx.objectStore(DB_STORE));
    tx.oncomplete = () => resolve(req && req.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('IndexedDB 事务中止'));
  });
}

/** Checks one journal entry; returns it in memory form (bytes as Uint8Array) or throws. */
function checkEntry(e, i, fromFile) {
  const where = `第 ${i + 1} 项操作`;
  if (!e || typeof e !== 'object') throw new WorkspaceError(`${where}格式不正确`);
  if (e.op === 'clear') {
    if (!KINDS.has(e.kind)) throw new WorkspaceError(`${where}：未知图层「${e.kind}」`);
    return { op: 'clear', kind: e.kind };
  }
  if (e.op !== 'import') throw new WorkspaceError(`${where}：未知操作「${e.op}」`);
  if (!KINDS.has(e.kind)) throw new WorkspaceError(`${where}：未知图层「${e.kind}」`);
  if (!CRS.has(e.crs)) throw new WorkspaceError(`${where}：未知坐标系「${e.crs}」`);
  if (typeof e.name !== 'string') throw new WorkspaceError(`${where}：缺少文件名`);
  let bytes = e.bytes;
  if (fromFile) {
    if (typeof e.bytes_base64 !== 'string') throw new WorkspaceError(`${where}（${e.name}）：缺少文件内容`);
    try {
      bytes = fromBase64(e.bytes_base64);
    } catch {
      throw new WorkspaceError(`${where}（${e.name}）：文件内容已损坏（base64 无法解码）`);
    }
  } else if (!(bytes instanceof Uint8Array)) {
    throw new WorkspaceError(`${where}（${e.name}）：缺少文件内容`);
  }
  // duplicates: 'skip' left out the points the layer already held; entries older than the
  // duplicate check loaded everything, hence 'keep' when the field is missing
  return { op: 'import', kind: e.kind, name: e.name, crs: e.crs, replace: !!e.replace, duplicates: e.duplicates === 'skip' ? 'skip' : 'keep', bytes };
}

export class WorkspaceStore {
  constructor(api) {
    this.api = api;
    this.raw = {};
    this.journal = [];
    this.sections = new Map();
    this.db = null;
    this.timer = null;
    this.lastError = null;
    this.warnings = [];
    // storage faults: what was last written (a failed section keeps its last saved data), which
    // revision of the record this tab has seen (another tab's write is noticed, never lost),
    // and where notices go (main.js sets the status line)
    this.lastSaved = null;
    this.seenRev = null;
    this.tabId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.onNotice = () => {};
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('zouhang-workspace') : null;
    if (this.channel) {
      this.channel.onmessage = (e) => {
        const m = e.data || {};
        if (m.type === 'saved' && m.tab !== this.tabId) {
          this.onNotice('工作区已在另一个标签页中修改并保存；本页再次保存时会覆盖它（被覆盖的内容另存保留）。要接着那边的内容工作，请刷新本页。', true);
        }
      };
    }
  }

  /** A named part of the workspace: save() returns JSON data (or a promise of it),
   *  restore(data) puts it back (data is undefined when the workspace has none), and the
   *  optional validate(data) throws a WorkspaceError for data that cannot be restored, so a
   *  bad file is refused before anything is replaced. Sections restore in registration order;
   *  restore may return a message (kept in store.warnings) when it could not put all back. */
  register(name, handler) {
    this.sections.set(name, handler);
  }

  /** A problem a section met while restoring that did not stop it (say, a replayed draw that
   *  differs from the saved one): the page shows these after a restore or an opened file. */
  warn(message) {
    this.warnings.push(String(message));
  }

  /** Wraps the api calls that change the layers so that they are journaled. */
  track() {
    const api = this.api;
    for (const m of ['importFile', 'clearLayer', 'loadDefaults']) this.raw[m] = api[m];
    api.importFile = async (kind, name, bytes, crs, replace, duplicates = 'keep') => {
      const report = await this.raw.importFile(kind, name, bytes, crs, replace, duplicates);
      if (report && report.loaded > 0) {
        this.journal.push({ op: 'import', kind, name, crs, replace: !!replace, duplicates, bytes: new Uint8Array(bytes) });
        this.changed();
      }
      return report;
    };
    api.clearLayer = async (kind) => {
      await this.raw.clearLayer(kind);
      this.journal.push({ op: 'clear', kind });
      this.changed();
    };
    api.loadDefaults = async () => {
      const r = await this.raw.loadDefaults();
      this.journal = [];
      this.changed();
      return r;
    };
  }

  /** Schedules a save to IndexedDB (not while the workspace is being replaced). */
  changed() {
    clearTimeout(this.timer);
    if (this.busy) return;
    this.timer = setTimeout(() => this.saveNow().catch(() => {}), 200);
  }

  /** The journal and every section's data. A section's save() may return a promise (state
   *  held in the worker's core is read back through the api). */
  async snapshot() {
    const sections = {};
    for (const [name, h] of this.sections) {
      try {
        sections[name] = await h.save();
      } catch (err) {
        // keep what was saved of it before rather than dropping the section from the record
        const prev = this.lastSaved && this.lastSaved.sections ? this.lastSaved.sections[name] : undefined;
        if (prev !== undefined) sections[name] = prev;
        this.onNotice(`「${name}」部分本次未能保存（${err.message || err}），保留上次保存的内容`, true);
      }
    }
    return { journal: [...this.journal], sections };
  }

  /** Writes the workspace to IndexedDB as one record in one transaction, so a crash or a
   *  failed write leaves the previous record whole. A record written by another tab since this
   *  tab last read or wrote is kept aside (`overwritten-<time>`) before it is replaced, and the
   *  user is told; a full quota leaves the previous record and says so. */
  async saveNow() {
    clearTimeout(this.timer);
    let overwritten = null;
    let failure = null;
    try {
      this.db = this.db || (await openDb());
      const snap = await this.snapshot();
      const rev = `${this.tabId}:${Date.now()}`;
      const rec = { format: WORKSPACE_FORMAT, version: WORKSPACE_VERSION, saved_at: new Date().toISOString(), rev, tab: this.tabId, ...snap };
      await idb(this.db, 'readwrite', (store) => {
        const get = store.get('current');
        get.onsuccess = () => {
          try {
            const cur = get.result;
            if (cur && cur.rev && cur.rev !== this.seenRev && cur.tab !== this.tabId) {
              overwritten = cur;
              store.put(cur, `overwritten-${Date.now()}`);
            }
            store.put(rec, 'current');
          } catch (e) {
            failure = e; // abort the whole write; the transaction's own error says less than this one
            try {
              store.transaction.abort();
            } catch {
              // already aborted
            }
          }
        };
        return get;
      });
      this.seenRev = rev;
      this.lastSaved = rec;
      if (this.lastError) this.onNotice('工作区已保存');
      this.lastError = null;
      if (this.channel) this.channel.postMessage({ type: 'saved', tab: this.tabId, rev });
      if (overwritten) {
        this.onNotice(`另一个标签页在 ${overwritten.saved_at || '稍早'} 保存的工作区已被本页覆盖；那份内容已另存在浏览器存储中（overwritten-…），未丢失`, true);
      }
    } catch (caught) {
      const err = failure || caught;
      const quota = err && (err.name === 'QuotaExceededError' || /quota/i.test(String(err.message)));
      this.lastError = quota
        ? '浏览器存储空间已满，本次更改未保存；上次保存的工作区保持不变。请导出工作区文件，或删除不需要的导入文件、照片后再试'
        : `无法保存到浏览器存储：${err.message || err}；上次保存的工作区保持不变`;
      this.onNotice(this.lastError, true);
      throw err;
    }
  }

  /** Restores the workspace kept in IndexedDB (after the defaults are loaded). Returns a
   *  summary {imports, sections} or null when there was nothing; never throws. */
  async restore() {
    let rec;
    clearTimeout(this.timer);
    try {
      this.db = this.db || (await openDb());
      rec = await idb(this.db, 'readonly', (s) => s.get('current'));
    } catch (err) {
      this.lastError = `浏览器存储不可用，工作区不会自动保存：${err.message || err}`;
      return null;
    }
    if (!rec) return null;
    this.seenRev = rec.rev || null;
    this.lastSaved = rec;
    try {
      if (rec.format !== WORKSPACE_FORMAT || rec.version !== WORKSPACE_VERSION) throw new WorkspaceError('版本不符');
      const journal = (rec.journal || []).map((e, i) => checkEntry(e, i, false));
      // what was read is what is stored: no write back (another tab's later write stays its own)
      await this.apply({ journal, sections: rec.sections || {} }, { save: false });
      return { imports: journal.filter((e) => e.op === 'import').length, sections: Object.keys(rec.sections || {}) };
    } catch (err) {
      // keep the unreadable record aside instead of overwriting it, and start clean
      await idb(this.db, 'readwrite', (s) => s.put(rec, `broken-${Date.now()}`)).catch(() => {});
      this.lastError = `浏览器中保存的工作区无法恢复（${err.message}），已使用默认数据`;
      await this.raw.loadDefaults();
      this.journal = [];
      return null;
    }
  }

  async apply({ journal, sections }, { save = true } = {}) {
    clearTimeout(this.timer);
    this.busy = true;
    this.warnings = [];
    try {
      await this.raw.loadDefaults();
      for (const e of journal) {
        if (e.op === 'import') await this.raw.importFile(e.kind, e.name, e.bytes, e.crs, e.replace, e.duplicates || 'keep');
        else if (e.op === 'clear') await this.raw.clearLayer(e.kind);
      }
      this.journal = [...journal];
      // a section that restores what it can returns a message for the rest (or calls warn())
      for (const [name, h] of this.sections) {
        const warning = await h.restore(sections[name]);
        if (typeof warning === 'string' && warning) this.warnings.push(warning);
      }
    } finally {
      this.busy = false;
    }
    if (save) this.changed();
  }

  /** The whole workspace as the text of a workspace file. */
  async toFileText() {
    const snap = await this.snapshot();
    return JSON.stringify(
      {
        format: WORKSPACE_FORMAT,
        version: WORKSPACE_VERSION,
        saved_at: new Date().toISOString(),
        journal: snap.journal.map((e) =>
          e.op === 'import'
            ? { op: 'import', kind: e.kind, name: e.name, crs: e.crs, replace: e.replace, duplicates: e.duplicates || 'keep', bytes_base64: toBase64(e.bytes) }
            : e,
        ),
        sections: snap.sections,
      },
      // large binary sections (a road graph) stay Uint8Array in IndexedDB; in the file they go as base64
      (_key, value) => (value instanceof Uint8Array ? bytesToJson(value) : value),
      1,
    );
  }

  /** Validates a workspace file completely; returns {journal, sections} or throws a
   *  WorkspaceError with a message for the user. Changes nothing. */
  async parseFile(text) {
    let doc;
    try {
      doc = JSON.parse(String(text).replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new WorkspaceError(`文件已损坏或不是工作区文件（JSON 无法解析：${err.message}）`);
    }
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new WorkspaceError('不是走航工作区文件');
    if (doc.format === 'zouhang-plan' || (doc.plan && typeof doc.plan === 'object')) {
      throw new WorkspaceError('这是计划文件，不是工作区文件：请用“打开计划文件”');
    }
    if (doc.format !== WORKSPACE_FORMAT) throw new WorkspaceError(`不是走航工作区文件（format 为「${doc.format ?? '无'}」）`);
    if (!Number.isInteger(doc.version)) throw new WorkspaceError('工作区文件缺少版本号');
    if (doc.version > WORKSPACE_VERSION) {
      throw new WorkspaceError(`此工作区文件由更新版本的走航规划工具保存（版本 ${doc.version}，本程序支持到 ${WORKSPACE_VERSION}）：请升级后再打开`);
    }
    for (let v = doc.version; v < WORKSPACE_VERSION; v++) {
      if (!MIGRATIONS[v]) throw new WorkspaceError(`版本 ${doc.version} 的工作区文件无法迁移到当前版本`);
      doc = MIGRATIONS[v](doc);
    }
    if (!Array.isArray(doc.journal)) throw new WorkspaceError('工作区文件缺少图层操作记录（journal）');
    const journal = doc.journal.map((e, i) => checkEntry(e, i, true));
    const sections = doc.sections && typeof doc.sections === 'object' ? doc.sections : {};
    const plans = sections.plans ?? [];
    if (!Array.isArray(plans)) throw new WorkspaceError('工作区中的计划列表格式不正确');
    for (const [i, p] of plans.entries()) {
      if (!p || typeof p.id !== 'string' || !p.plan || typeof p.plan !== 'object') {
        throw new WorkspaceError(`第 ${i + 1} 个计划格式不正确`);
      }
      if (p.made_at != null && (typeof p.made_at !== 'string' || Number.isNaN(Date.parse(p.made_at)))) {
        throw new WorkspaceError(`计划「${p.id}」的生成时间（made_at）不是有效时间`);
      }
      let issues;
      try {
        issues = await this.api.validatePlan(p.plan);
      } catch (err) {
        throw new WorkspaceError(`计划「${p.id}」格式不正确：${err.message}`);
      }
      const bad = issues.filter((x) => x.severity === 'error');
      if (bad.length) throw new WorkspaceError(`计划「${p.plan.title || p.id}」有错误：${bad[0].message}（${bad[0].field ?? ''}）`);
    }
    // sections that can check their own data (handler.validate(data) throws a WorkspaceError)
    for (const [name, h] of this.sections) {
      if (h.validate && sections[name] !== undefined) await h.validate(sections[name]);
    }
    return { journal, sections };
  }

  /** Opens a workspace file: validates everything, then replaces the workspace. On any
   *  problem the current workspace stays as it was and a WorkspaceError is thrown. */
  async openFileText(text) {
    const parsed = await this.parseFile(text);
    const before = await this.snapshot();
    try {
      await this.apply(parsed);
    } catch (err) {
      await this.apply({ journal: before.journal, sections: before.sections }).catch(() => {});
      throw new WorkspaceError(`打开失败，已恢复原工作区：${err.message}`);
    }
    await this.saveNow().catch(() => {});
    return { imports: parsed.journal.filter((e) => e.op === 'import').length };
  }
}
