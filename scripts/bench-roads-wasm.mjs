// Runs the road-engine benchmark in the Node build of the wasm module (scripts/bench-wasm.sh)
// and prints its figures as JSON:
//   node scripts/bench-roads-wasm.mjs csv NODES.csv EDGES.csv '{"seed":1,...}'
//   node scripts/bench-roads-wasm.mjs routrs highways.json.gz '' '{"seed":1,...}'
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const wasm = require(resolve('target/bench-wasm/zouhang.js'));
const [kind, fileA, fileB, params] = process.argv.slice(2);
const a = readFileSync(fileA);
const b = fileB ? readFileSync(fileB) : new Uint8Array();
process.stdout.write(wasm.benchRoads(kind, a, b, params));
