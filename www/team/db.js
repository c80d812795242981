// Team mode's storage: one IndexedDB database, written on every change, so a reload or a killed
// tab loses nothing. Stores: routes (opened links), records (stop marks, verifications,
// measuring segments), photos (downscaled JPEG blobs), drafts (a verification being typed, with
// its photos), meta (device id, current route, settings).

const DB_NAME = 'zouhang-team';
const DB_VERSION = 1;

function req(r) {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
}

export class TeamDb {
  static async open() {
    const r = indexedDB.open(DB_NAME, DB_VERSION);
    r.onupgradeneeded = () => {
      const db = r.result;
      db.createObjectStore('routes', { keyPath: 'key' });
      db.createObjectStore('records', { keyPath: 'id' }).createIndex('route', 'route_key');
      db.createObjectStore('photos', { keyPath: 'id' }).createIndex('route', 'route_key');
      db.createObjectStore('drafts', { keyPath: 'key' });
      db.createObjectStore('meta', { keyPath: 'k' });
    };
    return new TeamDb(await req(r));
  }

  constructor(db) {
    this.db = db;
  }

  /** Runs `fn(stores)` in one read-write transaction and waits until it is on disk. */
  async write(names, fn) {
    const tx = this.db.transaction(names, 'readwrite', { durability: 'strict' });
    const stores = Object.fromEntries(names.map((n) => [n, tx.objectStore(n)]));
    const done = new Promise((ok, fail) => {
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
      tx.onabort = () => fail(tx.error || new Error('存储被中止'));
    });
    fn(stores);
    await done;
  }

  put(store, value) {
    return this.write([store], (s) => s[store].put(value));
  }

  delete(store, key) {
    return this.write([store], (s) => s[store].delete(key));
  }

  get(store, key) {
    return req(this.db.transaction(store).objectStore(store).get(key));
  }

  all(store) {
    return req(this.db.transaction(store).objectStore(store).getAll());
  }

  byRoute(store, routeKey) {
    return req(this.db.transaction(store).objectStore(store).index('route').getAll(routeKey));
  }

  async meta(k, fallback = null) {
    const row = await this.get('meta', k);
    return row ? row.v : fallback;
  }

  setMeta(k, v) {
    return this.put('meta', { k, v });
  }
}

/** A random id (uuid v4 where the browser has it). */
export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** The local time as ISO 8601 with the UTC offset, e.g. `2026-06-01T20:15:00+08:00`. */
export function isoLocal(d = new Date()) {
  const p = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    `${off >= 0 ? '+' : '-'}${p(off / 60)}:${p(off % 60)}`;
}
