// Reading a team link (docs/FIELD.md, format zouhang-team-route version 1): the fragment
// `r1.<base64url of raw-DEFLATE JSON>` back to the route, checked before anything is kept.
// Every failure is a TeamLinkError with a message for the team (Chinese).

export class TeamLinkError extends Error {}

const PREFIX = 'r1.';

/** The `r1.…` payload in a link, a fragment or a `.zhroute` file's text; null when there is none. */
export function findPayload(text) {
  const s = String(text || '').trim();
  const hash = s.indexOf('#');
  const frag = (hash >= 0 ? s.slice(hash + 1) : s).trim();
  return frag.startsWith(PREFIX) ? frag : null;
}

function fromBase64url(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new TeamLinkError('链接中有不应出现的字符（可能被聊天软件改动或截断）');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  let bin;
  try {
    bin = atob(b64);
  } catch {
    throw new TeamLinkError('链接不完整（可能被截断）');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out;
}

async function inflate(bytes) {
  if (typeof DecompressionStream === 'undefined') throw new TeamLinkError('此浏览器太旧，无法读取路线链接：请用新版 Chrome、Edge、Safari 或微信以外的浏览器打开');
  try {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return await new Response(stream).text();
  } catch {
    throw new TeamLinkError('链接内容无法解压（链接不完整或已损坏）');
  }
}

const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);
const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** Checks the decoded JSON; returns the route object or throws with the first problem. */
export function checkTeamRoute(doc) {
  if (!isObj(doc) || doc.format !== 'zouhang-team-route') throw new TeamLinkError('这不是走航路线链接');
  if (doc.version !== 1) throw new TeamLinkError(`路线链接版本 ${doc.version} 不受支持：请更新本页面（联网刷新）后再打开`);
  if (!isObj(doc.plan) || typeof doc.plan.id !== 'string') throw new TeamLinkError('路线链接缺少计划标识（plan.id）');
  const r = doc.route;
  if (!isObj(r) || typeof r.id !== 'string' || !Array.isArray(r.stops)) throw new TeamLinkError('路线链接缺少路线或停靠点');
  r.stops.forEach((s, i) => {
    if (!isObj(s) || typeof s.id !== 'string' || !isObj(s.location) || !isNum(s.location.lon) || !isNum(s.location.lat)) {
      throw new TeamLinkError(`路线链接第 ${i + 1} 个停靠点缺少编号或坐标`);
    }
  });
  if (typeof doc.line !== 'string') doc.line = '';
  if (!isObj(doc.nav)) doc.nav = { amap: [], baidu: [] };
  for (const k of ['amap', 'baidu']) if (!Array.isArray(doc.nav[k])) doc.nav[k] = [];
  return doc;
}

/** Decodes a `r1.…` payload to the checked team route. */
export async function decodePayload(payload) {
  if (!payload || !payload.startsWith(PREFIX)) throw new TeamLinkError('链接中没有路线（应以 #r1. 开头）');
  const text = await inflate(fromBase64url(payload.slice(PREFIX.length)));
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new TeamLinkError('链接内容不是有效的路线数据');
  }
  return checkTeamRoute(doc);
}

/** Google's encoded polyline (precision 1e-5) to [[lat, lon], …]; stops at a damaged end. */
export function decodePolyline(s) {
  const out = [];
  let i = 0;
  let lat = 0;
  let lon = 0;
  const next = () => {
    let shift = 0;
    let v = 0;
    for (;;) {
      if (i >= s.length) return null;
      const c = s.charCodeAt(i++) - 63;
      v |= (c & 0x1f) << shift;
      shift += 5;
      if (c < 0x20) break;
      if (shift > 30) return null;
    }
    return v & 1 ? ~(v >> 1) : v >> 1;
  };
  while (i < s.length) {
    const a = next();
    const b = next();
    if (a === null || b === null) break;
    lat += a;
    lon += b;
    out.push([lat / 1e5, lon / 1e5]);
  }
  return out;
}

/** The key a route is kept under on this phone: plan id, plan time, route id. */
export function routeKey(doc) {
  return `${doc.plan.id}|${doc.plan.made_at || ''}|${doc.route.id}`;
}
