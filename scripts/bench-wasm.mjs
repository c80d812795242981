// Runs one benchmark export of the Node build (scripts/bench-wasm.sh) and prints its JSON.
//   node scripts/bench-wasm.mjs benchSpatial '[100000, 1000, 3000, 42]'
// BENCH_WASM_DIR picks another build (default target/bench-wasm).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const wasm = require(resolve(process.env.BENCH_WASM_DIR || 'target/bench-wasm', 'zouhang.js'));
const [name, argsJson = '[]'] = process.argv.slice(2);
if (typeof wasm[name] !== 'function') {
  console.error(`no such benchmark export: ${name}`);
  process.exit(2);
}
const args = JSON.parse(argsJson).map((a) => (Number.isInteger(a) && a > 2 ** 31 ? BigInt(a) : a));
const out = wasm[name](...args);
process.stdout.write(typeof out === 'string' ? out : JSON.stringify(out));
