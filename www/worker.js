// The Web Worker that hosts the wasm core, so that no computation ever blocks the page.
// Messages in: {id, method, args}; out: {id, ok, result} | {id, ok: false, error} and, for
// long jobs, {id, progress}. Only methods of the Workspace object can be called.
import init, { SolveSession, Workspace, version } from './pkg/zouhang.js';

let workspace = null;
const ready = init().then(() => {
  workspace = new Workspace();
});

// Methods whose last argument is a progress callback: progress goes out as {id, progress}.
const WITH_PROGRESS = new Set(['planMonth']);

const extra = {
  version: () => version(),
};

// Route planning: the search runs in steps of ~50 ms; after each step the progress goes to the
// page and the worker yields, so that a `solveCancel` message gets through.
let activeSolve = null;
async function solve(id, request) {
  // Along roads when a road graph is loaded (roads tab); straight-line estimates otherwise.
  const road = workspace.solveRoadCosts(request);
  const session = road
    ? SolveSession.withMatrix(request, road.n, road.durations_s, road.distances_m)
    : new SolveSession(request);
  const job = { cancelled: false };
  if (activeSolve) activeSolve.cancelled = true;
  activeSolve = job;
  try {
    for (;;) {
      const progress = session.step(50);
      self.postMessage({ id, progress });
      if (progress.done) break;
      if (job.cancelled) {
        session.cancel();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const best = session.best();
    best.along_roads = !!road;
    best.road_problems = road ? road.problems : 0;
    return best;
  } finally {
    session.free();
    if (activeSolve === job) activeSolve = null;
  }
}
extra.solveCancel = () => {
  if (activeSolve) activeSolve.cancelled = true;
  return true;
};
extra.solveValidate = (request) => SolveSession.validate(request);

self.onmessage = async (event) => {
  const { id, method, args = [] } = event.data || {};
  try {
    await ready;
    if (method === 'solve') {
      self.postMessage({ id, ok: true, result: await solve(id, ...args) });
      return;
    }
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
