// The team's records (docs/FIELD.md, format zouhang-team-records): what a stop's state is, which
// stop is next, the straw verification rules (the same as the dispatcher's form and the core's
// `validate_verification`), and the export file with its photos.
import { blobBase64 } from './photos.js';
import { isoLocal } from './db.js';

export const STATUS_LABELS = { arrived: '已到达', done: '已完成', skipped: '已跳过' };
export const FINDING_KINDS = [['straw', '秸秆'], ['garbage', '垃圾'], ['other', '其他'], ['false_alarm', '误报']];
/** Key cases (重点案件): straw fires from 200 m², garbage fires from 20 m². */
export const KEY_CASE_M2 = { straw: 200, garbage: 20 };

/** Stops that are visited (not the depot at either end). */
export function visits(route) {
  return route.stops.filter((s) => s.kind !== 'depot');
}

/** stop id → {status, at, reason} from the latest stop record of each stop. */
export function stopStates(records) {
  const out = new Map();
  for (const r of [...records].filter((x) => x.kind === 'stop').sort((a, b) => a.seq - b.seq)) {
    out.set(r.stop_id, { status: r.status, at: r.at, reason: r.reason || '' });
  }
  return out;
}

/** The first visit not done and not skipped; after the last one the closing depot, if any. */
export function nextStop(route, states) {
  const open = route.stops.find((s) => s.kind !== 'depot' && !['done', 'skipped'].includes(states.get(s.id)?.status));
  if (open) return open;
  const last = route.stops[route.stops.length - 1];
  return last && last.kind === 'depot' && route.stops.length > 1 ? last : null;
}

/** The navigation leg to a stop: the first leg whose stops run past the stop before it. */
export function legTo(legs, route, stop) {
  const seq = route.stops.indexOf(stop) + 1;
  return legs.find((l) => l.from < seq && seq <= l.to) || legs.find((l) => l.to >= seq) || legs[legs.length - 1] || null;
}

/** The problems of a verification (empty when it can be saved), as the core checks them. */
export function verificationProblems(v) {
  const p = [];
  const burned = ['straw', 'garbage', 'other'].includes(v.kind);
  if (v.area_m2 != null && !(Number.isFinite(v.area_m2) && v.area_m2 >= 0 && v.area_m2 <= 10_000_000)) {
    p.push('过火面积无效，应在 0–10,000,000 m² 之间');
  }
  if (v.found && !v.kind) p.push('已发现火情时请选择类型（秸秆、垃圾、其他或误报）');
  if (!v.found && v.kind && v.kind !== 'false_alarm') {
    const label = Object.fromEntries(FINDING_KINDS)[v.kind];
    p.push(`未发现火情时类型不能是「${label}」：请改为已发现，或选择误报/不选`);
  }
  if (v.area_m2 > 0 && !burned) p.push('未发现火情或误报时不应填写过火面积');
  return p;
}

/** True for a straw fire ≥ 200 m² or a garbage fire ≥ 20 m². */
export function isKeyCase(v) {
  const t = KEY_CASE_M2[v.kind];
  return t != null && v.area_m2 != null && v.area_m2 >= t;
}

/** Distance in metres on the sphere (same radius as the core's geodesy). */
export function haversineM(a, b) {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The fields of a record as the file carries them (without the phone's bookkeeping). */
function fileRecord(r) {
  const out = { id: r.id, kind: r.kind, at: r.at };
  if (r.stop_id != null) out.stop_id = r.stop_id;
  if (r.kind === 'stop') {
    out.status = r.status;
    if (r.status === 'skipped') out.reason = r.reason;
  }
  out.location = r.location || null;
  if (r.accuracy_m != null) out.accuracy_m = r.accuracy_m;
  if (r.kind === 'verification') {
    out.verification = r.verification;
    out.photos = r.photos || [];
  }
  return out;
}

/** Size of what an export of these records and photos would write, bytes (base64 included). */
export function exportSize(records, photos) {
  const json = JSON.stringify(records.map(fileRecord)).length + 600;
  return json + photos.reduce((n, p) => n + Math.ceil(p.bytes / 3) * 4 + 200, 0);
}

/** The records file of a route: {name, text}. Photos of records not in `records` stay out. */
export async function buildExport(doc, device, records, photos) {
  const ids = new Set(records.map((r) => r.id));
  const list = [];
  for (const p of photos.filter((x) => ids.has(x.record_id))) {
    list.push({ id: p.id, record_id: p.record_id, type: p.type, width: p.width, height: p.height, bytes: p.bytes, data: await blobBase64(p.blob) });
  }
  const now = isoLocal();
  const file = {
    format: 'zouhang-team-records',
    version: 1,
    plan: { id: doc.plan.id, kind: doc.plan.kind || '', title: doc.plan.title || '', made_at: doc.plan.made_at || '' },
    route: { id: doc.route.id, name: doc.route.name || '', team: doc.route.team || '' },
    device,
    exported_at: now,
    records: [...records].sort((a, b) => a.seq - b.seq).map(fileRecord),
    photos: list,
  };
  const who = (doc.route.team || doc.route.name || doc.route.id).replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
  const name = `${who}_${now.slice(0, 10).replace(/-/g, '')}_${now.slice(11, 16).replace(':', '')}.zhrec.json`;
  return { name, text: JSON.stringify(file) };
}
