// Downloading the roads of a box from an Overpass endpoint: progress as bytes arrive, a size
// limit enforced while reading (the download stops there), and a clear message when offline.
// `fetchImpl` is injectable so the logic can be tested without a network.

export const OFFLINE_MESSAGE =
  '当前处于离线状态，无法连接 Overpass：请联网后重试，或在"路网"页导入本地 .osm.pbf / .osm / .zhg 文件';

/**
 * POSTs `query` to `endpoint`; resolves to the answer's bytes (Uint8Array).
 * onProgress(receivedBytes, totalBytesOrNull) is called as data arrives.
 */
export async function fetchOverpass({ endpoint, query, maxBytes, onProgress = () => {}, signal, fetchImpl = fetch }) {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) throw new Error(OFFLINE_MESSAGE);
  const allowed = connectAllowed(endpoint);
  if (!allowed.ok) {
    throw new Error(
      `本页的安全策略只允许连接 ${allowed.hosts.join('、') || '本站'}，不能连接 ${endpoint}：请清空服务地址以使用默认的 Overpass 服务，` +
        '或由管理员把该地址加入 index.html 的 Content-Security-Policy（connect-src）',
    );
  }
  let res;
  try {
    res = await fetchImpl(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ data: query }).toString(),
      signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw new Error('已取消下载');
    throw new Error(`无法连接 Overpass 服务（${endpoint}）：${OFFLINE_MESSAGE}`);
  }
  if (!res.ok) {
    throw new Error(
      `Overpass 服务返回 ${res.status}${res.status === 429 || res.status === 504 ? '（服务器繁忙）' : ''}：请稍后重试、缩小地图范围或更换服务地址`,
    );
  }
  const declared = Number(res.headers.get('content-length')) || null;
  const tooBig = (n) =>
    new Error(`Overpass 返回的数据超过 ${(maxBytes / 1e6).toFixed(0)} MB（已收到 ${(n / 1e6).toFixed(1)} MB）：请放大地图、缩小范围后重试`);
  if (declared && declared > maxBytes) throw tooBig(declared);
  const chunks = [];
  let received = 0;
  if (res.body && res.body.getReader) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooBig(received);
      }
      chunks.push(value);
      onProgress(received, declared);
    }
  } else {
    const buf = new Uint8Array(await res.arrayBuffer());
    received = buf.byteLength;
    if (received > maxBytes) throw tooBig(received);
    chunks.push(buf);
    onProgress(received, declared);
  }
  const out = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Whether the page's Content-Security-Policy (its `<meta>`) lets it connect to `url`:
 *  {ok, hosts} with the hosts it allows besides the page's own. Outside a page: always ok. */
export function connectAllowed(url) {
  if (typeof document === 'undefined') return { ok: true, hosts: [] };
  const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  const policy = meta ? meta.getAttribute('content') || '' : '';
  const directive = (name) => {
    const d = policy.split(';').map((x) => x.trim().split(/\s+/)).find((x) => x[0] === name);
    return d ? d.slice(1) : null;
  };
  const sources = directive('connect-src') || directive('default-src');
  if (!sources) return { ok: true, hosts: [] };
  let target;
  try {
    target = new URL(url, location.href);
  } catch {
    return { ok: true, hosts: [] }; // a bad address fails with its own message
  }
  const hosts = sources.filter((x) => /^https?:/.test(x));
  const ok = sources.some((src) => {
    if (src === "'self'") return target.origin === location.origin;
    const m = src.match(/^(https?):\/\/(\*\.)?([^/:]+)/);
    if (!m || `${m[1]}:` !== target.protocol) return false;
    return m[2] ? target.hostname.endsWith(`.${m[3]}`) : target.hostname === m[3];
  });
  return { ok, hosts };
}
