// DOM helpers. User text only ever reaches the page through textContent, never as HTML.

/** Creates an element: el('td', {class: 'num', dataset: {id: 'x'}}, 'text' | Node | [children]). */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    // through the CSSOM: a style attribute would break the page's Content-Security-Policy
    else if (k === 'style' && typeof v === 'string') node.style.cssText = v;
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== 'string') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of [].concat(children)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Removes all children of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Offers text as a file download. */
export function download(name, text, type = 'text/plain;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A definition list (for popups) from [label, value] pairs, skipping empty values. */
export function details(title, pairs) {
  const dl = el('dl');
  for (const [k, v] of pairs) {
    if (v === undefined || v === null || v === '') continue;
    dl.append(el('dt', {}, k), el('dd', {}, String(v)));
  }
  return el('div', { class: 'popup' }, [el('h3', {}, title), dl]);
}

export const fmt = {
  m: (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} km` : `${Math.round(v)} m`),
  deg: (v) => `${Number(v).toFixed(1)}°`,
  int: (v) => Number(v).toLocaleString('zh-CN'),
};

/** Shows a message in the top bar. */
export function setStatus(text, isError = false) {
  const s = document.getElementById('status');
  if (!s) return;
  s.textContent = text;
  s.classList.toggle('error', isError);
}
