// The Web Worker that hosts the wasm core, so that no computation ever blocks the page.
// Messages in: {id, method, args}; out: {id, ok, result} | {id, ok: false, error} and, for
// long jobs, {id, progress}. Only methods of the Workspace object can be called.
import init, { Workspace, version } from './pkg/zouhang.js';

let workspace = null;
const ready = init().then(() => {
  workspace = new Workspace();
});

// Methods whose last argument is a progress callback: progress goes out as {id, progress}.
const WITH_PROGRESS = new Set(['planMonth']);

const extra = {
  version: () => version(),
};

self.onmessage = async (event) => {
  const { id, method, args = [] } = event.data || {};
  try {
    await ready;
    let fn = extra[method];
    if (!fn) {
      const m = workspace[method];
      if (typeof m !== 'function' || method.startsWith('_') || method === 'free') {
        throw new Error(`未知操作：${method}`);
      }
      fn = (...a) => m.apply(workspace, a);
    }
    const callArgs = WITH_PROGRESS.has(method)
      ? [...args, (progress) => self.postMessage({ id, progress })]
      : args;
    const result = await fn(...callArgs);
    self.postMessage({ id, ok: true, result });
  } catch (err) {
    self.postMessage({ id, ok: false, error: String((err && err.message) || err) });
  }
};
